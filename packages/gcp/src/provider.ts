import {
  type CloudProviderV1,
  type CustomCloud,
  type ProviderAccess,
  regions,
  type TemplateFormat,
  type VerifyAccessOptions,
} from '@byoc-kit/core';
import { checkTemplateRequest, cloudCall, sleepWithSignal } from '@byoc-kit/core/provider-utils';
import ky from 'ky';
import { serviceAccountAccess } from './access/service-account.js';
import { customPermissions } from './plan/account-permissions.js';
import { gcpTemplateManifest } from './plan/manifest.js';
import { type GcpProviderSettings, type GoogleAuthClientLike, resolveGcpSettings } from './settings.js';
import { renderGcpTerraformBundle } from './terraform/bundle.js';
import { customCloudIdLabelKey } from './terraform/main-tf.js';
import { googleCallOutcome } from './verify/google-call.js';
import { verifyGcpAccess } from './verify/verify-access.js';

const templateFormats: readonly TemplateFormat[] = ['terraform'];
const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * The GCP adapter: the customer applies a Terraform template that creates the custom cloud's
 * network, bucket and a privilege-bearing service account; the vendor impersonates that account.
 * `google-auth-library` is imported on the first verification only.
 */
export function createGcpProvider(settings: GcpProviderSettings): CloudProviderV1 {
  const resolved = resolveGcpSettings(settings);
  // Verification tests the custom permissions of the account the customer returns.
  const accessAccount = resolved.blueprint.serviceAccounts.find((account) => account.id === resolved.blueprint.access.serviceAccount);
  const accessPermissions = accessAccount ? customPermissions(accessAccount, resolved) : [];
  const verified = { ...resolved, permissions: accessPermissions.length > 0 ? accessPermissions : ['resourcemanager.projects.get'] };
  const clock = { now: resolved.now ?? Date.now, sleep: resolved.sleep ?? sleepWithSignal, random: resolved.random ?? Math.random };
  const http = ky.create({
    retry: 0,
    timeout: resolved.requestTimeoutMs,
    throwHttpErrors: false,
    ...(resolved.fetch ? { fetch: resolved.fetch } : {}),
  });
  let auth: Promise<typeof import('google-auth-library')> | undefined;
  let source: Promise<GoogleAuthClientLike> | undefined;
  const loadAuth = () => {
    auth ??= import('google-auth-library');
    return auth;
  };
  const sourceClient = () => {
    source ??= resolved.sourceClient
      ? Promise.resolve(resolved.sourceClient)
      : loadAuth().then(({ GoogleAuth }) => new GoogleAuth({ scopes: [cloudPlatformScope] }).getClient() as Promise<GoogleAuthClientLike>);
    return source;
  };

  return {
    specificationVersion: 'v1',
    id: 'gcp',
    capabilities: { selfService: true, automatedVerification: true, templateFormats },
    regions: () => regions('gcp'),
    parseAccess: serviceAccountAccess,
    async generateTemplate(cloud: CustomCloud, options = {}) {
      checkTemplateRequest(cloud, {
        provider: 'gcp',
        formats: templateFormats,
        format: options.format,
        reservedTagKey: customCloudIdLabelKey(resolved.resourcePrefix),
        ...(resolved.blueprint.bucket === 'required' ? { objectStorageRequiredBy: resolved.blueprint.name } : {}),
      });
      return renderGcpTerraformBundle(cloud, resolved);
    },
    verifyAccess: (cloud, access, options) => verify(cloud, access, { ...options, mode: 'full' }),
    // The health monitor's check: impersonation and testIamPermissions, without the project read.
    checkHealth: (cloud, access, options) => verify(cloud, access, { ...options, mode: 'health' }),
    describeTemplate: () => gcpTemplateManifest(resolved),
    teardown(cloud) {
      return teardown(cloud);
    },
  };

  function verify(cloud: CustomCloud, access: ProviderAccess, options: VerifyAccessOptions & { mode: 'full' | 'health' }) {
    return verifyGcpAccess(
      cloud,
      access,
      {
        settings: verified,
        clock,
        http,
        templateVersion: gcpTemplateManifest(resolved).version,
        impersonate: (email) =>
          cloudCall(
            {
              system: 'gcp-api',
              service: 'IAM Credentials',
              method: 'generateAccessToken',
              name: 'POST',
              attributes: { 'http.request.method': 'POST', 'server.address': 'iamcredentials.googleapis.com' },
              classify: googleCallOutcome,
            },
            async () => {
              const { Impersonated } = await loadAuth();
              const client = new Impersonated({
                sourceClient: (await sourceClient()) as never,
                targetPrincipal: email,
                targetScopes: [cloudPlatformScope],
                lifetime: 600,
                delegates: [],
              });
              const { token } = await client.getAccessToken();
              if (!token) throw new Error('impersonation returned no access token');
              return token;
            },
          ),
      },
      options,
    );
  }

  function teardown(cloud: CustomCloud) {
    return {
      summary: `Remove the network, service account, custom role${cloud.objectStorage.enabled ? ', bucket' : ''} and grants that the template created for custom cloud ${cloud.id}. They are in your project; the vendor cannot delete them for you.`,
      steps: [
        ...(cloud.objectStorage.enabled
          ? [
              {
                description: `Empty the bucket ${resolved.resourcePrefix}-${cloud.id} first if you no longer need its data.`,
                command: `gcloud storage rm --recursive gs://${resolved.resourcePrefix}-${cloud.id}/**`,
              },
            ]
          : []),
        {
          description: 'In the folder of the Terraform bundle, destroy what it created.',
          command: 'terraform destroy -var="project_id=YOUR_PROJECT_ID"',
        },
      ],
    };
  }
}
