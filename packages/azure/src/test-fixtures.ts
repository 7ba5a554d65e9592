import { type CustomCloud, createByoc, createMemoryStore } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { createAzureProvider } from './provider.js';
import type { AzureProviderSettings } from './settings.js';
import type { ArmStandIn } from './testing/arm-stand-in.js';

/** The vendor's tenant and principal in the tests. */
export const vendorTenantId = '11111111-2222-4333-8444-555555555555';
export const vendorPrincipalId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** Customers' tenants and subscriptions. */
export const customerTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const subscriptionA = '00000000-0000-4000-8000-00000000000a';
export const subscriptionB = '00000000-0000-4000-8000-00000000000b';

/** An Azure cloud input of an organization. */
export const azureInput = (organizationId = 'org-a', reservedCidr = '10.30.0.0/16') => ({
  organizationId,
  displayName: `Azure cloud of ${organizationId}`,
  provider: 'azure',
  region: 'westeurope',
  reservedCidr,
  tags: { env: 'prod' },
  contacts: [{ email: 'admin@customer.example', role: 'Admin' }],
});

/** A stored-shape Azure cloud (fixed id and external ID unless overridden). */
export const azureCloud = (overrides: Partial<CustomCloud> = {}): CustomCloud => makeCustomCloud(azureInput(), overrides);

/** Provider settings on the stand-in, with a fast clock for retries. */
export function standInSettings(arm: ArmStandIn, more: Partial<AzureProviderSettings> = {}): AzureProviderSettings {
  return {
    managingTenantId: vendorTenantId,
    vendorPrincipalId,
    armEndpoint: arm.url,
    credential: { getToken: async () => ({ token: arm.token }) },
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 1_000 },
    ...more,
  };
}

/** A service with the Azure provider on the stand-in, on a memory store. */
export function azureService(arm: ArmStandIn, more: Partial<AzureProviderSettings> = {}) {
  const provider = createAzureProvider(standInSettings(arm, more));
  const store = createMemoryStore();
  const byoc = createByoc({
    providers: [provider],
    store,
    health: { intervalMs: 60_000, failuresBeforeDisconnect: 2, checkDeadlineMs: 1_000 },
    onBackgroundError: () => undefined,
  });
  return { provider, store, byoc };
}
