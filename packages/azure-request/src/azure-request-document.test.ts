import { join } from 'node:path';
import type { CustomCloud } from '@byoc-kit/core';
import { expectGoldenFiles, makeCustomCloud, nastyText, thrownCode } from '@byoc-kit/core/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { azureAccess } from './azure-ids.js';
import { createAzureRequestProvider } from './azure-provider.js';
import { azureCloud, azureCloudInput, subscriptionId, tenantId } from './azure-test-fixtures.js';

const azure = createAzureRequestProvider({ transport: async () => ({}) });
const submitted = {
  ...azureCloud(),
  state: 'validating' as const,
  access: azureAccess({ tenantId, subscriptionId, resourceGroup: 'rg-contoso-byoc' }),
};
const files = async (cloud: CustomCloud = submitted) =>
  Object.fromEntries((await azure.generateTemplate(cloud)).files.map((file) => [file.path, file.contents]));

describe('Azure request document', () => {
  it('holds everything the team needs', async () => {
    const request = JSON.parse((await files())['request.json'] as string);
    expect(request).toMatchObject({
      schemaVersion: 'byoc-kit.azure-request.v1',
      customCloud: {
        region: { location: 'westeurope', displayName: 'West Europe', availabilityZones: ['1', '2', '3'] },
        reservedCidr: '10.30.0.0/20',
        deploymentModel: 'standard',
        tags: { env: 'prod' },
        contacts: [{ email: 'admin@contoso.example', realName: 'Dana Admin', role: 'Admin' }],
        availability: { mode: 'all_projects' },
        objectStorage: { enabled: true },
      },
      azure: { tenantId, subscriptionId, resourceGroup: 'rg-contoso-byoc' },
    });
    expect(request.customCloud.subnets).toHaveLength(6);
    expect(request.customCloud.subnets[0]).toEqual({ tier: 'private', zone: '1', cidr: '10.30.0.0/23', usableAddresses: 507 });
  });

  it('validates against the JSON Schema it publishes, before and after the ids are known', async () => {
    const ajv = new Ajv2020({ strict: false });
    for (const cloud of [submitted, azureCloud()]) {
      const bundle = await files(cloud);
      const validate = ajv.compile(JSON.parse(bundle['request.schema.json'] as string));
      const valid = validate(JSON.parse(bundle['request.json'] as string));
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(valid).toBe(true);
      ajv.removeSchema();
    }
  });

  it('is refused by its schema when a field is wrong', async () => {
    const bundle = await files();
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(bundle['request.schema.json'] as string));
    const request = JSON.parse(bundle['request.json'] as string);
    expect(validate({ ...request, schemaVersion: 'v0' })).toBe(false);
    expect(validate({ ...request, azure: { ...request.azure, tenantId: 'x' } })).toBe(false);
    expect(validate({ ...request, extra: true })).toBe(false);
  });

  it('matches the golden request.json and request.md', async () => {
    const bundle = await azure.generateTemplate(submitted);
    expectGoldenFiles(
      join(import.meta.dirname, '__golden__'),
      bundle.files.filter((file) => file.path !== 'request.schema.json'),
    );
  });

  it('keeps any display name on one Markdown line and unchanged in JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        nastyText.filter((text) => text.trim() !== '' && text.length <= 64 && !text.includes('\u0000')),
        async (displayName) => {
          const cloud = makeCustomCloud({ ...azureCloudInput, displayName });
          const bundle = await files({ ...cloud, state: 'validating', access: submitted.access });
          expect(JSON.parse(bundle['request.json'] as string).customCloud.displayName).toBe(displayName.normalize('NFC'));
          const title = (bundle['request.md'] as string).split('\n')[0] as string;
          expect(title.startsWith('# Azure custom cloud request: ')).toBe(true);
          expect((bundle['request.md'] as string).split('\n')[1]).toBe('');
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each(['West Europe', 'us-east-1', 'europe-north1', 'azure-mars'])('refuses the region %j', (region) => {
    expect(thrownCode(() => makeCustomCloud({ ...azureCloudInput, region }))).toBe('REGION_INVALID');
  });

  it('refuses other formats and other clouds', async () => {
    await expect(azure.generateTemplate(submitted, { format: 'terraform' })).rejects.toMatchObject({ code: 'TEMPLATE_FORMAT_UNSUPPORTED' });
    await expect(azure.generateTemplate({ ...submitted, provider: 'aws' })).rejects.toMatchObject({ code: 'PROVIDER_INVALID' });
  });
});
