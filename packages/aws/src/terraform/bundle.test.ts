import { join } from 'node:path';
import type { CustomCloud, TemplateBundle } from '@byoc-kit/core';
import { hclString } from '@byoc-kit/core/provider-utils';

import { expectGoldenFiles, makeCustomCloud, nastyText } from '@byoc-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import { parseHcl } from '../testing/hcl.js';

const aws = createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' });
const privateCloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme analytics',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.20.0.0/20',
  tags: { env: 'prod', team: 'analytics-team' },
  objectStorage: { enabled: true },
});
const publicCloud = makeCustomCloud(
  {
    organizationId: 'org',
    displayName: 'Acme public',
    provider: 'aws',
    region: 'us-west-2',
    reservedCidr: '192.168.0.0/24',
    deploymentModel: 'standard_public',
  },
  { id: '9f0c5a1e-2b3d-4c5e-8f70-a1b2c3d4e5f6', externalId: 'AnotherExternalId0123456789abcdef' },
);
const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';
const goldenFolder = join(import.meta.dirname, '..', '__golden__');

describe('AWS Terraform bundle', () => {
  it('holds the six files a customer needs', async () => {
    const bundle = await aws.generateTemplate(privateCloud, { format: 'terraform' });
    expect(bundle.files.map((candidate) => candidate.path)).toEqual([
      'main.tf',
      'variables.tf',
      'outputs.tf',
      'terraform.tfvars.json',
      'deployer-policy.json',
      'README.md',
    ]);
    expect(bundle.outputs[0]?.name).toBe('aws_iam_role_arn');
  });

  it('keeps every value of the custom cloud out of the .tf files: they are the same for every cloud', async () => {
    const [one, two] = await Promise.all([aws.generateTemplate(privateCloud), aws.generateTemplate(publicCloud)]);
    for (const path of ['main.tf', 'variables.tf', 'outputs.tf']) expect(file(one, path)).toBe(file(two, path));
    for (const value of [privateCloud.id, privateCloud.externalId, privateCloud.displayName, privateCloud.reservedCidr, 'analytics-team']) {
      expect(file(one, 'main.tf') + file(one, 'variables.tf') + file(one, 'outputs.tf')).not.toContain(value);
    }
  });

  it('puts the values in terraform.tfvars.json', async () => {
    const variables = JSON.parse(file(await aws.generateTemplate(privateCloud), 'terraform.tfvars.json'));
    expect(variables).toEqual({
      custom_cloud_id: privateCloud.id,
      deployment_model: 'standard',
      display_name: 'Acme analytics',
      external_id: privateCloud.externalId,
      previous_external_id: '',
      object_storage_enabled: true,
      region: 'eu-north-1',
      reserved_cidr: '10.20.0.0/20',
      subnets: {
        'private-eu-north-1a': { cidr: '10.20.0.0/23', zone: 'eu-north-1a', tier: 'private' },
        'private-eu-north-1b': { cidr: '10.20.2.0/23', zone: 'eu-north-1b', tier: 'private' },
        'private-eu-north-1c': { cidr: '10.20.4.0/23', zone: 'eu-north-1c', tier: 'private' },
        'bastion-eu-north-1a': { cidr: '10.20.6.0/23', zone: 'eu-north-1a', tier: 'bastion' },
        'bastion-eu-north-1b': { cidr: '10.20.8.0/23', zone: 'eu-north-1b', tier: 'bastion' },
        'bastion-eu-north-1c': { cidr: '10.20.10.0/23', zone: 'eu-north-1c', tier: 'bastion' },
      },
      tags: { env: 'prod', team: 'analytics-team' },
      vendor_principal_arn: 'arn:aws:iam::111122223333:role/vendor',
      // The customer's guardrails, left for them to set: defaults that change nothing.
      permissions_boundary_arn: '',
      iam_path: '/',
      iam_name_prefix: '',
      iam_name_suffix: '',
    });
  });

  it('parses as HCL, with the resources of DESIGN.md', async () => {
    const bundle = await aws.generateTemplate(privateCloud);
    const main = (await parseHcl('main.tf', file(bundle, 'main.tf'))) as { resource: Record<string, Record<string, unknown>> };
    expect(Object.keys(main.resource).sort()).toEqual([
      'aws_eip',
      'aws_iam_instance_profile',
      'aws_iam_policy',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_route',
      'aws_route_table',
      'aws_route_table_association',
      'aws_s3_bucket',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_security_group',
      'aws_subnet',
      'aws_vpc',
      'aws_vpc_endpoint',
      'aws_vpc_security_group_egress_rule',
      'aws_vpc_security_group_ingress_rule',
    ]);
    await parseHcl('outputs.tf', file(bundle, 'outputs.tf'));
  });

  it('gives every variable a validation block, or makes it non-nullable when its type is the whole rule', async () => {
    const parsed = (await parseHcl('variables.tf', file(await aws.generateTemplate(privateCloud), 'variables.tf'))) as {
      variable: Record<string, { validation?: unknown[]; type: string; nullable?: boolean }[]>;
    };
    const variables = JSON.parse(file(await aws.generateTemplate(privateCloud), 'terraform.tfvars.json'));
    expect(Object.keys(parsed.variable).sort()).toEqual(Object.keys(variables).sort());
    for (const [name, [definition]] of Object.entries(parsed.variable)) {
      expect(definition?.nullable, name).toBe(false);
      if (definition?.type !== '${bool}') expect(definition?.validation, name).toHaveLength(1);
    }
  });

  it('renders the same bytes for the same cloud', async () => {
    expect(await aws.generateTemplate(privateCloud)).toEqual(await aws.generateTemplate(structuredClone(privateCloud)));
  });

  it('gives the deployer a policy scoped to the prefix', async () => {
    const policy = JSON.parse(file(await aws.generateTemplate(privateCloud), 'deployer-policy.json')) as {
      Statement: { Action: string[]; Resource: string | string[] }[];
    };
    for (const statement of policy.Statement) {
      expect(statement.Action).not.toContain('*');
      const resources = ([] as string[]).concat(statement.Resource);
      if (statement.Action.some((action) => action.startsWith('iam:') || action.startsWith('s3:'))) {
        for (const resource of resources) expect(resource).toMatch(/cce-\*$/);
      }
    }
  });

  it('tells the customer how to apply, what to return, and how to destroy later', async () => {
    const readme = file(await aws.generateTemplate(privateCloud), 'README.md');
    expect(readme).toContain('terraform init');
    expect(readme).toContain('terraform apply');
    expect(readme).toContain('terraform output -raw aws_iam_role_arn');
    expect(readme).toContain('terraform destroy');
  });

  it.each([
    ['private', privateCloud],
    ['public', publicCloud],
  ])('matches the golden files of the %s model', async (model, cloud) => {
    // The .tf files are the same for every cloud (tested above), so their goldens are kept once.
    const bundle = await aws.generateTemplate(cloud as CustomCloud);
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

  describe('refusals', () => {
    it.each([
      ['a cloud of another provider', { ...privateCloud, provider: 'gcp' as const }, 'terraform', 'PROVIDER_INVALID'],
      ['a tag that the template sets itself', { ...privateCloud, tags: { 'cce-custom-cloud-id': 'x' } }, 'terraform', 'TAG_INVALID'],
      ['the request format', privateCloud, 'request', 'TEMPLATE_FORMAT_UNSUPPORTED'],
    ])('refuses %s', async (_, cloud, format, code) => {
      await expect(aws.generateTemplate(cloud as CustomCloud, { format: format as 'terraform' })).rejects.toMatchObject({ code });
    });
  });
});

describe('hclString', () => {
  it('turns any text into a string literal that parses as HCL', async () => {
    await fc.assert(
      fc.asyncProperty(nastyText, async (text) => {
        await parseHcl('x.tf', `locals {\n  value = ${hclString(text)}\n}\n`);
      }),
      { numRuns: 200 },
    );
  });
});
