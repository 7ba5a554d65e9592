import {
  accessFromWire,
  availabilityFromWire,
  type Byoc,
  ByocError,
  type CustomCloud,
  createInputFromWire,
  patchFromWire,
  permissionsToWire,
  terraformTemplateEnvelope,
  terraformVariablesEnvelope,
  toWire,
} from '@byoc-kit/core';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse, httpError } from './http-errors.js';
import { addOnboarding, type OnboardingOptions } from './onboarding/onboarding-routes.js';
import { jsonBody, maximumBodyBytes } from './request-body.js';

/** Where the custom clouds of an organization are. */
export const cloudsPath = '/v1/organization/:organizationId/custom-cloud-environments';

/** Where a customer's stack registers the role it created (the AWS provider's `selfRegistration.callbackUrl`). */
export const registrationsPath = '/v1/byoc-kit/registrations';

/** What the routes report besides their answers. */
export interface VendorAppOptions {
  /** Errors that are not a ByocError (a bug, a store down): answered with a bare 500, given here to log. */
  onUnexpectedError?: (error: unknown) => void;
  /** Serves the customer's onboarding page at `/onboarding/<organization id>`, offering these providers. */
  onboarding?: OnboardingOptions;
}

/**
 * Aiven's custom-cloud-environment API on byoc-kit, route for route as Aiven's CLI (`avn byoc`)
 * calls it. The wire mapping (provider names, tag prefix, permissions, template envelopes, field
 * names in errors) is core's; these routes only check the organization and pick the call.
 */
export function createVendorApp(byoc: Byoc, options: VendorAppOptions = {}): Hono {
  const app = new Hono();

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: maximumBodyBytes,
      onError: () => {
        throw httpError('BODY_TOO_LARGE', 'The body is larger than 1 MiB.');
      },
    }),
  );

  app.onError((error, context) => {
    if (!ByocError.isInstance(error)) options.onUnexpectedError?.(error);
    const { status, body } = errorResponse(error);
    return context.json(body, status as 400);
  });
  app.notFound((context) => {
    throw httpError(
      'ROUTE_NOT_FOUND',
      `No route ${context.req.method} ${new URL(context.req.url).pathname}; routes are under /v1/organization/{organization_id}/custom-cloud-environments.`,
    );
  });

  const ownedBy = async (organizationId: string, id: string): Promise<CustomCloud> => {
    const cloud = await byoc.get(id);
    if (cloud.organizationId !== organizationId) {
      throw new ByocError({ code: 'CUSTOM_CLOUD_NOT_FOUND', message: `No custom cloud ${id} in organization ${organizationId}.` });
    }
    return cloud;
  };
  const owned = (context: Context) => ownedBy(context.req.param('organizationId') as string, context.req.param('id') as string);
  const document = (context: Context, cloud: CustomCloud, status: 200 | 201 = 200) => {
    context.header('etag', `"${cloud.version}"`);
    return context.json(toWire(cloud), status);
  };

  app.get(cloudsPath, async (context) => {
    const clouds = await byoc.list({ organizationId: context.req.param('organizationId') });
    return context.json({ custom_cloud_environments: clouds.map((cloud) => toWire(cloud).custom_cloud_environment) });
  });

  app.post(cloudsPath, async (context) => {
    const input = createInputFromWire(await jsonBody(context), context.req.param('organizationId'));
    return document(context, await byoc.create(input), 201);
  });

  // Aiven's API has no read by id; its CLI reads with an empty PUT. This GET is byoc-kit's own.
  app.get(`${cloudsPath}/:id`, async (context) => document(context, await owned(context)));

  app.put(`${cloudsPath}/:id`, async (context) => {
    const body = await jsonBody(context);
    const cloud = await owned(context);
    const patch = patchFromWire(body, cloud);
    if (Object.keys(patch).length === 0) return document(context, cloud);
    return document(context, await byoc.update(cloud.id, patch, expectedVersion(context)));
  });

  app.delete(`${cloudsPath}/:id`, async (context) => {
    const cloud = await owned(context);
    const force = context.req.query('force');
    if (force !== undefined && force !== 'true' && force !== 'false') {
      throw httpError('INPUT_INVALID', `force is ${JSON.stringify(force.slice(0, 16))}; use force=true or force=false.`);
    }
    const { cloud: deleted, teardown } = await byoc.delete(cloud.id, { force: force === 'true' });
    return context.json({ ...toWire(deleted), teardown });
  });

  // Self-registration: the customer's CloudFormation stack posts { roleArn, stackId, token } here.
  app.post(registrationsPath, async (context) => context.json(toWire(await byoc.acceptRegistration(await jsonBody(context)))));

  app.post(`${cloudsPath}/:id/provision`, async (context) => {
    const access = accessFromWire(await jsonBody(context));
    const cloud = await owned(context);
    return document(context, await byoc.submitAccess(cloud.id, access));
  });

  app.get(`${cloudsPath}/:id/permissions`, async (context) => context.json(permissionsToWire((await owned(context)).availability)));

  app.put(`${cloudsPath}/:id/permissions`, async (context) => {
    const availability = availabilityFromWire(await jsonBody(context));
    const cloud = await owned(context);
    const changed = await byoc.permissions.set(cloud.id, availability, expectedVersion(context));
    return context.json(permissionsToWire(changed.availability));
  });

  app.get(`${cloudsPath}/:id/infra-templates/terraform/template`, async (context) => {
    const cloud = await owned(context);
    return context.json(terraformTemplateEnvelope(await byoc.getTemplate(cloud.id, { format: 'terraform' })));
  });

  app.get(`${cloudsPath}/:id/infra-templates/terraform/variables`, async (context) => {
    const cloud = await owned(context);
    return context.json(terraformVariablesEnvelope(await byoc.getTemplate(cloud.id, { format: 'terraform' })));
  });

  if (options.onboarding) addOnboarding(app, byoc, options.onboarding, ownedBy);

  const allowed: Record<string, string> = {
    [cloudsPath]: 'GET or POST',
    [`${cloudsPath}/:id`]: 'GET, PUT or DELETE',
    [`${cloudsPath}/:id/provision`]: 'POST',
    [`${cloudsPath}/:id/permissions`]: 'GET or PUT',
    [`${cloudsPath}/:id/infra-templates/terraform/template`]: 'GET',
    [`${cloudsPath}/:id/infra-templates/terraform/variables`]: 'GET',
  };
  for (const [path, methods] of Object.entries(allowed)) {
    app.all(path, (context) => {
      throw httpError('METHOD_NOT_ALLOWED', `${context.req.method} is not allowed here; use ${methods}.`);
    });
  }
  return app;
}

function expectedVersion(context: Context): { expectedVersion?: number } {
  const match = /^"?(\d{1,15})"?$/.exec(context.req.header('if-match') ?? '');
  return match ? { expectedVersion: Number(match[1]) } : {};
}
