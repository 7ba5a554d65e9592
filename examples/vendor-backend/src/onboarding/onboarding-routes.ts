import { type CloudProviderV1, type CustomCloudRules, type TemplateFormat, wireProviderNames } from '@byoc-kit/core';
import type { Hono } from 'hono';
import { httpError } from '../http-errors.js';
import { jsonBody } from '../request-body.js';
import type { VendorEnv } from '../route-guards.js';
import { assetResponse, pageResponse, publicFiles, type StaticFile } from '../static-pages.js';
import { checkCidr } from './cidr-check.js';

/** What the onboarding page needs besides the service: the providers offered and the vendor's creation rules. */
export interface OnboardingOptions {
  /** The providers the service was created with; those a customer connects alone (not Azure's requests) are offered. */
  readonly providers: readonly CloudProviderV1[];
  /** The rules passed to `createByoc`, so the page's CIDR check says what creation will say. */
  readonly rules?: CustomCloudRules;
}

/** Where the page's own calls go; the cloud itself is created and provisioned through Aiven's routes. */
export const onboardingApiPath = '/v1/byoc-kit/onboarding';

/** The page of an organization: `/onboarding/<organization id>`. */
export const onboardingPagePath = '/onboarding/:organizationId';

const providerNames: Record<string, string> = { aws: 'Amazon Web Services', gcp: 'Google Cloud', azure: 'Microsoft Azure' };

/** What the customer pastes from a template's outputs: a field of the provision route, or two (Azure). */
interface AccessField {
  field: string;
  label: string;
  example: string;
  /** A second value the provision route needs with the first. */
  second?: { field: string; label: string; example: string };
}

/** The identity each provider's template creates, as the provision route takes it. */
const accessFields: Record<string, AccessField> = {
  aws: { field: 'aws_iam_role_arn', label: 'IAM role ARN', example: 'arn:aws:iam::123456789012:role/…' },
  gcp: {
    field: 'google_privilege_bearing_service_account_id',
    label: 'service account',
    example: 'byoc-access@your-project.iam.gserviceaccount.com',
  },
  // Azure through Lighthouse (@byoc-kit/azure): the deployment's subscription_id and tenant_id outputs.
  azure: {
    field: 'azure_subscription_id',
    label: 'subscription ID',
    example: '00000000-0000-0000-0000-000000000000',
    second: { field: 'azure_tenant_id', label: 'tenant ID', example: '00000000-0000-0000-0000-000000000000' },
  },
};

const assets = publicFiles('onboarding.js', 'onboarding.css', 'page.css', 'favicon.svg');
const page = publicFiles('index.html')['index.html'] as StaticFile;

/**
 * The customer's side of onboarding, served by the backend: the page and the few reads it needs
 * that Aiven's API has no route for (the providers and regions offered, a live CIDR check, the whole
 * bundle with its console link, the verification checks and health of a cloud). The page and its
 * files are static and public; every read goes through the caller's check and the organization in
 * its path (`createVendorApp` guards them), as Aiven's routes do. The page carries its onboarding
 * link's token, from the address's fragment, as `Authorization: Bearer`.
 */
export function addOnboarding(app: Hono<VendorEnv>, options: OnboardingOptions): void {
  app.get(onboardingPagePath, (context) => {
    const organizationId = context.req.param('organizationId');
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(organizationId)) {
      throw httpError(
        'ROUTE_NOT_FOUND',
        'No such page: the onboarding page is /onboarding/<organization id> (letters, digits, "_" and "-").',
      );
    }
    // The link's token is in the fragment; no Referer carries the page's address elsewhere either.
    return pageResponse(context, page);
  });
  app.get('/onboarding/assets/:file', (context) => assetResponse(context, assets, context.req.param('file')));

  app.get(`${onboardingApiPath}/providers`, (context) =>
    context.json({
      providers: options.providers
        .filter((provider) => provider.capabilities.selfService && accessFields[provider.id] !== undefined)
        .map((provider) => ({
          id: provider.id,
          wireName: wireProviderNames[provider.id],
          name: providerNames[provider.id] ?? provider.id,
          regions: provider.regions().map((region) => ({ id: region.id, name: region.displayName })),
          formats: provider.capabilities.templateFormats,
          access: accessFields[provider.id],
        })),
    }),
  );

  const organizationPath = `${onboardingApiPath}/organization/:organizationId`;
  app.post(`${organizationPath}/cidr-check`, async (context) => {
    const body = await jsonBody(context);
    const cidr = typeof body === 'object' && body !== null ? (body as { cidr?: unknown }).cidr : undefined;
    return context.json(await checkCidr(context.get('organization'), cidr, options.rules));
  });

  // Who the page acts as, and until when: the page asks first, and says so when its link no longer works.
  app.get(`${organizationPath}/session`, (context) => {
    const caller = context.get('caller');
    return context.json({ organizationId: context.get('organization').organizationId, access: caller.access ?? 'full' });
  });

  app.get(`${organizationPath}/clouds/:id/bundle`, async (context) => {
    const cloud = await context.get('organization').get(context.req.param('id'));
    const format = context.req.query('format');
    if (format !== undefined && format !== 'terraform' && format !== 'cloudformation' && format !== 'arm') {
      throw httpError('INPUT_INVALID', `format is ${JSON.stringify(format.slice(0, 16))}; use terraform, cloudformation or arm.`);
    }
    const bundle = await context
      .get('organization')
      .getTemplate(cloud.id, format === undefined ? {} : { format: format as TemplateFormat });
    return context.json(bundle);
  });

  app.get(`${organizationPath}/clouds/:id/progress`, async (context) => {
    const cloud = await context.get('organization').get(context.req.param('id'));
    return context.json({
      id: cloud.id,
      displayName: cloud.displayName,
      provider: cloud.provider,
      state: cloud.state,
      verifying: cloud.verification != null,
      errors: cloud.errors.map(({ code, message }) => ({ code, message })),
      checks: cloud.lastVerification?.checks ?? [],
      verifiedAt: cloud.lastVerification?.finishedAt ?? null,
      health: cloud.health ?? null,
      templateVersion: cloud.templateVersion ?? null,
      access: cloud.access ? { kind: cloud.access.kind, identity: cloud.access.identity } : null,
    });
  });
}
