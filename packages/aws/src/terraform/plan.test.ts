import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomCloud } from '@byoc-kit/core';
import { hclString } from '@byoc-kit/core/provider-utils';
import { makeCustomCloud, nastyText, type PlannedResource, readPlan, terraformAvailable, terraformWorkspace } from '@byoc-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import { awsOfflineProviderOverride } from '../testing/offline-provider.js';

const vendorPrincipalArn = 'arn:aws:iam::111122223333:role/vendor';
const aws = createAwsProvider({ vendorPrincipalArn });
const cloudWith = (input: Record<string, unknown>) =>
  makeCustomCloud({
    organizationId: 'org',
    displayName: 'Acme',
    provider: 'aws',
    region: 'eu-north-1',
    reservedCidr: '10.0.0.0/16',
    ...input,
  });

// 15 resources always (the vendor role's self-check policy and its attachment among them); 3 subnets and 3 route-table associations per tier; the private model adds
// an EIP, a NAT gateway, a private route table and route; storage adds 8.
const expectedCount = (model: 'standard' | 'standard_public', storage: boolean) =>
  15 + (model === 'standard' ? 6 + 6 + 4 : 3 + 3) + (storage ? 8 : 0);

const namesOf = (resource: PlannedResource): string[] =>
  ['name', 'bucket']
    .map((key) => resource.values[key])
    .concat((resource.values.tags as Record<string, string> | undefined)?.Name)
    .filter((value): value is string => typeof value === 'string');

describe.skipIf(!terraformAvailable())('AWS Terraform bundle under terraform', () => {
  describe.each([
    [
      'private, storage on, tags',
      cloudWith({ deploymentModel: 'standard', objectStorage: { enabled: true }, tags: { env: 'prod', team: 'data' } }),
    ],
    ['private, storage off', cloudWith({ deploymentModel: 'standard', reservedCidr: '172.16.0.0/24' })],
    ['public, storage on', cloudWith({ deploymentModel: 'standard_public', objectStorage: { enabled: true }, region: 'us-east-1' })],
    [
      'public, storage off, tags',
      cloudWith({ deploymentModel: 'standard_public', tags: { cost_center: 'x-1' }, reservedCidr: '192.168.16.0/20' }),
    ],
  ])('%s', (_, cloud: CustomCloud) => {
    it('is formatted, validates, and plans the expected resources, trust and names', { timeout: 120_000 }, async () => {
      const workspace = await terraformWorkspace(await aws.generateTemplate(cloud), { override: awsOfflineProviderOverride });
      await workspace.terraform('fmt', '-check', '-diff', '-no-color');
      const plan = await workspace.plan();
      const resources = plan.planned_values.root_module.resources;
      expect(resources).toHaveLength(expectedCount(cloud.deploymentModel, cloud.objectStorage.enabled));

      const vendorRole = resources.find((resource) => resource.address === 'aws_iam_role.vendor');
      const trust = JSON.parse(vendorRole?.values.assume_role_policy as string);
      expect(trust.Statement).toEqual([
        {
          Sid: 'VendorWithExternalId',
          Effect: 'Allow',
          Principal: { AWS: vendorPrincipalArn },
          // The vendor may attribute its sessions, and must: no source identity, no session.
          Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
          Condition: { StringEquals: { 'sts:ExternalId': [cloud.externalId] }, Null: { 'sts:SourceIdentity': 'false' } },
        },
      ]);
      expect(vendorRole?.values.name).toBe(`cce-${cloud.id.slice(0, 8)}-iam-role`);

      for (const resource of resources) {
        for (const name of namesOf(resource)) expect(name, resource.address).toMatch(/^cce-/);
        const tags = resource.values.tags_all as Record<string, string> | undefined;
        if (tags)
          expect(tags, resource.address).toMatchObject({ ...cloud.tags, 'cce-custom-cloud-id': cloud.id, 'managed-by': 'byoc-kit' });
      }
      const subnets = resources.filter((resource) => resource.type === 'aws_subnet');
      for (const subnet of subnets) {
        expect(subnet.values.map_public_ip_on_launch).toBe((subnet.values.tags as { Tier: string }).Tier !== 'private');
      }
      expect(resources.some((resource) => resource.type === 'aws_nat_gateway')).toBe(cloud.deploymentModel === 'standard');
      expect(resources.some((resource) => resource.type === 'aws_s3_bucket')).toBe(cloud.objectStorage.enabled);
      expect(resources.find((resource) => resource.type === 'aws_vpc')?.values.cidr_block).toBe(cloud.reservedCidr);
    });
  });

  it('carries display names full of quotes, backslashes, newlines and template markers through unchanged', async () => {
    const baseline = await aws.generateTemplate(cloudWith({}));
    const workspace = await terraformWorkspace(baseline, { override: awsOfflineProviderOverride });
    await workspace.terraform('init', '-backend=false', '-input=false', '-no-color');
    const names = fc.sample(
      nastyText.filter((text) => text.trim() !== '' && [...text].length <= 64 && text.length <= 64 && !text.includes('\u0000')),
      { numRuns: 3, seed: 4 },
    );
    names.push('x" }\nresource "a" "b" {} # ${var.region} %{ if 1 } \\', '<<EOF\n"\nEOF');
    for (const displayName of names) {
      const bundle = await aws.generateTemplate(cloudWith({ displayName }));
      for (const path of ['main.tf', 'variables.tf', 'outputs.tf']) {
        expect(bundle.files.find((candidate) => candidate.path === path)?.contents).toBe(
          baseline.files.find((candidate) => candidate.path === path)?.contents,
        );
      }
      const variables = bundle.files.find((candidate) => candidate.path === 'terraform.tfvars.json')?.contents ?? '';
      expect(JSON.parse(variables).display_name).toBe(displayName);
      await writeFile(join(workspace.folder, 'terraform.tfvars.json'), variables);
      await workspace.terraform('plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out');
      const plan = readPlan((await workspace.terraform('show', '-json', 'plan.out')).stdout);
      const resources = plan.planned_values.root_module.resources;
      expect(resources).toHaveLength(expectedCount('standard', false));
      const latin1 = displayName.replace(/[^\t\n\r\x20-\x7E\xA1-\xFF]/gu, '?');
      expect(resources.find((resource) => resource.address === 'aws_iam_role.vendor')?.values.description).toBe(
        `Assumed by the vendor to run custom cloud ${cloudWith({}).id}: ${latin1}`,
      );
    }
  }, 180_000);

  it("puts the customer's boundary on every role and its path and name affixes on every IAM entity, and refuses malformed ones at plan", {
    timeout: 180_000,
  }, async () => {
    const cloud = cloudWith({ objectStorage: { enabled: true } });
    const bundle = await aws.generateTemplate(cloud);
    const values = JSON.parse(bundle.files.find((file) => file.path === 'terraform.tfvars.json')?.contents ?? '{}');
    const workspace = await terraformWorkspace(bundle, { override: awsOfflineProviderOverride });
    await workspace.terraform('init', '-backend=false', '-input=false', '-no-color');
    const planWith = async (guardrails: Record<string, string>) => {
      await writeFile(join(workspace.folder, 'terraform.tfvars.json'), JSON.stringify({ ...values, ...guardrails }));
      return workspace.terraform('plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out');
    };
    const refused = await planWith({
      permissions_boundary_arn: 'arn:aws:iam::123456789012:role/not-a-policy',
      iam_path: 'vendors',
      iam_name_prefix: 'has space ',
      iam_name_suffix: 'x'.repeat(17),
    }).then(
      () => '',
      (error: { stderr?: string }) => error.stderr ?? '',
    );
    for (const variable of ['permissions_boundary_arn', 'iam_path', 'iam_name_prefix', 'iam_name_suffix']) {
      expect(refused).toContain(`${variable} must`);
    }
    const boundary = 'arn:aws:iam::123456789012:policy/workload-boundary';
    await planWith({ permissions_boundary_arn: boundary, iam_path: '/vendors/byoc/', iam_name_prefix: 'corp-', iam_name_suffix: '-x' });
    const resources = readPlan((await workspace.terraform('show', '-json', 'plan.out')).stdout).planned_values.root_module.resources;
    const iam = resources.filter((resource) => ['aws_iam_role', 'aws_iam_policy', 'aws_iam_instance_profile'].includes(resource.type));
    expect(iam.length).toBeGreaterThanOrEqual(6);
    for (const resource of iam) {
      expect(resource.values.name, resource.address).toMatch(/^corp-cce-[0-9a-f]{8}-.+-x$/);
      expect(resource.values.path, resource.address).toBe('/vendors/byoc/');
      if (resource.type === 'aws_iam_role') expect(resource.values.permissions_boundary, resource.address).toBe(boundary);
    }
    // The defaults change nothing: no boundary, the root path, the names as before.
    await planWith({});
    const plain = readPlan((await workspace.terraform('show', '-json', 'plan.out')).stdout).planned_values.root_module.resources;
    const vendor = plain.find((resource) => resource.address === 'aws_iam_role.vendor');
    expect(vendor?.values).toMatchObject({ name: `cce-${cloud.id.slice(0, 8)}-iam-role`, path: '/' });
    expect(vendor?.values.permissions_boundary ?? null).toBeNull();
  });

  it('reads back every escaped string exactly as it was given (hclString)', { timeout: 120_000 }, async () => {
    const texts = fc.sample(nastyText, { numRuns: 300, seed: 7 });
    const folder = await mkdtemp(join(tmpdir(), 'byoc-hcl-'));
    await writeFile(
      join(folder, 'main.tf'),
      `output "values" {\n  value = [\n${texts.map((text) => `    ${hclString(text)},`).join('\n')}\n  ]\n}\n`,
    );
    const workspace = {
      terraform: (await terraformWorkspace({ format: 'terraform', files: [], outputs: [], instructions: '' })).terraform,
    };
    const run = (...args: string[]) => workspace.terraform(`-chdir=${folder}`, ...args);
    await run('init', '-backend=false', '-input=false', '-no-color');
    await run('apply', '-auto-approve', '-input=false', '-lock=false', '-no-color', `-state=${join(folder, 'state.json')}`);
    const values = JSON.parse((await run('output', '-json', `-state=${join(folder, 'state.json')}`, 'values')).stdout);
    // Terraform holds every string in Unicode NFC; the escaping itself must lose nothing.
    expect(values).toEqual(texts.map((text) => text.normalize('NFC')));
  });
});
