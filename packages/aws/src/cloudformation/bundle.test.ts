import { join } from 'node:path';
import type { TemplateBundle } from '@byoc-kit/core';
import { expectGoldenFiles, makeCustomCloud } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAwsProvider } from '../provider.js';

const settings = {
  vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
  cloudFormationTemplateUrl: 'https://vendor.example/byoc/template.yaml',
};
const aws = createAwsProvider(settings);
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme "prod" ${x} 😀',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.20.0.0/20',
  objectStorage: { enabled: true },
});
const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';

interface Template {
  Parameters: Record<string, { AllowedPattern?: string; AllowedValues?: string[] }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, unknown>;
}

describe('AWS CloudFormation bundle', async () => {
  const bundle = await aws.generateTemplate(cloud, { format: 'cloudformation' });
  const template = parse(file(bundle, 'template.yaml')) as Template;
  const parameters = Object.fromEntries(
    (JSON.parse(file(bundle, 'parameters.json')) as { ParameterKey: string; ParameterValue: string }[]).map((entry) => [
      entry.ParameterKey,
      entry.ParameterValue,
    ]),
  );

  it('parses as YAML into a template whose parameters the parameter file fills exactly', () => {
    expect(Object.keys(parameters).sort()).toEqual(Object.keys(template.Parameters).sort());
    for (const [key, value] of Object.entries(parameters)) {
      const rule = template.Parameters[key];
      if (rule?.AllowedPattern) expect(value, key).toMatch(new RegExp(rule.AllowedPattern));
      if (rule?.AllowedValues) expect(rule.AllowedValues, key).toContain(value);
    }
  });

  it('holds no value of the custom cloud: every one is a parameter', async () => {
    const other = await aws.generateTemplate(
      makeCustomCloud(
        { organizationId: 'o', displayName: 'Other', provider: 'aws', region: 'us-east-1', reservedCidr: '10.9.0.0/16' },
        { id: '9f0c5a1e-2b3d-4c5e-8f70-a1b2c3d4e5f6' },
      ),
      {
        format: 'cloudformation',
      },
    );
    expect(file(other, 'template.yaml')).toBe(file(bundle, 'template.yaml'));
    expect(file(bundle, 'template.yaml')).not.toContain(cloud.externalId);
  });

  it('trusts the vendor principal only with the external ID, and only with a source identity', () => {
    const trust = template.Resources.VendorRole?.Properties.AssumeRolePolicyDocument as { Statement: unknown[] };
    expect(trust.Statement).toEqual([
      {
        Sid: 'VendorWithExternalId',
        Effect: 'Allow',
        Principal: { AWS: { Ref: 'VendorPrincipalArn' } },
        // The vendor's sessions carry who they act for: allowed, and a session without a source identity refused.
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
        // Both IDs while PreviousExternalId is set (a rotation), else the cloud's own.
        Condition: {
          StringEquals: {
            'sts:ExternalId': {
              'Fn::If': ['HasPreviousExternalId', [{ Ref: 'ExternalId' }, { Ref: 'PreviousExternalId' }], [{ Ref: 'ExternalId' }]],
            },
          },
          Null: { 'sts:SourceIdentity': 'false' },
        },
      },
    ]);
    expect(template.Conditions?.HasPreviousExternalId).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PreviousExternalId' }, ''] }] });
    expect(parameters.ExternalId).toBe(cloud.externalId);
    expect(parameters.PreviousExternalId).toBe('');
    expect(parameters.VendorPrincipalArn).toBe(settings.vendorPrincipalArn);
  });

  it('attaches the same vendor permissions as the Terraform bundle, PassRole on the node role only', () => {
    const policies = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::IAM::ManagedPolicy');
    const statements = policies.flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Sid: string; Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    expect(statements.map((statement) => statement.Sid)).toContain('ManageCustomCloudResources');
    const passRole = statements.find((statement) => statement.Sid === 'PassNodeRoleToEc2Only');
    expect(passRole?.Resource).toEqual({ 'Fn::Sub': ['${NodeRoleArn}', { NodeRoleArn: { 'Fn::GetAtt': ['NodeRole', 'Arn'] } }] });
    for (const policy of policies) expect(policy.Properties.Roles).toEqual([{ Ref: 'VendorRole' }]);
    expect(template.Resources.VendorStoragePolicy?.Condition).toBe('StorageEnabled');
  });

  it('makes the network optional and the bucket conditional', () => {
    expect(template.Resources.Vpc?.Condition).toBe('CreateNetwork');
    expect(template.Resources.NatGateway?.Condition).toBe('CreatePrivateNetwork');
    expect(template.Resources.Bucket?.Condition).toBe('StorageEnabled');
    expect(parameters).toMatchObject({
      CreateNetwork: 'true',
      ObjectStorageEnabled: 'true',
      DeploymentModel: 'standard',
      ReservedCidr: '10.20.0.0/20',
    });
    expect(parameters.WorkloadSubnetCidrs).toBe('10.20.0.0/23,10.20.2.0/23,10.20.4.0/23');
    expect(parameters.BastionSubnetCidrs).toBe('10.20.6.0/23,10.20.8.0/23,10.20.10.0/23');
  });

  it('keeps only Latin-1 in the display name, as IAM descriptions require', () => {
    expect(parameters.DisplayName).toBe('Acme "prod" ${x} ?');
  });

  it('links a quick-create page with every parameter filled in', () => {
    const link = bundle.instructions.match(/https:\/\/console\.aws\.amazon\.com\/\S+/)?.[0] ?? '';
    const url = new URL(link);
    expect(url.searchParams.get('region')).toBe('eu-north-1');
    const query = new URLSearchParams(url.hash.split('?')[1]);
    expect(query.get('templateURL')).toBe(settings.cloudFormationTemplateUrl);
    expect(query.get('param_ExternalId')).toBe(cloud.externalId);
    expect(query.get('param_DisplayName')).toBe(parameters.DisplayName);
  });

  it('falls back to the CLI without a hosted template', async () => {
    const plain = await createAwsProvider({ vendorPrincipalArn: settings.vendorPrincipalArn }).generateTemplate(cloud, {
      format: 'cloudformation',
    });
    expect(plain.instructions).not.toContain('quickcreate');
    expect(plain.instructions).toContain('aws cloudformation create-stack');
  });
});

describe('AWS CloudFormation bundle goldens', () => {
  const goldenFolder = join(import.meta.dirname, '..', '__golden__');
  it.each([
    ['default settings', createAwsProvider({ vendorPrincipalArn: settings.vendorPrincipalArn })],
    [
      'extra statements and a hosted template',
      createAwsProvider({
        ...settings,
        resourcePrefix: 'acme',
        extraVendorStatements: [
          { Sid: 'ReadParameters', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: 'arn:aws:ssm:*:*:parameter/acme/*' },
        ],
      }),
    ],
  ])('matches the golden files with %s', async (name, provider) => {
    const bundle = await provider.generateTemplate(cloud, { format: 'cloudformation' });
    expectGoldenFiles(join(goldenFolder, `cloudformation-${name.split(' ')[0]}`), bundle.files);
  });
});
