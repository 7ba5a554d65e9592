import { makeCustomCloud } from '@byoc-kit/core/testing';

export const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const subscriptionId = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
export const webhookSecret = 'whsec-0123456789abcdef0123456789abcdef';

/** The input of an Azure custom cloud used across the tests. */
export const azureCloudInput = {
  organizationId: 'org123a456b789',
  displayName: 'Contoso analytics',
  provider: 'azure',
  region: 'azure-westeurope',
  reservedCidr: '10.30.0.0/20',
  tags: { env: 'prod' },
  contacts: [{ email: 'admin@contoso.example', realName: 'Dana Admin', role: 'admin' }],
  objectStorage: { enabled: true },
};

export const azureCloud = () => makeCustomCloud(azureCloudInput);
