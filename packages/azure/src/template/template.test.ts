import { describe, expect, it } from 'vitest';
import { createAzureProvider } from '../provider.js';
import { azureCloud, vendorPrincipalId, vendorTenantId } from '../test-fixtures.js';
import { subscriptionDeploymentSchema } from './arm-template.js';

const provider = createAzureProvider({
  managingTenantId: vendorTenantId,
  vendorPrincipalId,
  templateUrl: 'https://templates.vendor.example/azure/azuredeploy.json',
});

/** What the tests read of a resource of the template; its properties as JSON.parse gives them. */
interface Definition {
  registrationDefinitionName: string;
  description: string;
  managedByTenantId: string;
  authorizations: unknown[];
}
interface Network {
  type: string;
  apiVersion: string;
  properties: { addressSpace: { addressPrefixes: string[] }; subnets: unknown[] };
}
type Resource = {
  type: string;
  apiVersion: string;
  name: string;
  properties?: { registrationDefinitionId?: string; template?: { resources: Network[] } } & Partial<Definition>;
  [key: string]: unknown;
};

async function bundleOf(cloud = azureCloud()) {
  const bundle = await provider.generateTemplate(cloud, { format: 'arm' });
  const file = (path: string) => bundle.files.find((each) => each.path === path)?.contents as string;
  const arm = JSON.parse(file('azuredeploy.json')) as { $schema: string; resources: Resource[]; outputs: Record<string, { type: string }> };
  return { bundle, file, arm, resource: (type: string) => arm.resources.find((each) => each.type === type) as Resource };
}

describe('the ARM bundle', () => {
  it('delegates the subscription through Lighthouse, bound to the cloud, and creates its resource group and network', async () => {
    const cloud = azureCloud();
    const { bundle, arm, resource } = await bundleOf(cloud);
    expect(bundle.format).toBe('arm');
    expect(bundle.files.map((each) => each.path)).toEqual(['azuredeploy.json', 'main.bicep', 'network.bicep', 'README.md']);
    expect(arm.$schema).toBe(subscriptionDeploymentSchema);
    expect(arm.resources.map((each) => `${each.type}@${each.apiVersion}`)).toEqual([
      'Microsoft.ManagedServices/registrationDefinitions@2022-10-01',
      'Microsoft.ManagedServices/registrationAssignments@2022-10-01',
      'Microsoft.Resources/resourceGroups@2021-04-01',
      'Microsoft.Resources/deployments@2021-04-01',
    ]);
    const definition = resource('Microsoft.ManagedServices/registrationDefinitions').properties as Definition;
    expect(Object.keys(definition).sort()).toEqual(['authorizations', 'description', 'managedByTenantId', 'registrationDefinitionName']);
    expect(definition.managedByTenantId).toBe(vendorTenantId);
    expect(definition.description.startsWith(`byoc-binding:${cloud.externalId} `)).toBe(true);
    expect(definition.authorizations).toEqual([
      {
        principalId: vendorPrincipalId,
        principalIdDisplayName: 'byoc-kit vendor',
        roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
      },
    ]);
    expect(resource('Microsoft.ManagedServices/registrationAssignments').properties?.registrationDefinitionId).toContain(
      "'Microsoft.ManagedServices/registrationDefinitions'",
    );
    expect(resource('Microsoft.Resources/resourceGroups')).toMatchObject({
      name: `cce-${cloud.id}`,
      location: 'westeurope',
      tags: { env: 'prod', 'cce-custom-cloud-id': cloud.id },
    });
    const network = resource('Microsoft.Resources/deployments').properties?.template?.resources[0] as Network;
    expect(network.type).toBe('Microsoft.Network/virtualNetworks');
    expect(network.properties.addressSpace.addressPrefixes).toEqual(['10.30.0.0/16']);
    expect(network.properties.subnets).toEqual([
      { name: `cce-${cloud.id}-private`, properties: { addressPrefix: '10.30.0.0/17' } },
      { name: `cce-${cloud.id}-bastion`, properties: { addressPrefix: '10.30.128.0/17' } },
    ]);
    expect(Object.keys(arm.outputs)).toEqual(['subscription_id', 'tenant_id', 'resource_group', 'registration_assignment_id']);
    expect(Object.values(arm.outputs).every((output) => output.type === 'string')).toBe(true);
    expect(bundle.outputs[0]?.name).toBe('subscription_id');
    expect(bundle.applyLink).toEqual({
      url: `https://portal.azure.com/#create/Microsoft.Template/uri/${encodeURIComponent('https://templates.vendor.example/azure/azuredeploy.json')}`,
      registersAccess: false,
    });
  });

  it('says the same in Bicep: resources, api versions, values', async () => {
    const cloud = azureCloud({ deploymentModel: 'standard_public' });
    const { file, arm, resource } = await bundleOf(cloud);
    const main = file('main.bicep');
    const network = file('network.bicep');
    expect(main).toMatch(/^targetScope = 'subscription'$/m);
    const declared = [...`${main}\n${network}`.matchAll(/^resource \w+ '([\w./]+)@([\d-]+)' = \{$/gm)].map(
      (match) => `${match[1]}@${match[2]}`,
    );
    const inner = resource('Microsoft.Resources/deployments').properties?.template?.resources as Network[];
    expect(declared.sort()).toEqual(
      [...arm.resources.filter((each) => each.type !== 'Microsoft.Resources/deployments'), ...inner]
        .map((each) => `${each.type}@${each.apiVersion}`)
        .sort(),
    );
    const definition = resource('Microsoft.ManagedServices/registrationDefinitions').properties as Definition;
    expect(main).toContain(`description: '${definition.description}'`);
    expect(main).toContain(`managedByTenantId: '${vendorTenantId}'`);
    expect(main).toContain(`principalId: '${vendorPrincipalId}'`);
    expect(network).toContain("'10.30.0.0/16'");
    expect(network).toContain(`name: 'cce-${cloud.id}-public'`);
    // Braces and brackets balance outside strings: the file is well formed as far as its structure goes.
    for (const text of [main, network]) {
      const code = text.replace(/'(?:\\.|[^'\\])*'/g, "''").replace(/\/\/.*$/gm, '');
      expect([...code].filter((character) => character === '{').length).toBe([...code].filter((character) => character === '}').length);
      expect([...code].filter((character) => character === '[').length).toBe([...code].filter((character) => character === ']').length);
    }
  });

  it('creates the storage account of the object storage when it is on, in both formats', async () => {
    const cloud = azureCloud({ objectStorage: { enabled: true } });
    const { file, resource } = await bundleOf(cloud);
    const inner = resource('Microsoft.Resources/deployments').properties?.template?.resources as unknown as Record<string, unknown>[];
    const storage = inner.find((each) => each.type === 'Microsoft.Storage/storageAccounts');
    expect(storage).toMatchObject({
      apiVersion: '2023-01-01',
      kind: 'StorageV2',
      properties: { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, allowBlobPublicAccess: false },
    });
    expect(storage?.name).toMatch(/^[a-z0-9]{3,24}$/);
    expect(file('network.bicep')).toContain(`name: '${storage?.name}'`);
    expect(file('README.md')).toContain(`the storage account \`${storage?.name}\``);
    const without = await bundleOf(azureCloud({ objectStorage: { enabled: false } }));
    expect(without.file('azuredeploy.json')).not.toContain('Microsoft.Storage');
    expect(without.file('network.bicep')).not.toContain('Microsoft.Storage');
  });

  it("keeps a customer's text a string in both formats", async () => {
    const hostile = azureCloud({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${...} is the point
      displayName: "x' }\nresource evil 'Microsoft.Authorization/roleAssignments@2022-04-01' = { ${y}",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${...} is the point
      tags: { note: "a'b${c}\\" },
    });
    const { file, arm } = await bundleOf(hostile);
    expect(file('main.bicep')).not.toMatch(/^resource evil/m);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep's escaped interpolation is the point
    expect(file('main.bicep')).toContain("'note': 'a\\'b\\${c}\\\\'");
    expect(arm.resources).toHaveLength(4);
    expect(file('README.md')).not.toContain('\nresource evil');
  });

  it('tells the customer how to deploy, what to return and how to end the delegation', async () => {
    const cloud = azureCloud();
    const { file, bundle } = await bundleOf(cloud);
    const readme = file('README.md');
    expect(readme).toContain(`az deployment sub create --name byoc-${cloud.id} --location westeurope --template-file azuredeploy.json`);
    expect(readme).toContain('--template-file main.bicep');
    expect(readme).toContain('[Deploy to Azure](https://portal.azure.com/#create/Microsoft.Template/uri/');
    expect(readme).toContain('`subscription_id` and `tenant_id`');
    expect(readme).toContain('Contributor');
    expect(readme).toContain('Service providers');
    expect(bundle.instructions).toContain('az deployment sub create');
  });

  it("refuses another provider's cloud, another format and the tag the template sets", async () => {
    await expect(provider.generateTemplate(azureCloud({ provider: 'aws', region: 'eu-west-1' }))).rejects.toMatchObject({
      code: 'PROVIDER_INVALID',
    });
    await expect(provider.generateTemplate(azureCloud(), { format: 'terraform' })).rejects.toMatchObject({
      code: 'TEMPLATE_FORMAT_UNSUPPORTED',
    });
    await expect(provider.generateTemplate(azureCloud({ tags: { 'cce-custom-cloud-id': 'x' } }))).rejects.toMatchObject({
      code: 'TAG_INVALID',
    });
  });
});

describe('createAzureProvider', () => {
  it.each([
    ['Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'does not delegate Owner'],
    ['a role with DataActions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'DataActions'],
    ['User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'managed identities'],
    ['a custom role', '0b1c2d3e-4f50-4617-8899-aabbccddeeff', 'custom roles'],
  ])('refuses %s before any template names it', (_name, roleDefinitionId, says) => {
    let thrown: unknown;
    try {
      createAzureProvider({
        managingTenantId: vendorTenantId,
        authorizations: [{ principalId: vendorPrincipalId, principalIdDisplayName: 'ops', roleDefinitionId }],
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'AZURE_ROLE_NOT_ALLOWED', details: { roleDefinitionId } });
    expect((thrown as Error).message).toContain(says);
  });

  it.each([
    [{ vendorPrincipalId }, 'managingTenantId'],
    [{ managingTenantId: vendorTenantId }, 'vendorPrincipalId'],
    [{ managingTenantId: 'tenant', vendorPrincipalId }, 'managingTenantId'],
    [{ managingTenantId: vendorTenantId, vendorPrincipalId, templateUrl: 'http://insecure.example/t.json' }, 'templateUrl'],
    [{ managingTenantId: vendorTenantId, vendorPrincipalId, extra: true }, 'extra'],
    [{ managingTenantId: vendorTenantId, vendorPrincipalId, random: 0.5 }, 'random'],
  ])('refuses settings %j naming %s', (settings, named) => {
    expect(() => createAzureProvider(settings as never)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^AZURE_SETTINGS_INVALID|INPUT_UNKNOWN_KEY$/) }),
    );
    expect(() => createAzureProvider(settings as never)).toThrow(new RegExp(named));
  });
});
