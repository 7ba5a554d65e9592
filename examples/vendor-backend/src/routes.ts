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
import type { Authenticate } from './auth/authenticate.js';
import { createRateLimiter, type RateLimiter, type RateLimitSettings } from './auth/rate-limit.js';
import { errorResponse, httpError } from './http-errors.js';
import { addOnboarding, type OnboardingOptions, onboardingApiPath } from './onboarding/onboarding-routes.js';
import { jsonBody, maximumBodyBytes } from './request-body.js';
import { authenticated, forOrganization, fullAccess, limited, type VendorEnv } from './route-guards.js';
import { addStatus, type StatusOptions } from './status/status-routes.js';
import { serverSpans } from './telemetry/server-spans.js';

/** Where the custom clouds of an organization are. */
export const cloudsPath = '/v1/organization/:organizationId/custom-cloud-environments';

/** Where a customer's stack registers the role it created (the AWS provider's `selfRegistration.callbackUrl`). */
export const registrationsPath = '/v1/byoc-kit/registrations';

/** How the routes decide who calls, and what they report besides their answers. */
export interface VendorAppOptions {
  /**
   * Who is calling: every route but the self-registration callback (which its signed token
   * authenticates) and the page's static files goes through it. Undefined is a 401; a cloud or an
   * organization the caller may not see is a 404; the caller is each transition's actor. The
   * example's default is `createTokenAuthenticator` (API tokens and onboarding links).
   */
  authenticate: Authenticate;
  /** Limits on changes and provisions per caller (429 with Retry-After). Default: `createRateLimiter()`. */
  rateLimit?: RateLimiter | RateLimitSettings;
  /** Errors that are not a ByocError (a bug, a store down): answered with a bare 500, given here to log. */
  onUnexpectedError?: (error: unknown) => void;
  /** Serves the customer's onboarding page at `/onboarding/<organization id>`, offering these providers. */
  onboarding?: OnboardingOptions;
  /** Serves the operators' status page at `/status` and its read at `/v1/byoc-kit/status` (operator tokens only). */
  status?: StatusOptions;
}

/**
 * Aiven's custom-cloud-environment API on byoc-kit, route for route as Aiven's CLI (`avn byoc`)
 * calls it. The wire mapping (provider names, tag prefix, permissions, template envelopes, field
 * names in errors) is core's; these routes authenticate the caller, bind the service to the
 * organization in the path (`byoc.forOrganization`), and pick the call.
 */
export function createVendorApp(byoc: Byoc, options: VendorAppOptions): Hono<VendorEnv> {
  if (typeof options?.authenticate !== 'function') {
    throw new ByocError({
      code: 'BYOC_OPTIONS_INVALID',
      message:
        'createVendorApp needs authenticate(request) -> { organizationIds, actor } | undefined; createTokenAuthenticator is the default.',
    });
  }
  const app = new Hono<VendorEnv>();
  app.use('*', serverSpans());
  const limiter = isRateLimiter(options.rateLimit) ? options.rateLimit : createRateLimiter(options.rateLimit);

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
    if (status === 401) context.header('www-authenticate', 'Bearer realm="byoc-kit"');
    return context.json(body, status as 400);
  });
  app.notFound((context) => {
    throw httpError(
      'ROUTE_NOT_FOUND',
      `No route ${context.req.method} ${new URL(context.req.url).pathname}; routes are under /v1/organization/{organization_id}/custom-cloud-environments.`,
    );
  });

  // Self-registration: the customer's CloudFormation stack posts { roleArn, stackId, token } here;
  // the token, signed for one cloud, is its credential.
  app.post(registrationsPath, async (context) => context.json(toWire(await byoc.acceptRegistration(await jsonBody(context)))));

  // Everything under an organization: the caller first, then the organization, then the call.
  for (const path of ['/v1/organization/:organizationId/*', `${onboardingApiPath}/organization/:organizationId/*`]) {
    app.use(path, authenticated(options.authenticate), forOrganization(byoc));
  }
  app.use(`${onboardingApiPath}/providers`, authenticated(options.authenticate));

  const actor = (context: Context<VendorEnv>) => ({ actor: context.get('caller').actor });
  const cloudOf = (context: Context<VendorEnv>): Promise<CustomCloud> => context.get('organization').get(context.req.param('id') as string);
  const document = (context: Context<VendorEnv>, cloud: CustomCloud, status: 200 | 201 = 200) => {
    context.header('etag', `"${cloud.version}"`);
    return context.json(toWire(cloud), status);
  };
  const writes = limited(limiter, 'writes');

  app.get(cloudsPath, fullAccess, async (context) => {
    const clouds = await context.get('organization').list();
    return context.json({ custom_cloud_environments: clouds.map((cloud) => toWire(cloud).custom_cloud_environment) });
  });

  app.post(cloudsPath, writes, async (context) => {
    const organization = context.get('organization');
    const input = createInputFromWire(await jsonBody(context), organization.organizationId);
    return document(context, await organization.create(input), 201);
  });

  // Aiven's API has no read by id; its CLI reads with an empty PUT. This GET is byoc-kit's own.
  app.get(`${cloudsPath}/:id`, async (context) => document(context, await cloudOf(context)));

  app.put(`${cloudsPath}/:id`, fullAccess, writes, async (context) => {
    const body = await jsonBody(context);
    const cloud = await cloudOf(context);
    const patch = patchFromWire(body, cloud);
    if (Object.keys(patch).length === 0) return document(context, cloud);
    return document(context, await context.get('organization').update(cloud.id, patch, { ...expectedVersion(context), ...actor(context) }));
  });

  app.delete(`${cloudsPath}/:id`, fullAccess, writes, async (context) => {
    const force = context.req.query('force');
    if (force !== undefined && force !== 'true' && force !== 'false') {
      throw httpError('INPUT_INVALID', `force is ${JSON.stringify(force.slice(0, 16))}; use force=true or force=false.`);
    }
    const { cloud: deleted, teardown } = await context
      .get('organization')
      .delete(context.req.param('id') as string, { force: force === 'true', ...actor(context) });
    return context.json({ ...toWire(deleted), teardown });
  });

  // At most one verification per cloud, whatever the number of calls: a cloud already validating
  // refuses the next submission (INVALID_TRANSITION, 409), decided by a versioned write.
  app.post(`${cloudsPath}/:id/provision`, limited(limiter, 'provisions'), async (context) => {
    const access = accessFromWire(await jsonBody(context));
    return document(context, await context.get('organization').submitAccess(context.req.param('id') as string, access, actor(context)));
  });

  app.get(`${cloudsPath}/:id/permissions`, fullAccess, async (context) =>
    context.json(permissionsToWire((await cloudOf(context)).availability)),
  );

  app.put(`${cloudsPath}/:id/permissions`, fullAccess, writes, async (context) => {
    const availability = availabilityFromWire(await jsonBody(context));
    const changed = await context
      .get('organization')
      .permissions.set(context.req.param('id') as string, availability, { ...expectedVersion(context), ...actor(context) });
    return context.json(permissionsToWire(changed.availability));
  });

  // byoc-kit's own: what the vendor did to and in the cloud, for the customer's security team.
  app.get(`${cloudsPath}/:id/audit-log`, async (context) => {
    const limit = context.req.query('limit');
    if (limit !== undefined && !/^\d{1,4}$/.test(limit)) throw httpError('INPUT_INVALID', 'limit is a number of entries from 1 to 1000.');
    const after = context.req.query('after');
    const entries = await context.get('organization').auditLog(context.req.param('id') as string, {
      ...(after === undefined ? {} : { after }),
      limit: limit === undefined ? 100 : Number(limit),
    });
    return context.json({ entries, next: entries.length > 0 ? (entries.at(-1)?.id ?? null) : null });
  });

  app.get(`${cloudsPath}/:id/infra-templates/terraform/template`, fullAccess, async (context) =>
    context.json(
      terraformTemplateEnvelope(await context.get('organization').getTemplate(context.req.param('id') as string, { format: 'terraform' })),
    ),
  );

  app.get(`${cloudsPath}/:id/infra-templates/terraform/variables`, fullAccess, async (context) =>
    context.json(
      terraformVariablesEnvelope(await context.get('organization').getTemplate(context.req.param('id') as string, { format: 'terraform' })),
    ),
  );

  if (options.onboarding) addOnboarding(app, options.onboarding);
  if (options.status) addStatus(app, byoc, options.authenticate, options.status);

  const allowed: Record<string, string> = {
    [cloudsPath]: 'GET or POST',
    [`${cloudsPath}/:id`]: 'GET, PUT or DELETE',
    [`${cloudsPath}/:id/provision`]: 'POST',
    [`${cloudsPath}/:id/permissions`]: 'GET or PUT',
    [`${cloudsPath}/:id/audit-log`]: 'GET',
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

function isRateLimiter(value: RateLimiter | RateLimitSettings | undefined): value is RateLimiter {
  return typeof (value as RateLimiter | undefined)?.take === 'function';
}
