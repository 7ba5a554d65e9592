import type { TemplateBundle } from '@byoc-kit/core';
import { makeCustomCloud, thrownCode } from '@byoc-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAwsProvider } from '../provider.js';
import { parseHcl } from '../testing/hcl.js';
import { defaultAwsBlueprint } from './default.js';
import { defineAwsBlueprint } from './define.js';
import type { AwsBlueprintInput } from './schema.js';

const vendorPrincipalArn = 'arn:aws:iam::111122223333:role/vendor';
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme',
  provider: 'aws',
  region: 'eu-west-1',
  reservedCidr: '10.0.0.0/16',
  objectStorage: { enabled: true },
});
const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';

/** A valid blueprint: a vendor role with the external ID, and a web-identity role on the bucket. */
const base = (): AwsBlueprintInput => ({
  name: 'test',
  description: 'A test blueprint.',
  network: true,
  bucket: 'optional',
  parameters: [{ name: 'oidc_provider_arn', description: 'The OIDC provider.', pattern: '^arn:aws:iam::[0-9]{12}:oidc-provider/.+$' }],
  identities: [
    {
      kind: 'crossAccountRole',
      id: 'vendor',
      name: 'vendor-role',
      description: 'Vendor role of {customCloudId}: {displayName}',
      summary: 'the vendor role;',
      trust: { principal: 'vendor' },
      policies: [
        {
          id: 'vendor',
          name: 'vendor',
          attachment: 'managed',
          statements: [
            { Sid: 'Read', Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
            {
              Sid: 'PassPods',
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: [{ arnOf: 'pods' }],
              Condition: { StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } },
            },
          ],
        },
      ],
    },
    {
      kind: 'webIdentityRole',
      id: 'pods',
      name: 'pods',
      description: 'Pods ${not.a.reference} %{nor.a.directive} "quoted" of {customCloudId}',
      summary: 'the pods role.',
      trust: { providerArnParameter: 'oidc_provider_arn', subjects: ['system:serviceaccount:app:*'] },
      policies: [
        {
          id: 'pods',
          name: 'pods',
          attachment: 'inline',
          statements: [
            { Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }] },
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: ['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }, '/${aws:username}/*'],
            },
          ],
        },
      ],
    },
  ],
  access: { identity: 'vendor' },
  outputs: [{ name: 'vendor_role_arn', value: { of: 'arn', identity: 'vendor' }, description: 'The vendor role.' }],
});

// biome-ignore lint/suspicious/noExplicitAny: the cases mutate blueprint data freely, including into shapes the types forbid.
type Loose = any;
type Change = (blueprint: AwsBlueprintInput & { identities: Loose[]; network: boolean }) => void;
const withChange = (change: Change): AwsBlueprintInput => {
  const blueprint = structuredClone(base()) as AwsBlueprintInput & { identities: Loose[]; network: boolean };
  change(blueprint);
  return blueprint;
};

describe('defineAwsBlueprint', () => {
  it('accepts the default and the test blueprint, and freezes them', () => {
    expect(Object.isFrozen(defaultAwsBlueprint.identities[0])).toBe(true);
    expect(defineAwsBlueprint(base()).identities).toHaveLength(2);
  });

  it.each<[string, Change, string]>([
    [
      'a trust open to any principal',
      (b) => {
        b.identities[0].trust.principal = { arn: '*' };
      },
      'BLUEPRINT_PRINCIPAL_WILDCARD',
    ],
    [
      'a trust open to any account',
      (b) => {
        b.identities[0].trust.principal = { account: '*' };
      },
      'BLUEPRINT_PRINCIPAL_WILDCARD',
    ],
    [
      'a trust open to any root',
      (b) => {
        b.identities[0].trust.principal = { arn: 'arn:aws:iam::*:root' };
      },
      'BLUEPRINT_PRINCIPAL_WILDCARD',
    ],
    [
      'another account trusted without any condition',
      (b) => {
        b.identities[0].trust.externalId = false;
      },
      'BLUEPRINT_TRUST_UNCONDITIONED',
    ],
    [
      'PassRole on *',
      (b) => {
        b.identities[0].policies[0].statements[1].Resource = '*';
      },
      'BLUEPRINT_PASSROLE_WILDCARD',
    ],
    [
      'PassRole on every role',
      (b) => {
        b.identities[0].policies[0].statements[1].Resource = 'arn:aws:iam::123456789012:role/*';
      },
      'BLUEPRINT_PASSROLE_WILDCARD',
    ],
    [
      'iam:* on *',
      (b) => Object.assign(b.identities[0].policies[0].statements[1], { Action: ['iam:*'], Resource: '*' }),
      'BLUEPRINT_PASSROLE_WILDCARD',
    ],
    [
      'iam:Pass* on *',
      (b) => Object.assign(b.identities[0].policies[0].statements[1], { Action: 'iam:Pass*', Resource: '*' }),
      'BLUEPRINT_PASSROLE_WILDCARD',
    ],
    [
      'an ARN of an unknown identity',
      (b) => {
        b.identities[0].policies[0].statements[1].Resource = [{ arnOf: 'nobody' }];
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'an unknown parameter',
      (b) => {
        b.identities[1].trust.providerArnParameter = 'missing';
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'the VPC without a network',
      (b) => {
        b.network = false;
        b.identities[0].policies[0].statements[0].Resource = [{ ref: 'vpcArn' }];
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'two identities with one id',
      (b) => {
        b.identities[1].id = 'vendor';
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'an access identity that cannot be verified',
      (b) => {
        b.access = { identity: 'pods' };
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'the display name outside the access identity',
      (b) => {
        b.identities[1].description = '{displayName}';
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'an output of a missing identity',
      (b) => {
        b.outputs = [{ name: 'x', value: { of: 'arn', identity: 'nobody' }, description: 'x' }];
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'a secret output of a role',
      (b) => {
        b.outputs = [{ name: 'x', value: { of: 'secretAccessKey', identity: 'vendor' }, description: 'x' }];
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'a policy over IAM limit, unsplit',
      (b) => {
        b.identities[0].policies[0].statements[0].Resource = Array.from(
          { length: 150 },
          (_, i) => `arn:aws:s3:::bucket-with-a-long-name-${i}`,
        );
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'a statement too large for any policy, in a split policy',
      (b) => {
        b.identities[0].policies[0].split = true;
        b.identities[0].policies[0].statements[0].Resource = Array.from(
          { length: 150 },
          (_, i) => `arn:aws:s3:::bucket-with-a-long-name-${i}`,
        );
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'an unknown identity kind',
      (b) => {
        b.identities[0].kind = 'group';
      },
      'BLUEPRINT_INVALID',
    ],
    [
      'an unknown key',
      (b) => {
        b.identities[0].extra = true;
      },
      'INPUT_UNKNOWN_KEY',
    ],
    [
      'a parameter pattern that is not anchored',
      (b) => {
        b.parameters = [{ name: 'p', description: 'p', pattern: '[a-z]+' }];
      },
      'BLUEPRINT_INVALID',
    ],
  ])('refuses %s', (_, change, code) => {
    const blueprint = withChange(change);
    expect(thrownCode(() => defineAwsBlueprint(blueprint))).toBe(code);
    // createAwsProvider validates a blueprint given as data the same way: no provider, nothing rendered.
    expect(thrownCode(() => createAwsProvider({ vendorPrincipalArn, blueprint }))).toBe(code);
  });

  it('names the path of every problem', () => {
    const blueprint = withChange((b) => {
      b.identities[0].trust.principal = { arn: '*' };
      b.identities[0].policies[0].statements[1].Resource = '*';
    });
    let error: unknown;
    try {
      defineAwsBlueprint(blueprint);
    } catch (caught) {
      error = caught;
    }
    const issues = (error as { details: { issues: { path: string; code: string }[] } }).details.issues;
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['BLUEPRINT_PRINCIPAL_WILDCARD', 'identities[0].trust.principal'],
      ['BLUEPRINT_PASSROLE_WILDCARD', 'identities[0].policies[0].statements[1].Resource'],
    ]);
  });

  it('validates a frozen blueprint that defineAwsBlueprint did not return', () => {
    const blueprint = Object.freeze(
      withChange((b) => {
        b.identities[0].trust.principal = { arn: '*' };
      }),
    );
    expect(thrownCode(() => createAwsProvider({ vendorPrincipalArn, blueprint }))).toBe('BLUEPRINT_PRINCIPAL_WILDCARD');
  });

  it('refuses names that the resource prefix makes too long for IAM', () => {
    const blueprint = withChange((b) => {
      b.identities[0].name = 'a'.repeat(55);
    });
    expect(thrownCode(() => createAwsProvider({ vendorPrincipalArn, blueprint, resourcePrefix: 'acme' }))).toBe('BLUEPRINT_INVALID');
  });
});

describe('rendering a blueprint', () => {
  const oidc = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC';
  const aws = createAwsProvider({ vendorPrincipalArn, blueprint: base(), blueprintParameters: () => ({ oidc_provider_arn: oidc }) });

  it('writes every file as HCL that parses, with the literal text of descriptions and IAM variables kept', async () => {
    const bundle = await aws.generateTemplate(cloud, { format: 'terraform' });
    for (const name of ['main.tf', 'variables.tf', 'outputs.tf']) await parseHcl(name, file(bundle, name));
    const main = (await parseHcl('main.tf', file(bundle, 'main.tf'))) as {
      resource: { aws_iam_role: { pods: { description: string }[] } };
    };
    expect(main.resource.aws_iam_role.pods[0]?.description).toBe(
      'Pods $${not.a.reference} %%{nor.a.directive} "quoted" of ${var.custom_cloud_id}',
    );
    expect(file(bundle, 'main.tf')).toContain('/$${aws:username}/*');
    expect(JSON.parse(file(bundle, 'terraform.tfvars.json')).oidc_provider_arn).toBe(oidc);
    expect(file(bundle, 'variables.tf')).toContain('variable "oidc_provider_arn"');
  });

  it('writes the same in CloudFormation, with literal ${ escaped inside Fn::Sub', async () => {
    const bundle = await aws.generateTemplate(cloud, { format: 'cloudformation' });
    const template = parse(file(bundle, 'template.yaml'));
    expect(template.Resources.PodsRole.Properties.Description).toEqual({
      'Fn::Sub': 'Pods ${!not.a.reference} %{nor.a.directive} "quoted" of ${CustomCloudId}',
    });
    expect(template.Parameters.OidcProviderArn).toMatchObject({
      Type: 'String',
      AllowedPattern: '^arn:aws:iam::[0-9]{12}:oidc-provider/.+$',
    });
    expect(JSON.parse(file(bundle, 'parameters.json'))).toContainEqual({ ParameterKey: 'OidcProviderArn', ParameterValue: oidc });
    const resource = template.Resources.PodsRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource;
    expect(resource['Fn::Sub'][0]).toBe('arn:${AWS::Partition}:s3:::${BucketName}/${!aws:username}/*');
  });

  it('leaves a parameter without a value to the customer, and says so', async () => {
    const open = createAwsProvider({ vendorPrincipalArn, blueprint: base() });
    const bundle = await open.generateTemplate(cloud, { format: 'terraform' });
    expect(JSON.parse(file(bundle, 'terraform.tfvars.json'))).not.toHaveProperty('oidc_provider_arn');
    expect(bundle.instructions).toContain('`oidc_provider_arn`: The OIDC provider.');
  });

  it.each([
    ['a value that does not match', { oidc_provider_arn: 'arn:aws:iam::123:role/x' }],
    ['a parameter the blueprint does not declare', { oidc_provider_arn: oidc, other: 'x' }],
  ])('refuses %s: BLUEPRINT_PARAMETER_INVALID, nothing rendered', async (_, values) => {
    const strict = createAwsProvider({ vendorPrincipalArn, blueprint: base(), blueprintParameters: () => values });
    await expect(strict.generateTemplate(cloud, { format: 'terraform' })).rejects.toMatchObject({ code: 'BLUEPRINT_PARAMETER_INVALID' });
    await expect(strict.generateTemplate(cloud, { format: 'cloudformation' })).rejects.toMatchObject({
      code: 'BLUEPRINT_PARAMETER_INVALID',
    });
  });
});

describe('every kind of text in every template field', () => {
  const outsideLatin1 = /[^\t\n\r\x20-\x7E\xA1-\xFF]/u;
  const anyText = fc.string({ unit: 'binary', maxLength: 40 });

  it('renders descriptions IAM accepts and display names that come back unchanged, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText,
        anyText,
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        async (identityText, policyText, name) => {
          fc.pre(name.trim() !== '' && !name.includes('\0'));
          const blueprint = withChange((b) => {
            b.identities[1].description = `${identityText} {customCloudId}`;
            b.identities[0].policies[0].description = policyText;
          });
          const aws = createAwsProvider({
            vendorPrincipalArn,
            blueprint,
            blueprintParameters: () => ({ oidc_provider_arn: 'arn:aws:iam::123456789012:oidc-provider/x' }),
          });
          const named = { ...cloud, displayName: name.normalize('NFC') };
          const terraform = await aws.generateTemplate(named, { format: 'terraform' });
          const cloudFormation = await aws.generateTemplate(named, { format: 'cloudformation' });
          for (const path of ['main.tf', 'variables.tf', 'outputs.tf']) {
            expect(file(terraform, path)).not.toMatch(outsideLatin1);
            await parseHcl(path, file(terraform, path));
          }
          expect(file(cloudFormation, 'template.yaml')).not.toMatch(outsideLatin1);
          parse(file(cloudFormation, 'template.yaml'));
          expect(JSON.parse(file(terraform, 'terraform.tfvars.json')).display_name).toBe(named.displayName);
          const parameters = JSON.parse(file(cloudFormation, 'parameters.json')) as { ParameterKey: string; ParameterValue: string }[];
          const displayName = parameters.find((parameter) => parameter.ParameterKey === 'DisplayName')?.ParameterValue;
          expect(displayName).toBe(named.displayName.replace(/[^\t\n\r\x20-\x7E\xA1-\xFF]/gu, '?'));
        },
      ),
      { numRuns: 60 },
    );
  });
});
