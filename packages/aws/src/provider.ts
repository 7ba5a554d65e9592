import {
  type CloudProviderV1,
  type CustomCloud,
  type ProviderAccess,
  regions,
  type TemplateFormat,
  type VerifyAccessOptions,
} from '@byoc-kit/core';
import { checkTemplateRequest, sleepWithSignal } from '@byoc-kit/core/provider-utils';
import { parseAccessKeyAccess, sealAccessKey } from './access/access-key.js';
import { roleArnAccess } from './access/role-arn.js';
import { customCloudIdTagKey } from './blueprint/vendor-permissions.js';
import { renderAwsCloudFormationBundle, updateStackUrl } from './cloudformation/bundle.js';
import { iamRegionOf, partitionOfRegion } from './partition.js';
import { awsTemplateManifest } from './plan/manifest.js';
import { planCloud } from './plan/plan.js';
import { type AwsProviderSettings, resolveAwsSettings, type StsClientLike } from './settings.js';
import { awsTeardownPlan } from './teardown.js';
import { renderAwsTerraformBundle } from './terraform/bundle.js';
import { openVendorSession, type VendorSession, type VendorSessionOptions } from './verify/vendor-session.js';
import { type AwsCheckMode, verifyAwsAccess } from './verify/verify-access.js';
import { verifyAccessKey } from './verify/verify-access-key.js';

const templateFormats: readonly TemplateFormat[] = ['terraform', 'cloudformation'];

export type { VendorSession, VendorSessionOptions } from './verify/vendor-session.js';

/** The AWS adapter: the provider contract, and the vendor's own attributed sessions in a customer's account. */
export interface AwsProvider extends CloudProviderV1 {
  /**
   * A session in the cloud's role for the vendor's own work (building the cloud, operating it), with
   * the same external ID as verification and the actor as the session's source identity and tags,
   * so the customer's CloudTrail names who acted (`ACCESS_INVALID` without a verified role,
   * `ASSUME_ROLE_DENIED` when the customer's account refuses). Pass a cloud as the service returns it.
   */
  assumeRole(cloud: CustomCloud, options: VendorSessionOptions): Promise<VendorSession>;
}

/**
 * The AWS adapter: the customer applies a Terraform or CloudFormation template that creates the
 * custom cloud's network, bucket and a role the vendor assumes with an external ID; the vendor
 * verifies the role with STS. `@aws-sdk/client-sts` is loaded on the first verification only.
 */
export function createAwsProvider(settings: AwsProviderSettings): AwsProvider {
  const resolved = resolveAwsSettings(settings);
  const clock = { now: resolved.now ?? Date.now, sleep: resolved.sleep ?? sleepWithSignal, random: resolved.random ?? Math.random };
  let stsModule: Promise<typeof import('@aws-sdk/client-sts')> | undefined;
  let vendorClient: StsClientLike | undefined;
  const loadSts = () => {
    stsModule ??= import('@aws-sdk/client-sts');
    return stsModule;
  };
  // IAM is loaded with the first permission check: rendering and the other checks never load it.
  let iamModule: Promise<typeof import('@aws-sdk/client-iam')> | undefined;
  const loadIam = () => {
    iamModule ??= import('@aws-sdk/client-iam');
    return iamModule;
  };
  const accessIdentity = resolved.blueprint.identities.find((identity) => identity.id === resolved.blueprint.access.identity);
  const accessByKey = accessIdentity?.kind === 'user';
  const stsRegion = () => resolved.stsRegion ?? process.env.AWS_REGION ?? 'us-east-1';
  // Every verification makes a client for the credentials it obtained; they share one HTTP handler
  // (its keep-alive connections), instead of opening a connection each: a third of a check's CPU.
  let sharedHandler: unknown;
  const stsClientWith = (
    STSClient: typeof import('@aws-sdk/client-sts').STSClient,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  ) => {
    const client = new STSClient({
      region: stsRegion(),
      maxAttempts: 1,
      credentials,
      ...(sharedHandler ? { requestHandler: sharedHandler as never } : {}),
    });
    sharedHandler ??= client.config.requestHandler;
    return client;
  };

  return {
    specificationVersion: 'v1',
    id: 'aws',
    capabilities: {
      selfService: true,
      automatedVerification: true,
      templateFormats,
      // The role's trust holds the cloud's external ID: it can be rotated.
      externalIdTrust: accessIdentity?.kind === 'crossAccountRole' && accessIdentity.trust.externalId,
    },
    regions: () => regions('aws'),
    parseAccess: accessByKey ? parseAccessKeyAccess : roleArnAccess,
    sealAccess: (cloud, access) => (access.kind === 'aws_access_key' ? sealAccessKey(cloud, access, resolved) : Promise.resolve(access)),
    async generateTemplate(cloud: CustomCloud, options = {}) {
      const format = checkTemplateRequest(cloud, {
        provider: 'aws',
        formats: templateFormats,
        format: options.format,
        reservedTagKey: customCloudIdTagKey(resolved.resourcePrefix),
        ...(resolved.blueprint.bucket === 'required' ? { objectStorageRequiredBy: resolved.blueprint.name } : {}),
      });
      const cloudPlan = planCloud(cloud, resolved);
      return format === 'cloudformation'
        ? renderAwsCloudFormationBundle(cloud, resolved, cloudPlan, options.registrationToken)
        : renderAwsTerraformBundle(cloud, resolved, cloudPlan);
    },
    verifyAccess: (cloud, access, options) => verify(cloud, access, options, 'full'),
    // A cheaper check for the health monitor: no probe without an external ID (the wrong-ID probe
    // catches an open trust too), and a short deadline.
    checkHealth: (cloud, access, options) => verify(cloud, access, options, 'health'),
    describeTemplate: () => awsTemplateManifest(resolved),
    templateUpgradeLink: (cloud, format) => (format === 'cloudformation' ? updateStackUrl(cloud, resolved) : undefined),
    teardown: (cloud) => awsTeardownPlan(cloud, resolved.resourcePrefix, resolved.blueprint),
    assumeRole: (cloud, options) =>
      openVendorSession(cloud, options, { settings: resolved, clock, loadSts, vendorClient: vendorStsClient }),
  };

  async function vendorStsClient(): Promise<StsClientLike> {
    if (resolved.stsClient) return resolved.stsClient;
    const { STSClient } = await loadSts();
    // byoc-kit retries with its own deadline-bound policy; the SDK's retries would stack on it.
    vendorClient ??= new STSClient({
      region: stsRegion(),
      maxAttempts: 1,
      ...(resolved.credentials ? { credentials: resolved.credentials } : {}),
    });
    return vendorClient;
  }

  function verify(cloud: CustomCloud, access: ProviderAccess, options: VerifyAccessOptions | undefined, mode: AwsCheckMode) {
    if (access.kind === 'aws_access_key') {
      return verifyAccessKey(
        cloud,
        access,
        {
          settings: resolved,
          clock,
          loadSts,
          async accessKeyClient(credentials) {
            if (resolved.createAccessKeyClient) return resolved.createAccessKeyClient(credentials);
            const { STSClient } = await loadSts();
            return stsClientWith(STSClient, credentials);
          },
        },
        options,
      );
    }
    return verifyAwsAccess(
      cloud,
      access,
      {
        settings: resolved,
        clock,
        loadSts,
        vendorClient: vendorStsClient,
        async assumedClient(credentials) {
          if (resolved.createAssumedRoleClient) return resolved.createAssumedRoleClient(credentials);
          const { STSClient } = await loadSts();
          return stsClientWith(STSClient, credentials);
        },
        loadIam,
        async iamClient(credentials) {
          if (resolved.createIamClient) return resolved.createIamClient(credentials);
          const { IAMClient } = await loadIam();
          // IAM is global: its endpoint is in us-east-1 (the partition's own region elsewhere).
          return new IAMClient({ region: iamRegionOf(partitionOfRegion(stsRegion())), maxAttempts: 1, credentials });
        },
      },
      { ...options, mode },
    );
  }
}
