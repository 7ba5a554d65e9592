import type { CustomCloud } from '@byoc-kit/core';
import type { AzureAuthorization, ResolvedAzureSettings } from '../settings.js';

/** API versions the template deploys with (Microsoft.ManagedServices: the one verification reads with). */
export const apiVersions = {
  managedServices: '2022-10-01',
  resourceGroups: '2021-04-01',
  deployments: '2021-04-01',
  virtualNetworks: '2023-09-01',
  storageAccounts: '2023-01-01',
} as const;

/** What a registration definition's description starts with to bind it to one cloud: the cloud's external ID follows. */
export const bindingPrefix = 'byoc-binding:';

/**
 * The per-cloud value the customer's delegation carries: `byoc-binding:<external ID>` first in the
 * registration definition's description. The external ID is known to the vendor and to the
 * customer who applied this cloud's template, so another organization cannot hand the vendor a
 * subscription delegated for someone else's cloud (the Azure confused deputy).
 */
export function bindingOf(cloud: CustomCloud): string {
  return `${bindingPrefix}${cloud.externalId}`;
}

/** What the template declares, once, for both the ARM and the Bicep file. */
export interface DelegationPlan {
  readonly offerName: string;
  readonly description: string;
  readonly managingTenantId: string;
  readonly authorizations: readonly AzureAuthorization[];
  readonly resourceGroup: string;
  readonly virtualNetwork: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly addressPrefix: string;
  readonly subnets: readonly { readonly name: string; readonly addressPrefix: string }[];
  /** The storage account of the cloud's object storage, when it is on: 3-24 lower-case letters and digits, unique in Azure. */
  readonly storageAccount: string | undefined;
}

/** The tag the template sets on everything it creates, naming the cloud. */
export function customCloudIdTagKey(resourcePrefix: string): string {
  return `${resourcePrefix}-custom-cloud-id`;
}

/** The names and values of one cloud's delegation and network. */
export function delegationPlan(
  cloud: CustomCloud,
  settings: ResolvedAzureSettings,
  subnets: readonly { readonly tier: string; readonly cidr: string }[],
): DelegationPlan {
  const base = `${settings.resourcePrefix}-${cloud.id}`;
  return {
    offerName: `${settings.offerName} ${cloud.id}`,
    description: `${bindingOf(cloud)} byoc-kit custom cloud ${cloud.id} (${cloud.displayName.replace(/[\r\n]+/g, ' ')})`.slice(0, 512),
    managingTenantId: settings.managingTenantId,
    authorizations: settings.authorizations,
    resourceGroup: base,
    virtualNetwork: `${base}-vnet`,
    location: cloud.region,
    tags: { ...cloud.tags, [customCloudIdTagKey(settings.resourcePrefix)]: cloud.id },
    addressPrefix: cloud.reservedCidr,
    subnets: subnets.map((subnet) => ({ name: `${base}-${subnet.tier}`, addressPrefix: subnet.cidr })),
    storageAccount: cloud.objectStorage.enabled
      ? `${settings.resourcePrefix.replace(/[^a-z0-9]/g, '')}${cloud.id.replace(/-/g, '')}`.slice(0, 24)
      : undefined,
  };
}
