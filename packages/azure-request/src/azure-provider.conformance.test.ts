import { ByocError } from '@byoc-kit/core';
import { testProvider } from '@byoc-kit/core/testing';
import { createAzureRequestProvider } from './azure-provider.js';
import { azureCloudInput, subscriptionId, tenantId } from './azure-test-fixtures.js';

let deliver: () => Promise<{ reference?: string }> = async () => ({});

testProvider('createAzureRequestProvider', () => createAzureRequestProvider({ transport: () => deliver() }), {
  clouds: [azureCloudInput, { ...azureCloudInput, region: 'westus', deploymentModel: 'standard_public', reservedCidr: '192.168.0.0/24' }],
  validAccess: [
    { tenantId, subscriptionId },
    { tenantId, subscriptionId, resourceGroup: 'rg-1' },
  ],
  invalidAccess: [
    { input: { tenantId: 'x', subscriptionId }, code: 'AZURE_ID_INVALID' },
    { input: { tenantId, subscriptionId, resourceGroup: 'a b' }, code: 'RESOURCE_GROUP_INVALID' },
    { input: 'arn:aws:iam::123456789012:role/x', code: 'AZURE_ID_INVALID' },
  ],
  verification: {
    succeeds: {
      access: { tenantId, subscriptionId },
      arrange: () => {
        deliver = async () => ({ reference: 'OPS-1' });
      },
    },
    fails: [
      {
        access: { tenantId, subscriptionId },
        errorCode: 'REQUEST_DELIVERY_REJECTED',
        arrange: () => {
          deliver = async () => {
            throw new ByocError({ code: 'REQUEST_DELIVERY_REJECTED', message: 'The endpoint refused the request (422).' });
          };
        },
      },
    ],
  },
});
