import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsBlueprintJsonSchema, createAwsProvider, defineAwsBlueprint } from '@byoc-kit/aws';
import { awsOfflineProviderOverride, createEvaluator, undeclaredReferences } from '@byoc-kit/aws/testing';
import type { CloudProviderV1, CustomCloud, TemplateBundle } from '@byoc-kit/core';
import { makeCustomCloud, type PlannedResource, terraformAvailable, terraformWorkspace } from '@byoc-kit/core/testing';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aivenBlueprint, createAivenProvider } from './aiven.js';
import { createRedisCloudProvider, redisCloudAccount, redisCloudBlueprint } from './redis-cloud.js';
import { sampleCloudInput, sampleCustomerAccount, sampleOidcIssuer, sampleOidcProviderArn, sampleVendorPrincipalArn } from './sample.js';
import { createZillizProvider, zillizBlueprint } from './zilliz.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8'));
const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';

const cloud = makeCustomCloud(sampleCloudInput);
const vendorRole = sampleVendorPrincipalArn;
const customerAccount = sampleCustomerAccount;
const issuer = sampleOidcIssuer;
const oidcProviderArn = sampleOidcProviderArn;
const bucketName = (prefix: string) => `${prefix}-${cloud.id}`;

/** The reference documents with their placeholders filled in for this cloud. */
const expected = {
  zillizStorageTrust: JSON.parse(
    JSON.stringify(fixture('zilliz-storage-trust.json'))
      .replace('arn:aws:iam::{accountId}:oidc-provider/eks_oidc_url', oidcProviderArn)
      .replaceAll('eks_oidc_url', issuer),
  ),
  zillizStoragePolicy: JSON.parse(
    JSON.stringify(fixture('zilliz-storage-policy.json')).replaceAll('{bucketName}', bucketName('zilliz-byoc')),
  ),
  redisInstancePolicy: fixture('redis-instance-policy.json'),
  redisUserPolicy: fixture('redis-user-policy.json'),
};
const zillizManagementTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'VendorWithExternalId',
      Effect: 'Allow',
      Principal: { AWS: vendorRole },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { 'sts:ExternalId': [cloud.externalId] } },
    },
  ],
};
const redisConsoleTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'VendorWithMfa',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${redisCloudAccount}:root` },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
  ],
};

const zilliz = createZillizProvider({
  vendorPrincipalArn: vendorRole,
  blueprintParameters: () => ({ eks_oidc_provider_arn: oidcProviderArn }),
});
const redis = createRedisCloudProvider({});
const aiven = createAivenProvider({ vendorPrincipalArn: vendorRole });

const json = (value: unknown) => JSON.parse(value as string);
const byAddress = (resources: readonly PlannedResource[], address: string) => {
  const found = resources.find((resource) => resource.address === address);
  if (!found) throw new Error(`${address} is not planned; planned: ${resources.map((resource) => resource.address).join(', ')}`);
  return found.values;
};

async function planOf(provider: CloudProviderV1) {
  const bundle = await provider.generateTemplate(cloud, { format: 'terraform' });
  for (const tf of bundle.files.filter((candidate) => candidate.path.endsWith('.tf'))) await parseHcl(tf.path, tf.contents);
  const workspace = await terraformWorkspace(bundle, { override: awsOfflineProviderOverride });
  await workspace.terraform('fmt', '-check', '-diff', '-no-color');
  const plan = await workspace.plan();
  const outputs = (plan.planned_values as unknown as { outputs: Record<string, { sensitive: boolean }> }).outputs;
  return { bundle, resources: plan.planned_values.root_module.resources, outputs };
}

async function stackOf(provider: CloudProviderV1) {
  const bundle = await provider.generateTemplate(cloud, { format: 'cloudformation' });
  const template = parse(file(bundle, 'template.yaml'));
  const parameters = Object.fromEntries(
    (json(file(bundle, 'parameters.json')) as { ParameterKey: string; ParameterValue: string }[]).map((parameter) => [
      parameter.ParameterKey,
      parameter.ParameterValue,
    ]),
  );
  // CloudFormation refuses a template that refers to anything it does not declare.
  expect(undeclaredReferences(template)).toEqual([]);
  const { evaluate } = createEvaluator(template, { parameters, region: cloud.region, accountId: customerAccount });
  const resource = (logicalId: string) => evaluate(template.Resources[logicalId]) as { Type: string; Properties: Record<string, unknown> };
  return { bundle, template, resource, evaluate };
}

describe.skipIf(!terraformAvailable())('blueprints under terraform', () => {
  it('Zilliz: plans the management role, the storage role with its OIDC trust, and the bucket', { timeout: 120_000 }, async () => {
    const { bundle, resources, outputs } = await planOf(zilliz);
    expect(resources.map((resource) => resource.address).sort()).toEqual([
      'aws_iam_policy.management',
      'aws_iam_role.management',
      'aws_iam_role.storage',
      'aws_iam_role_policy.storage',
      'aws_iam_role_policy_attachment.management',
      'aws_s3_bucket.this[0]',
      'aws_s3_bucket_ownership_controls.this[0]',
      'aws_s3_bucket_policy.tls_only[0]',
      'aws_s3_bucket_public_access_block.this[0]',
      'aws_s3_bucket_server_side_encryption_configuration.this[0]',
    ]);
    for (const resource of resources) {
      const name = resource.values.name ?? resource.values.bucket;
      if (typeof name === 'string') expect(name).toMatch(/^zilliz-byoc-/);
    }
    expect(json(byAddress(resources, 'aws_iam_role.management').assume_role_policy)).toEqual(zillizManagementTrust);
    expect(json(byAddress(resources, 'aws_iam_role.storage').assume_role_policy)).toEqual(expected.zillizStorageTrust);
    expect(json(byAddress(resources, 'aws_iam_role_policy.storage').policy)).toEqual(expected.zillizStoragePolicy);
    // Zilliz's outputs, and the template version byoc-kit stamps in every bundle.
    expect(Object.keys(outputs)).toEqual([
      'bucket_name',
      'management_policy_arn',
      'management_role_arn',
      'storage_role_arn',
      'template_version',
    ]);
    // The template creates no network, so the deployer needs no EC2 permission.
    const deployer = json(file(bundle, 'deployer-policy.json')) as { Statement: { Sid: string }[] };
    expect(deployer.Statement.map((statement) => statement.Sid)).toEqual(['Roles', 'Policies', 'Buckets']);
  });

  it('Redis Cloud: plans the instance role, the user with key and password, and the MFA console role', { timeout: 120_000 }, async () => {
    const { bundle, resources, outputs } = await planOf(redis);
    expect(resources.map((resource) => resource.address).sort()).toEqual([
      'aws_iam_access_key.user',
      'aws_iam_instance_profile.instance',
      'aws_iam_policy.instance_policy',
      'aws_iam_policy.user_policy',
      'aws_iam_role.console',
      'aws_iam_role.instance',
      'aws_iam_role_policy_attachment.console_user_policy',
      'aws_iam_role_policy_attachment.instance_policy',
      'aws_iam_user.user',
      'aws_iam_user_login_profile.user',
      'aws_iam_user_policy_attachment.user_policy',
    ]);
    expect(byAddress(resources, 'aws_iam_policy.instance_policy').name).toBe('RedisLabsInstanceRolePolicy');
    expect(json(byAddress(resources, 'aws_iam_policy.instance_policy').policy)).toEqual(expected.redisInstancePolicy);
    expect(byAddress(resources, 'aws_iam_policy.user_policy').name).toBe('RedislabsIAMUserRestrictedPolicy');
    expect(json(byAddress(resources, 'aws_iam_policy.user_policy').policy)).toEqual(expected.redisUserPolicy);
    expect(json(byAddress(resources, 'aws_iam_role.console').assume_role_policy)).toEqual(redisConsoleTrust);
    expect(byAddress(resources, 'aws_iam_role.console').name).toBe('redislabs-role');
    expect(json(byAddress(resources, 'aws_iam_role.instance').assume_role_policy).Statement[0].Principal).toEqual({
      Service: 'ec2.amazonaws.com',
    });
    expect(byAddress(resources, 'aws_iam_user.user').name).toBe('redislabs-user');
    expect(outputs.access_secret_key?.sensitive).toBe(true);
    expect(outputs.console_password?.sensitive).toBe(true);
    expect(outputs.access_key_id?.sensitive).toBe(false);
    expect(bundle.warnings?.join(' ')).toContain('long-lived access key');
    expect(bundle.files.map((candidate) => candidate.path)).not.toContain('deployer-policy.json');
  });

  it('Aiven: is the default blueprint, with the bundle of a provider given no blueprint', { timeout: 120_000 }, async () => {
    const { bundle, resources } = await planOf(aiven);
    const plain = await createAwsProvider({ vendorPrincipalArn: vendorRole }).generateTemplate(cloud, { format: 'terraform' });
    expect(bundle).toEqual(plain);
    expect(resources).toHaveLength(39);
    expect(json(byAddress(resources, 'aws_iam_role.vendor').assume_role_policy).Statement[0].Condition).toEqual({
      StringEquals: { 'sts:ExternalId': [cloud.externalId] },
      Null: { 'sts:SourceIdentity': 'false' },
    });
  });
});

describe('blueprints as CloudFormation', () => {
  it('finds what a template refers to without declaring (the check the stacks below pass)', () => {
    const template = {
      Parameters: { Name: { Type: 'String' } },
      Conditions: { On: { 'Fn::Equals': [{ Ref: 'Name' }, 'x'] } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Condition: 'Off',
          Properties: { RoleName: { Ref: 'Nam' }, Description: { 'Fn::Sub': '${Ghost.Arn} ${!Literal} ${Name}' } },
        },
      },
      Outputs: { Arn: { Value: { 'Fn::If': ['Maybe', { 'Fn::GetAtt': ['Rol', 'Arn'] }, ''] } } },
    };
    expect(undeclaredReferences(template)).toEqual(['Ghost', 'Nam', 'Rol', 'condition Maybe', 'condition Off']);
  });

  it('Zilliz: the same trust and bucket documents, and an output per role and policy', async () => {
    const { resource, template } = await stackOf(zilliz);
    expect(resource('ManagementRole').Properties.AssumeRolePolicyDocument).toEqual(zillizManagementTrust);
    expect(JSON.parse(resource('StorageRole').Properties.AssumeRolePolicyDocument as string)).toEqual(expected.zillizStorageTrust);
    const [inline] = resource('StorageRole').Properties.Policies as { PolicyDocument: unknown }[];
    expect(inline?.PolicyDocument).toEqual(expected.zillizStoragePolicy);
    const management = resource('ManagementPolicy').Properties.PolicyDocument as { Statement: { Sid: string; Resource: unknown }[] };
    expect(management.Statement.find((statement) => statement.Sid === 'PassStorageRole')?.Resource).toBe('<StorageRole.Arn>');
    expect(Object.keys(template.Outputs)).toEqual([
      'ManagementRoleArn',
      'StorageRoleArn',
      'ManagementPolicyArn',
      'BucketName',
      'TemplateVersion',
    ]);
    expect(resource('ManagementRole').Properties.RoleName).toBe(`zilliz-byoc-${cloud.id.slice(0, 8)}-management-role`);
  });

  it("Redis Cloud: the same policies and trust, and outputs named as Redis Cloud's table", async () => {
    const { resource, template, evaluate } = await stackOf(redis);
    expect(resource('InstancePolicyPolicy').Properties.PolicyDocument).toEqual(expected.redisInstancePolicy);
    expect(resource('UserPolicyPolicy').Properties.PolicyDocument).toEqual(expected.redisUserPolicy);
    expect(resource('UserPolicyPolicy').Properties).toMatchObject({ Users: ['<UserUser>'], Roles: ['<ConsoleRole>'] });
    expect(resource('ConsoleRole').Properties.AssumeRolePolicyDocument).toEqual(redisConsoleTrust);
    expect(resource('InstanceInstanceProfile').Properties.InstanceProfileName).toBe('redislabs-cluster-node-role');
    expect(Object.keys(template.Outputs).sort()).toEqual(
      ['accessKeyId', 'accessSecretKey', 'consolePassword', 'signInLoginUrl', 'IAMRoleName', 'consoleUsername', 'TemplateVersion'].sort(),
    );
    expect(evaluate(template.Outputs.signInLoginUrl.Value)).toBe(`https://${customerAccount}.signin.aws.amazon.com/console`);
    // The secret is kept in Secrets Manager; the stack's output is the secret's ARN, never the key.
    expect(template.Outputs.accessSecretKey.Value).toEqual({ Ref: 'UserAccessKeySecret' });
    expect(resource('UserAccessKeySecret').Type).toBe('AWS::SecretsManager::Secret');
  });

  it('Aiven: is the default blueprint', async () => {
    const { bundle } = await stackOf(aiven);
    expect(bundle).toEqual(
      await createAwsProvider({ vendorPrincipalArn: vendorRole }).generateTemplate(cloud, { format: 'cloudformation' }),
    );
  });
});

describe('blueprints as data', () => {
  it.each([
    ['aiven', aivenBlueprint],
    ['zilliz', zillizBlueprint],
    ['redis-cloud', redisCloudBlueprint],
  ])('%s is valid JSON under the published JSON Schema, and defines the same blueprint again', (_, blueprint) => {
    const validate = new Ajv2020({ strict: false }).compile(awsBlueprintJsonSchema());
    const data = JSON.parse(JSON.stringify(blueprint));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(defineAwsBlueprint(data)).toEqual(blueprint);
  });

  it('Redis Cloud: the teardown names the users and their keys, and no VPC', () => {
    const plan = redis.teardown(cloud);
    expect(plan.summary).toContain('users with their access keys');
    expect(plan.summary).not.toContain('VPC');
  });
});

describe('refusals', () => {
  it.each([
    [
      'a cloud with object storage off, for a blueprint that needs the bucket',
      zilliz,
      { objectStorage: { enabled: false } },
      'OBJECT_STORAGE_REQUIRED',
    ],
  ])('refuses %s', async (_, provider, change, code) => {
    for (const format of ['terraform', 'cloudformation'] as const) {
      await expect(provider.generateTemplate({ ...cloud, ...change } as CustomCloud, { format })).rejects.toMatchObject({ code });
    }
  });
});
