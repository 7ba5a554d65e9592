import { join } from 'node:path';
import type { CustomCloud, TemplateBundle } from '@byoc-kit/core';
import { expectGoldenFiles, makeCustomCloud, nastyText, terraformAvailable, terraformWorkspace } from '@byoc-kit/core/testing';
import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGcpPermissions } from '../blueprint/vendor-permissions.js';
import { createGcpProvider } from '../provider.js';

const vendorPrincipal = 'byoc-vendor@vendor-prod.iam.gserviceaccount.com';
const gcp = createGcpProvider({ vendorPrincipal });
const privateCloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme analytics',
  provider: 'gcp',
  region: 'europe-north1',
  reservedCidr: '10.20.0.0/20',
  tags: { env: 'prod', team: 'analytics-team' },
  objectStorage: { enabled: true },
});
const publicCloud = makeCustomCloud(
  {
    organizationId: 'org',
    displayName: 'Acme public',
    provider: 'gcp',
    region: 'us-central1',
    reservedCidr: '192.168.0.0/24',
    deploymentModel: 'standard_public',
  },
  { id: '9f0c5a1e-2b3d-4c5e-8f70-a1b2c3d4e5f6' },
);
const goldenFolder = join(import.meta.dirname, '__golden__');
const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';
type Parsed = {
  resource: Record<string, Record<string, Record<string, unknown>[]>>;
  variable: Record<string, { validation?: unknown[]; type: string; nullable?: boolean }[]>;
};
const parseBundle = async (bundle: TemplateBundle) => {
  const main = (await parse('main.tf', file(bundle, 'main.tf'))) as Parsed;
  const variables = (await parse('variables.tf', file(bundle, 'variables.tf'))) as Parsed;
  await parse('outputs.tf', file(bundle, 'outputs.tf'));
  return { resource: main.resource, variable: variables.variable };
};
const first = (parsed: Parsed, type: string, name: string) => parsed.resource[type]?.[name]?.[0] as Record<string, unknown>;

describe('GCP Terraform bundle', () => {
  it('holds the five files a customer needs, the service account first among the outputs', async () => {
    const bundle = await gcp.generateTemplate(privateCloud);
    expect(bundle.files.map((candidate) => candidate.path)).toEqual([
      'main.tf',
      'variables.tf',
      'outputs.tf',
      'terraform.tfvars.json',
      'README.md',
    ]);
    expect(bundle.outputs[0]?.name).toBe('privilege_bearing_service_account_id');
  });

  it('parses as HCL with the resources the issue names', async () => {
    const parsed = await parseBundle(await gcp.generateTemplate(privateCloud));
    expect(Object.keys(parsed.resource).sort()).toEqual([
      'google_compute_firewall',
      'google_compute_network',
      'google_compute_router',
      'google_compute_router_nat',
      'google_compute_subnetwork',
      'google_project_iam_custom_role',
      'google_project_iam_member',
      'google_project_service',
      'google_service_account',
      'google_service_account_iam_member',
      'google_storage_bucket',
      'google_storage_bucket_iam_member',
    ]);
    expect(first(parsed as Parsed, 'google_project_service', 'required').for_each).toContain('iamcredentials.googleapis.com');
  });

  it('grants Token Creator to the vendor on the service account only, never on the project', async () => {
    const parsed = (await parseBundle(await gcp.generateTemplate(privateCloud))) as Parsed;
    expect(first(parsed, 'google_service_account_iam_member', 'vendor_token_creator')).toEqual({
      service_account_id: '${google_service_account.this.name}',
      role: 'roles/iam.serviceAccountTokenCreator',
      member: 'serviceAccount:${var.vendor_principal}',
    });
    const projectGrants = Object.values(parsed.resource.google_project_iam_member ?? {}).flat();
    expect(projectGrants).toHaveLength(1);
    expect(projectGrants[0]).toMatchObject({
      role: '${google_project_iam_custom_role.vendor.id}',
      member: 'serviceAccount:${google_service_account.this.email}',
    });
    expect(JSON.stringify(parsed.resource)).not.toMatch(/roles\/(owner|editor)/);
  });

  it('gives the custom role exactly the permissions of the settings', async () => {
    const parsed = (await parseBundle(await gcp.generateTemplate(privateCloud))) as Parsed;
    expect(first(parsed, 'google_project_iam_custom_role', 'vendor').permissions).toEqual([...defaultGcpPermissions].sort());
    const custom = createGcpProvider({ vendorPrincipal, permissions: ['compute.instances.get', 'resourcemanager.projects.get'] });
    const customParsed = (await parseBundle(await custom.generateTemplate(privateCloud))) as Parsed;
    expect(first(customParsed, 'google_project_iam_custom_role', 'vendor').permissions).toEqual([
      'compute.instances.get',
      'resourcemanager.projects.get',
    ]);
  });

  it('gives every variable a validation block, or makes it non-nullable when its type is the whole rule', async () => {
    const parsed = await parseBundle(await gcp.generateTemplate(privateCloud));
    const values = JSON.parse(file(await gcp.generateTemplate(privateCloud), 'terraform.tfvars.json'));
    expect(Object.keys(parsed.variable).sort()).toEqual([...Object.keys(values), 'project_id'].sort());
    for (const [name, [definition]] of Object.entries(parsed.variable)) {
      expect(definition?.nullable, name).toBe(false);
      if (definition?.type !== '${bool}') expect(definition?.validation, name).toHaveLength(1);
    }
  });

  it('keeps every value of the custom cloud out of the .tf files', async () => {
    const [one, two] = await Promise.all([gcp.generateTemplate(privateCloud), gcp.generateTemplate(publicCloud)]);
    for (const path of ['main.tf', 'variables.tf', 'outputs.tf']) expect(file(one, path)).toBe(file(two, path));
    const tf = file(one, 'main.tf') + file(one, 'variables.tf') + file(one, 'outputs.tf');
    for (const value of [privateCloud.id, privateCloud.displayName, privateCloud.reservedCidr, 'analytics-team'])
      expect(tf).not.toContain(value);
    expect(JSON.parse(file(one, 'terraform.tfvars.json'))).toMatchObject({
      region: 'europe-north1',
      subnets: {
        'private-europe-north1': { cidr: '10.20.0.0/21', tier: 'private' },
        'bastion-europe-north1': { cidr: '10.20.8.0/21', tier: 'bastion' },
      },
      tags: { env: 'prod', team: 'analytics-team' },
      vendor_principal: vendorPrincipal,
    });
  });

  it('renders display names full of quotes, backslashes, newlines and template markers only into tfvars, unchanged', async () => {
    const baseline = await gcp.generateTemplate(privateCloud);
    await fc.assert(
      fc.asyncProperty(
        nastyText.filter((text) => text.trim() !== '' && text.length <= 64 && !text.includes('\u0000')),
        async (displayName) => {
          const cloud = makeCustomCloud({
            organizationId: 'org',
            displayName,
            provider: 'gcp',
            region: 'europe-north1',
            reservedCidr: '10.20.0.0/20',
          });
          const bundle = await gcp.generateTemplate(cloud);
          for (const path of ['main.tf', 'variables.tf', 'outputs.tf']) expect(file(bundle, path)).toBe(file(baseline, path));
          expect(JSON.parse(file(bundle, 'terraform.tfvars.json')).display_name).toBe(displayName.normalize('NFC'));
          expect(file(bundle, 'README.md').split('\n')[0]).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each([
    ['private', privateCloud],
    ['public', publicCloud],
  ])('matches the golden files of the %s model', async (model, cloud) => {
    // The .tf files are the same for every cloud (tested above), so their goldens are kept once.
    const bundle = await gcp.generateTemplate(cloud as CustomCloud);
    const isShared = (path: string) => path.endsWith('.tf');
    expectGoldenFiles(
      join(goldenFolder, 'terraform-shared'),
      bundle.files.filter((file) => isShared(file.path)),
    );
    expectGoldenFiles(
      join(goldenFolder, `terraform-${model}`),
      bundle.files.filter((file) => !isShared(file.path)),
    );
  });

  it.skipIf(!terraformAvailable())('passes terraform fmt -check', { timeout: 60_000 }, async () => {
    for (const cloud of [privateCloud, publicCloud]) {
      const workspace = await terraformWorkspace(await gcp.generateTemplate(cloud));
      await workspace.terraform('fmt', '-check', '-diff', '-no-color');
    }
  });

  it.each([
    ['a cloud of another provider', { ...privateCloud, provider: 'aws' as const }, 'terraform', 'PROVIDER_INVALID'],
    ['a label that the template sets itself', { ...privateCloud, tags: { 'cce-custom-cloud-id': 'x' } }, 'terraform', 'TAG_INVALID'],
    ['the cloudformation format', privateCloud, 'cloudformation', 'TEMPLATE_FORMAT_UNSUPPORTED'],
  ])('refuses %s', async (_, cloud, format, code) => {
    await expect(gcp.generateTemplate(cloud as CustomCloud, { format: format as 'terraform' })).rejects.toMatchObject({ code });
  });
});
