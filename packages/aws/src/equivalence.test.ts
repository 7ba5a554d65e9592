import { makeCustomCloud } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { defaultAwsBlueprint } from './blueprint/default.js';
import { defineAwsBlueprint } from './blueprint/define.js';
import type { AwsBlueprint } from './blueprint/schema.js';
import { createAwsProvider } from './provider.js';
import { serializationsOf } from './testing/serializations.js';

/**
 * Terraform and CloudFormation are two serializations of one plan: for each blueprint, model and
 * storage choice, both create the same resources, the same trust and permission documents
 * (evaluated, references resolved alike) and the same outputs.
 */
const vendorPrincipalArn = 'arn:aws:iam::111122223333:role/vendor';
const accountId = '123456789012';

// Every kind of identity and policy a blueprint can declare, in one.
const everything = defineAwsBlueprint({
  name: 'everything',
  description: 'Every identity kind, split and shared policies, references of every sort.',
  network: false,
  bucket: 'optional',
  parameters: [{ name: 'oidc_provider_arn', description: 'The OIDC provider.', pattern: '^arn:aws:iam::[0-9]{12}:oidc-provider/.+$' }],
  identities: [
    {
      kind: 'crossAccountRole',
      id: 'manager',
      name: 'manager',
      description: 'Manages {customCloudId} for {displayName}',
      summary: 'the role the vendor assumes;',
      trust: { principal: 'vendor', actions: ['sts:AssumeRole', 'sts:TagSession'], externalId: true },
      policies: [
        {
          id: 'manager',
          name: 'manager',
          attachment: 'managed',
          split: true,
          statements: Array.from({ length: 12 }, (_, index) => ({
            Sid: `Read${index}`,
            Effect: 'Allow' as const,
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: [['arn:', { ref: 'partition' as const }, `:s3:::data-${index}-`, { ref: 'customCloudId' as const }, '/*']],
          })),
        },
        {
          id: 'manager_storage',
          name: 'manager-storage',
          attachment: 'managed',
          when: 'objectStorage',
          statements: [
            { Effect: 'Allow', Action: 's3:*Object', Resource: [['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }, '/*']] },
          ],
        },
      ],
    },
    {
      kind: 'webIdentityRole',
      id: 'storage',
      name: 'storage',
      summary: 'a role for the data plane;',
      trust: { providerArnParameter: 'oidc_provider_arn', subjects: ['system:serviceaccount:data:*', 'system:serviceaccount:ops:*'] },
      policies: [
        {
          id: 'storage',
          name: 'storage',
          attachment: 'inline',
          statements: [
            {
              Effect: 'Allow',
              Action: 'sts:GetCallerIdentity',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } },
            },
          ],
        },
      ],
      attachPolicies: ['manager_storage_shared'],
    },
    {
      kind: 'crossAccountRole',
      id: 'console',
      name: 'console',
      exactName: true,
      summary: 'a console role;',
      trust: { principal: { account: '111122223333' }, externalId: false, mfa: true },
      policies: [
        {
          id: 'manager_storage_shared',
          name: 'shared',
          attachment: 'managed',
          statements: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: [[{ arnOf: 'storage' }]] }],
        },
      ],
    },
    {
      kind: 'user',
      id: 'robot',
      name: 'robot',
      summary: 'a user with a key;',
      accessKey: true,
      consolePassword: true,
      policies: [
        {
          id: 'robot',
          name: 'robot',
          attachment: 'inline',
          statements: [{ Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' }],
        },
      ],
    },
  ],
  access: { identity: 'manager' },
  outputs: [
    { name: 'manager_role_arn', value: { of: 'arn', identity: 'manager' }, description: 'The role.' },
    { name: 'storage_role_arn', value: { of: 'arn', identity: 'storage' }, description: 'The storage role.' },
    { name: 'shared_policy_arn', value: { of: 'policyArn', policy: 'manager_storage_shared' }, description: 'The shared policy.' },
    { name: 'storage_policy_arn', value: { of: 'policyArn', policy: 'manager_storage' }, description: 'The storage policy.' },
    { name: 'robot_key_id', value: { of: 'accessKeyId', identity: 'robot' }, description: 'The key id.' },
    { name: 'robot_secret', value: { of: 'secretAccessKey', identity: 'robot' }, description: 'The secret.' },
    { name: 'robot_password', value: { of: 'consolePassword', identity: 'robot' }, description: 'The password.' },
    { name: 'sign_in_url', value: { of: 'signInUrl' }, description: 'Where the robot signs in.' },
    { name: 'bucket_name', value: { of: 'bucketName' }, description: 'The bucket.' },
  ],
});

const cases: [string, AwsBlueprint, Record<string, string>][] = [
  ['default', defaultAwsBlueprint, {}],
  ['everything', everything, { oidc_provider_arn: `arn:aws:iam::${accountId}:oidc-provider/oidc.eks.eu-north-1.amazonaws.com/id/ABC` }],
];

describe.each(cases)('the %s blueprint as Terraform and as CloudFormation', (_name, blueprint, parameters) => {
  const provider = createAwsProvider({
    vendorPrincipalArn,
    blueprint,
    blueprintParameters: () => parameters,
    extraVendorStatements: [{ Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: 'arn:aws:logs:*:*:log-group:vendor-*' }],
  });
  it.each([
    ['standard', true],
    ['standard', false],
    ['standard_public', true],
    ['standard_public', false],
  ] as const)('creates the same resources, documents and outputs (%s, storage %s)', async (deploymentModel, storage) => {
    const cloud = makeCustomCloud({
      organizationId: 'org',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.20.0.0/16',
      displayName: 'Équipe données',
      deploymentModel,
      objectStorage: { enabled: storage },
    });
    const { terraform, cloudFormation } = await serializationsOf(provider, cloud, { blueprint, accountId });
    expect(terraform).toEqual(cloudFormation);
    expect(Object.keys(terraform.roles).length).toBeGreaterThan(0);
    expect(terraform.resources.role).toBe(blueprint.identities.filter((identity) => identity.kind !== 'user').length);
  });

  it("applies the customer's guardrails alike: the boundary on every role and user, the path and the name affixes on every IAM entity", async () => {
    const cloud = makeCustomCloud({
      organizationId: 'org',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.20.0.0/16',
      displayName: 'Guarded',
    });
    const boundary = `arn:aws:iam::${accountId}:policy/workload-boundary`;
    const { terraform, cloudFormation } = await serializationsOf(
      provider,
      cloud,
      { blueprint, accountId },
      {
        terraform: { permissions_boundary_arn: boundary, iam_path: '/vendors/byoc/', iam_name_prefix: 'corp-', iam_name_suffix: '-x' },
        cloudFormation: { PermissionsBoundaryArn: boundary, IamPath: '/vendors/byoc/', IamNamePrefix: 'corp-', IamNameSuffix: '-x' },
      },
    );
    expect(terraform).toEqual(cloudFormation);
    const entries = Object.entries(terraform.placement);
    expect(entries.length).toBeGreaterThanOrEqual(blueprint.identities.length);
    for (const [entity, { path, permissionsBoundary }] of entries) {
      expect(entity, entity).toMatch(/^(role|user|policy|profile) corp-.*-x$/);
      expect(path, entity).toBe('/vendors/byoc/');
      expect(permissionsBoundary, entity).toBe(/^(role|user) /.test(entity) ? boundary : undefined);
    }
  });
});
