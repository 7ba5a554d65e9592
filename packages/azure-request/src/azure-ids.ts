import { ByocError, type ProviderAccess } from '@byoc-kit/core';
import { assertKnownKeys, quote } from '@byoc-kit/core/provider-utils';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Azure: 1-90 characters of letters, digits, underscores, hyphens, periods and parentheses
// (Unicode letters and digits included), not ending in a period.
const resourceGroupPattern = /^[\p{L}\p{Nd}_\-.()]{1,90}$/u;

/** What the customer supplies for an Azure custom cloud. */
export interface AzureIds {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroup?: string | undefined;
}

const allowedKeys = ['tenantId', 'subscriptionId', 'resourceGroup'];

/**
 * Parses `{ tenantId, subscriptionId, resourceGroup? }`: GUIDs (lower-cased), and a resource group
 * name by Azure's rules. Raises `AZURE_ID_INVALID` or `RESOURCE_GROUP_INVALID`.
 */
export function parseAzureIds(input: unknown): AzureIds {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ByocError({
      code: 'AZURE_ID_INVALID',
      message: 'Pass { tenantId, subscriptionId, resourceGroup? } with the Azure ids of the custom cloud.',
    });
  }
  assertKnownKeys(input, allowedKeys, 'an Azure access');
  const { tenantId, subscriptionId, resourceGroup } = input as Record<string, unknown>;
  const guid = (value: unknown, name: string): string => {
    if (typeof value !== 'string' || !guidPattern.test(value)) {
      throw new ByocError({
        code: 'AZURE_ID_INVALID',
        message: `${name} ${quote(value)} is not a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47. Copy it from the Azure portal (${name === 'tenantId' ? 'Microsoft Entra ID > Overview' : 'Subscriptions'}).`,
        details: { field: name },
      });
    }
    return value.toLowerCase();
  };
  const ids = { tenantId: guid(tenantId, 'tenantId'), subscriptionId: guid(subscriptionId, 'subscriptionId') };
  if (resourceGroup === undefined) return ids;
  if (typeof resourceGroup !== 'string' || !resourceGroupPattern.test(resourceGroup) || resourceGroup.endsWith('.')) {
    throw new ByocError({
      code: 'RESOURCE_GROUP_INVALID',
      message: `The resource group ${quote(resourceGroup, 100)} is invalid: use 1-90 letters, digits, "_", "-", ".", "(" or ")", not ending in ".".`,
      details: { field: 'resourceGroup' },
    });
  }
  return { ...ids, resourceGroup };
}

/** The Azure ids as core's `ProviderAccess`. */
export function azureAccess(input: unknown): ProviderAccess {
  const ids = parseAzureIds(input);
  return {
    provider: 'azure',
    kind: 'azure_subscription',
    identity: `/subscriptions/${ids.subscriptionId}${ids.resourceGroup ? `/resourceGroups/${ids.resourceGroup}` : ''}`,
    attributes: {
      tenantId: ids.tenantId,
      subscriptionId: ids.subscriptionId,
      ...(ids.resourceGroup ? { resourceGroup: ids.resourceGroup } : {}),
    },
  };
}

/** The Azure ids back from a recorded access. */
export function azureIdsOf(access: ProviderAccess): AzureIds {
  return {
    tenantId: access.attributes.tenantId ?? '',
    subscriptionId: access.attributes.subscriptionId ?? '',
    resourceGroup: access.attributes.resourceGroup,
  };
}
