import { makeCustomCloud, testProvider } from '@byoc-kit/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { createAzureProvider } from './provider.js';
import { azureInput, customerTenantId, standInSettings, subscriptionA, vendorTenantId } from './test-fixtures.js';
import { type ArmStandIn, startArmStandIn } from './testing/arm-stand-in.js';

let arm: ArmStandIn;
beforeAll(async () => {
  arm = await startArmStandIn({ vendorTenantId });
});
afterAll(() => arm.close());

const access = { tenantId: customerTenantId, subscriptionId: subscriptionA };

testProvider('createAzureProvider', () => createAzureProvider(standInSettings(arm)), {
  clouds: [azureInput('org'), { ...azureInput('org', '192.168.0.0/24'), deploymentModel: 'standard_public', region: 'eastus' }],
  validAccess: [
    access,
    { ...access, resourceGroup: 'cce-custom' },
    { tenantId: customerTenantId.toUpperCase(), subscriptionId: subscriptionA },
  ],
  invalidAccess: [
    { input: { tenantId: 'contoso', subscriptionId: subscriptionA }, code: 'AZURE_ID_INVALID' },
    { input: { tenantId: customerTenantId }, code: 'AZURE_ID_INVALID' },
    { input: 'arn:aws:iam::123456789012:role/x', code: 'AZURE_ID_INVALID' },
    { input: { ...access, resourceGroup: 'ends.' }, code: 'RESOURCE_GROUP_INVALID' },
    { input: { ...access, role: 'Owner' }, code: 'INPUT_UNKNOWN_KEY' },
  ],
  verification: {
    succeeds: {
      access,
      arrange: async () => {
        // The suite's clouds carry the test default id and external ID: deploy that cloud's template.
        const provider = createAzureProvider(standInSettings(arm));
        const bundle = await provider.generateTemplate(makeCustomCloud(azureInput('org')));
        arm.subscription(subscriptionA, customerTenantId);
        arm.deploy(subscriptionA, JSON.parse(bundle.files[0]?.contents as string));
      },
    },
    fails: [
      {
        access,
        errorCode: 'DELEGATION_NOT_FOUND',
        arrange: () => arm.subscription(subscriptionA, customerTenantId),
      },
      {
        access: { tenantId: customerTenantId, subscriptionId: '00000000-0000-4000-8000-0000000000ff' },
        errorCode: 'DELEGATION_NOT_FOUND',
      },
    ],
  },
});
