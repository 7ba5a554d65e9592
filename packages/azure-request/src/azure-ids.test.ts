import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { azureAccess, parseAzureIds } from './azure-ids.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const subscriptionId = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';

describe('parseAzureIds', () => {
  it('accepts GUIDs in any case and an optional resource group', () => {
    expect(parseAzureIds({ tenantId: tenantId.toUpperCase(), subscriptionId })).toEqual({ tenantId, subscriptionId });
    expect(azureAccess({ tenantId, subscriptionId, resourceGroup: 'rg-byoc_(prod).1' })).toEqual({
      provider: 'azure',
      kind: 'azure_subscription',
      identity: `/subscriptions/${subscriptionId}/resourceGroups/rg-byoc_(prod).1`,
      attributes: { tenantId, subscriptionId, resourceGroup: 'rg-byoc_(prod).1' },
    });
  });

  it.each(['a', 'x'.repeat(90), 'Ressourcengruppe-Übung', 'rg.prod.v2'])('accepts the resource group %j', (resourceGroup) => {
    expect(parseAzureIds({ tenantId, subscriptionId, resourceGroup }).resourceGroup).toBe(resourceGroup);
  });

  it.each([
    ['a tenant that is not a GUID', { tenantId: 'contoso.onmicrosoft.com', subscriptionId }, 'AZURE_ID_INVALID'],
    ['a GUID in braces', { tenantId: `{${tenantId}}`, subscriptionId }, 'AZURE_ID_INVALID'],
    ['a short subscription', { tenantId, subscriptionId: subscriptionId.slice(1) }, 'AZURE_ID_INVALID'],
    ['no subscription', { tenantId }, 'AZURE_ID_INVALID'],
    ['a number', 42, 'AZURE_ID_INVALID'],
    ['an unknown key', { tenantId, subscriptionId, region: 'westeurope' }, 'INPUT_UNKNOWN_KEY'],
    ['an empty resource group', { tenantId, subscriptionId, resourceGroup: '' }, 'RESOURCE_GROUP_INVALID'],
    ['a resource group ending in .', { tenantId, subscriptionId, resourceGroup: 'rg.' }, 'RESOURCE_GROUP_INVALID'],
    ['a 91-character resource group', { tenantId, subscriptionId, resourceGroup: 'x'.repeat(91) }, 'RESOURCE_GROUP_INVALID'],
    ['a resource group with a space', { tenantId, subscriptionId, resourceGroup: 'rg prod' }, 'RESOURCE_GROUP_INVALID'],
    ['a resource group with a slash', { tenantId, subscriptionId, resourceGroup: 'rg/prod' }, 'RESOURCE_GROUP_INVALID'],
  ])('refuses %s with %s', (_, input, code) => {
    expect(thrownCode(() => parseAzureIds(input))).toBe(code);
  });
});
