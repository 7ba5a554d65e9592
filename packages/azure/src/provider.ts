import { parseAzureIds } from '@byoc-kit/azure-request';
import {
  type CloudProviderV1,
  type CustomCloud,
  type ProviderAccess,
  regions,
  type TemplateFormat,
  type VerifyAccessOptions,
} from '@byoc-kit/core';
import { checkTemplateRequest, sleepWithSignal } from '@byoc-kit/core/provider-utils';
import { type AzureProviderSettings, type AzureTokenCredential, resolveAzureSettings } from './settings.js';
import { renderArmBundle } from './template/bundle.js';
import { customCloudIdTagKey } from './template/delegation.js';
import { armReader } from './verify/arm-client.js';
import { verifyAzureDelegation } from './verify/verify-delegation.js';

const templateFormats: readonly TemplateFormat[] = ['arm'];

/**
 * The Azure adapter through Azure Lighthouse: the customer deploys an ARM (or Bicep) template at
 * subscription scope that delegates the subscription to the vendor's tenant, bound to one custom
 * cloud, and creates its resource group and virtual network; the vendor verifies the delegation
 * from its own tenant over ARM. `@azure/identity` is imported on the first verification only, and
 * not at all with `credential` given. For a vendor whose team onboards Azure by hand,
 * `@byoc-kit/azure-request` stays the alternative (both are the `azure` provider: register one).
 */
export function createAzureProvider(settings: AzureProviderSettings): CloudProviderV1 {
  const resolved = resolveAzureSettings(settings);
  const clock = { now: resolved.now ?? Date.now, sleep: resolved.sleep ?? sleepWithSignal, random: resolved.random ?? Math.random };
  let credential: Promise<AzureTokenCredential> | undefined;
  const vendorCredential = () => {
    credential ??= resolved.credential
      ? Promise.resolve(resolved.credential)
      : import('@azure/identity').then(({ DefaultAzureCredential }) => new DefaultAzureCredential());
    return credential;
  };
  const token = async (abortSignal: AbortSignal) => {
    const issued = await (await vendorCredential()).getToken(`${new URL(resolved.armEndpoint).origin}/.default`, { abortSignal });
    if (!issued?.token) throw Object.assign(new Error("the vendor's credential issued no token for ARM"), { name: 'NoToken' });
    return issued.token;
  };

  return {
    specificationVersion: 'v1',
    id: 'azure',
    capabilities: { selfService: true, automatedVerification: true, templateFormats },
    regions: () => regions('azure'),
    parseAccess(input: unknown): ProviderAccess {
      const ids = parseAzureIds(input);
      return {
        provider: 'azure',
        kind: 'azure_lighthouse_delegation',
        identity: `/subscriptions/${ids.subscriptionId}`,
        attributes: {
          tenantId: ids.tenantId,
          subscriptionId: ids.subscriptionId,
          ...(ids.resourceGroup ? { resourceGroup: ids.resourceGroup } : {}),
        },
      };
    },
    async generateTemplate(cloud: CustomCloud, options = {}) {
      checkTemplateRequest(cloud, {
        provider: 'azure',
        formats: templateFormats,
        format: options.format,
        reservedTagKey: customCloudIdTagKey(resolved.resourcePrefix),
      });
      return renderArmBundle(cloud, resolved);
    },
    verifyAccess: (cloud, access, options) => verify(cloud, access, { ...options, mode: 'full' }),
    checkHealth: (cloud, access, options) => verify(cloud, access, { ...options, mode: 'health' }),
    teardown(cloud) {
      return {
        summary: `Remove the Lighthouse delegation and the resource group ${resolved.resourcePrefix}-${cloud.id} that the template created for custom cloud ${cloud.id}; they are in your subscription.`,
        steps: [
          {
            description: "End the delegation (the subscription's Service providers page in the portal does the same).",
            command: `az managedservices assignment list --query "[?contains(properties.registrationDefinition.properties.description, 'byoc-binding:')].id" -o tsv | xargs -n1 az managedservices assignment delete --assignment`,
          },
          {
            description: 'Delete the resource group and the network in it.',
            command: `az group delete --name ${resolved.resourcePrefix}-${cloud.id}`,
          },
        ],
      };
    },
  };

  function verify(cloud: CustomCloud, access: ProviderAccess, options: VerifyAccessOptions & { mode: 'full' | 'health' }) {
    return verifyAzureDelegation(
      cloud,
      access,
      {
        settings: resolved,
        clock,
        arm: (bounds) =>
          armReader({
            endpoint: resolved.armEndpoint,
            fetch: resolved.fetch ?? globalThis.fetch,
            token,
            bounds,
            wait: (milliseconds) => clock.sleep(Math.max(0, Math.min(milliseconds, (bounds.deadline ?? 0) - clock.now())), bounds.signal),
          }),
      },
      options,
    );
  }
}
