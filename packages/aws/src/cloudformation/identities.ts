import type { AwsBlueprint, AwsBlueprintIdentity, AwsBlueprintOutput } from '../blueprint/schema.js';
import { identityLogicalId, pascalCase, type ResolvedIdentity, type ResolvedPolicy } from '../plan/resolve.js';
import { crossAccountSid } from '../terraform/identities.js';
import { getAtt, parameterName, prefixedName, ref, sub, subLiteral } from './intrinsics.js';
import { type CloudFormationReferenceContext, cloudFormationPolicyDocument } from './policies.js';

type Tags = () => unknown[];

const storageCondition = 'StorageEnabled';

function nameOf(name: string, exact: boolean): unknown {
  return exact ? name : prefixedName(name);
}

/** A description with `{customCloudId}` and `{displayName}` as stack parameters. */
function description(text: string): unknown {
  if (!/\{(customCloudId|displayName)\}/.test(text)) return text;
  return sub(subLiteral(text).replaceAll('{customCloudId}', '${CustomCloudId}').replaceAll('{displayName}', '${DisplayName}'));
}

function trustDocument(identity: AwsBlueprintIdentity): unknown {
  const document = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });
  switch (identity.kind) {
    case 'serviceRole':
      return document({ Sid: 'Ec2', Effect: 'Allow', Principal: { Service: sub('ec2.${AWS::URLSuffix}') }, Action: 'sts:AssumeRole' });
    case 'crossAccountRole': {
      const { trust } = identity;
      const principal =
        trust.principal === 'vendor'
          ? ref('VendorPrincipalArn')
          : 'account' in trust.principal
            ? sub(`arn:\${AWS::Partition}:iam::${trust.principal.account}:root`)
            : trust.principal.arn;
      const condition: Record<string, unknown> = {};
      if (trust.externalId) condition.StringEquals = { 'sts:ExternalId': ref('ExternalId') };
      if (trust.mfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
      return document({
        Sid: trust.sid ?? crossAccountSid(trust),
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: trust.actions.length === 1 ? trust.actions[0] : [...trust.actions],
        Condition: condition,
      });
    }
    case 'webIdentityRole': {
      // Condition keys cannot hold intrinsic functions, so the issuer is substituted into the document as text.
      const { trust } = identity;
      const provider = parameterName(trust.providerArnParameter);
      const text = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            ...(trust.sid ? { Sid: trust.sid } : {}),
            Effect: 'Allow',
            Principal: { Federated: `\${${provider}}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              [trust.subjectMatch]: {
                '${OidcIssuer}:sub': trust.subjects.length === 1 ? subLiteral(trust.subjects[0] as string) : trust.subjects.map(subLiteral),
                '${OidcIssuer}:aud': subLiteral(trust.audience),
              },
            },
          },
        ],
      });
      return sub(text, { OidcIssuer: { 'Fn::Select': [1, { 'Fn::Split': ['oidc-provider/', ref(provider)] }] } });
    }
    default:
      return undefined;
  }
}

function inlinePolicies(policies: readonly ResolvedPolicy[], context: CloudFormationReferenceContext): unknown {
  const items = policies.map((resolved) => {
    const item = {
      PolicyName: resolved.policy.cloudFormation.policyName ?? nameOf(resolved.name, resolved.policy.exactName),
      PolicyDocument: cloudFormationPolicyDocument(resolved.statements, {
        ...context,
        inlineReferences: resolved.policy.cloudFormation.inlineReferences,
      }),
    };
    return { item, conditional: resolved.policy.when === 'objectStorage' };
  });
  const only = items[0];
  if (items.length === 1 && only?.conditional) return { 'Fn::If': [storageCondition, [only.item], ref('AWS::NoValue')] };
  return items.map(({ item, conditional }) => (conditional ? { 'Fn::If': [storageCondition, item, ref('AWS::NoValue')] } : item));
}

function identityResources(
  { identity, policies }: ResolvedIdentity,
  tags: Tags,
  context: CloudFormationReferenceContext,
  sharedWith: (policyId: string) => { Roles: unknown[]; Users: unknown[] },
): Record<string, unknown> {
  const logicalId = identityLogicalId(identity);
  const pascal = pascalCase(identity.id);
  const inline = policies.filter((policy) => policy.policy.attachment === 'inline');
  const resources: Record<string, unknown> = {};
  if (identity.kind === 'user') {
    resources[logicalId] = {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: nameOf(identity.name, identity.exactName),
        ...(identity.consolePassword
          ? { LoginProfile: { Password: sub(`{{resolve:secretsmanager:\${${pascal}ConsolePassword}}}`), PasswordResetRequired: true } }
          : {}),
        ...(inline.length > 0 ? { Policies: inlinePolicies(inline, context) } : {}),
        Tags: tags(),
      },
    };
    if (identity.consolePassword) {
      resources[`${pascal}ConsolePassword`] = {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          Description: sub(`Console password of the IAM user of custom cloud \${CustomCloudId}.`),
          GenerateSecretString: { PasswordLength: 32, ExcludeCharacters: '"\'`/\\@' },
          Tags: tags(),
        },
      };
    }
    if (identity.accessKey) {
      resources[`${pascal}AccessKey`] = { Type: 'AWS::IAM::AccessKey', Properties: { UserName: ref(logicalId) } };
      resources[`${pascal}AccessKeySecret`] = {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          Description: sub(`Access key of the IAM user of custom cloud \${CustomCloudId}.`),
          SecretString: sub('{"accessKeyId":"${KeyId}","secretAccessKey":"${Secret}"}', {
            KeyId: ref(`${pascal}AccessKey`),
            Secret: getAtt(`${pascal}AccessKey`, 'SecretAccessKey'),
          }),
          Tags: tags(),
        },
      };
    }
  } else {
    resources[logicalId] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: nameOf(identity.name, identity.exactName),
        ...(identity.description ? { Description: description(identity.description) } : {}),
        ...(identity.kind === 'crossAccountRole' && identity.maxSessionDurationSeconds !== undefined
          ? { MaxSessionDuration: identity.maxSessionDurationSeconds }
          : {}),
        AssumeRolePolicyDocument: trustDocument(identity),
        ...(inline.length > 0 ? { Policies: inlinePolicies(inline, context) } : {}),
        Tags: tags(),
      },
    };
    if (identity.kind === 'serviceRole' && identity.instanceProfile) {
      resources[`${pascal}InstanceProfile`] = {
        Type: 'AWS::IAM::InstanceProfile',
        Properties: { InstanceProfileName: nameOf(identity.instanceProfile.name, identity.exactName), Roles: [ref(logicalId)] },
      };
    }
  }
  // Unconditional managed policies first, then those that exist with object storage only.
  const managed = policies.filter((policy) => policy.policy.attachment === 'managed');
  const ordered = [...managed.filter((policy) => !policy.policy.when), ...managed.filter((policy) => policy.policy.when)];
  for (const resolved of ordered) {
    const { policy } = resolved;
    const attached = sharedWith(policy.id);
    (identity.kind === 'user' ? attached.Users : attached.Roles).unshift(ref(logicalId));
    resources[resolved.logicalId] = {
      Type: 'AWS::IAM::ManagedPolicy',
      ...(policy.when ? { Condition: storageCondition } : {}),
      Properties: {
        ManagedPolicyName: nameOf(resolved.name, policy.exactName),
        ...(resolved.description && policy.cloudFormation.description ? { Description: description(resolved.description) } : {}),
        ...(attached.Roles.length > 0 ? { Roles: attached.Roles } : {}),
        ...(attached.Users.length > 0 ? { Users: attached.Users } : {}),
        PolicyDocument: cloudFormationPolicyDocument(resolved.statements, context),
      },
    };
  }
  return resources;
}

/** The IAM resources of the blueprint, each identity followed by its instance profile, secrets and managed policies. */
export function cloudFormationIdentityResources(
  blueprint: AwsBlueprint,
  identities: readonly ResolvedIdentity[],
  tags: Tags,
): Record<string, unknown> {
  const logicalIds = new Map(blueprint.identities.map((identity) => [identity.id, identityLogicalId(identity)]));
  const context: CloudFormationReferenceContext = { logicalIdOf: (id) => logicalIds.get(id) ?? pascalCase(id) };
  // Identities that attach a policy another one declares, by policy id.
  const sharedWith = (policyId: string) => {
    const sharers = blueprint.identities.filter((identity) => identity.attachPolicies.includes(policyId));
    return {
      Roles: sharers.filter((identity) => identity.kind !== 'user').map((identity) => ref(identityLogicalId(identity))),
      Users: sharers.filter((identity) => identity.kind === 'user').map((identity) => ref(identityLogicalId(identity))),
    };
  };
  return Object.assign({}, ...identities.map((identity) => identityResources(identity, tags, context, sharedWith)));
}

/** The CloudFormation name of an output: given, or the PascalCase of the Terraform name. */
export function cloudFormationOutputName(output: AwsBlueprintOutput): string {
  return output.cloudFormationName ?? pascalCase(output.name);
}

/**
 * The stack's outputs: the identities' first, then the network's and the bucket's. Subnet ids are
 * Terraform's only (the stack's subnets are separate resources).
 */
export function cloudFormationOutputs(blueprint: AwsBlueprint, identities: readonly ResolvedIdentity[]): Record<string, unknown> {
  const byId = new Map(blueprint.identities.map((identity) => [identity.id, identity]));
  const policies = new Map(identities.flatMap(({ policies }) => policies.map((policy) => [policy.policy.id, policy])));
  const firstUser = blueprint.identities.find((identity) => identity.kind === 'user');
  const rank = (output: AwsBlueprintOutput) => (output.value.of === 'vpcId' ? 1 : output.value.of === 'bucketName' ? 2 : 0);
  const outputs: Record<string, unknown> = {};
  const sorted = blueprint.outputs.filter((output) => output.value.of !== 'subnetIds').sort((a, b) => rank(a) - rank(b));
  for (const output of sorted) {
    const spec = output.value;
    const pascal = 'identity' in spec ? pascalCase(spec.identity) : '';
    const identity = 'identity' in spec ? byId.get(spec.identity) : undefined;
    const logicalId = identity ? identityLogicalId(identity) : '';
    let value: unknown;
    let condition: string | undefined;
    let note = '';
    switch (spec.of) {
      case 'arn':
        value = getAtt(logicalId, 'Arn');
        break;
      case 'name':
        value = ref(logicalId);
        break;
      case 'instanceProfileArn':
        value = getAtt(`${pascal}InstanceProfile`, 'Arn');
        break;
      case 'accessKeyId':
        value = ref(`${pascal}AccessKey`);
        break;
      case 'secretAccessKey':
        value = ref(`${pascal}AccessKeySecret`);
        note = ' The value is the ARN of the Secrets Manager secret that holds it.';
        break;
      case 'consolePassword':
        value = ref(`${pascal}ConsolePassword`);
        note = ' The value is the ARN of the Secrets Manager secret that holds it.';
        break;
      case 'policyArn': {
        const policy = policies.get(spec.policy);
        value = ref(policy?.logicalId ?? '');
        if (policy?.policy.when) condition = storageCondition;
        break;
      }
      case 'signInUrl':
        value = sub('https://${AWS::AccountId}.signin.${Domain}/console', {
          Domain: { 'Fn::If': ['IsChina', 'amazonaws.cn', { 'Fn::If': ['IsGovCloud', 'amazonaws-us-gov.com', 'aws.amazon.com'] }] },
        });
        if (!firstUser) value = undefined;
        break;
      case 'vpcId':
        value = { 'Fn::If': ['CreateNetwork', ref('Vpc'), ref('ExistingVpcId')] };
        break;
      default:
        value = ref('Bucket');
        condition = storageCondition;
    }
    outputs[cloudFormationOutputName(output)] = {
      Description: `${output.cloudFormationDescription ?? output.description}${note}`,
      ...(condition ? { Condition: condition } : {}),
      Value: value,
    };
  }
  return outputs;
}
