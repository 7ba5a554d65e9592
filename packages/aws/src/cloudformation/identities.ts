import type { AwsBlueprintIdentity, AwsBlueprintOutput } from '../blueprint/schema.js';
import { type AwsTemplatePlan, type PlannedIdentity, type PlannedPolicy, policiesById } from '../plan/plan.js';
import { getAtt, iamBoundary, iamName, iamPlacement, pascalCase, prefixedName, ref, sub, subLiteral } from './intrinsics.js';
import { type CloudFormationReferenceContext, cloudFormationPolicyDocument } from './policies.js';

type Tags = (extra?: Record<string, unknown>) => unknown[];

const storageCondition = 'StorageEnabled';

function nameOf(name: string, exact: boolean): unknown {
  return exact ? name : prefixedName(name);
}

/** A description with `{customCloudId}` and `{displayName}` as stack parameters. */
function description(text: string): unknown {
  if (!/\{(customCloudId|displayName)\}/.test(text)) return text;
  return sub(subLiteral(text).replaceAll('{customCloudId}', '${CustomCloudId}').replaceAll('{displayName}', '${DisplayName}'));
}

/** The CloudFormation logical id of an identity: `NodeRole`, `RedisUser`. */
export function identityLogicalId(identity: AwsBlueprintIdentity): string {
  return `${pascalCase(identity.id)}${identity.kind === 'user' ? 'User' : 'Role'}`;
}

/** The logical id of a planned policy: `VendorStoragePolicy`, `VendorPolicy1` for a part. */
export function policyLogicalId(planned: PlannedPolicy): string {
  return `${pascalCase(planned.policy.id)}Policy${planned.part ?? ''}`;
}

function inlinePolicies(policies: readonly PlannedPolicy[], context: CloudFormationReferenceContext): unknown {
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
  { identity, trust, policies }: PlannedIdentity,
  { tags, ownTags }: { tags: Tags; ownTags: Tags },
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
        UserName: iamName(identity.name, identity.exactName),
        ...iamPlacement,
        ...iamBoundary,
        ...(identity.consolePassword
          ? { LoginProfile: { Password: sub(`{{resolve:secretsmanager:\${${pascal}ConsolePassword}}}`), PasswordResetRequired: true } }
          : {}),
        ...(inline.length > 0 ? { Policies: inlinePolicies(inline, context) } : {}),
        Tags: ownTags(),
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
        RoleName: iamName(identity.name, identity.exactName),
        ...iamPlacement,
        ...iamBoundary,
        ...(identity.description ? { Description: description(identity.description) } : {}),
        ...(identity.kind === 'crossAccountRole' && identity.maxSessionDurationSeconds !== undefined
          ? { MaxSessionDuration: identity.maxSessionDurationSeconds }
          : {}),
        AssumeRolePolicyDocument: trust ? cloudFormationPolicyDocument([trust], { ...context, style: 'direct' }) : undefined,
        ...(inline.length > 0 ? { Policies: inlinePolicies(inline, context) } : {}),
        Tags: ownTags(),
      },
    };
    if (identity.kind === 'serviceRole' && identity.instanceProfile) {
      resources[`${pascal}InstanceProfile`] = {
        Type: 'AWS::IAM::InstanceProfile',
        Properties: {
          InstanceProfileName: iamName(identity.instanceProfile.name, identity.exactName),
          ...iamPlacement,
          Roles: [ref(logicalId)],
        },
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
    resources[policyLogicalId(resolved)] = {
      Type: 'AWS::IAM::ManagedPolicy',
      ...(policy.when ? { Condition: storageCondition } : {}),
      Properties: {
        ManagedPolicyName: iamName(resolved.name, policy.exactName),
        ...iamPlacement,
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
  plan: AwsTemplatePlan,
  tags: Tags,
  versionTag?: { key: string; value: string },
): Record<string, unknown> {
  const { blueprint } = plan;
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
  // The identity the vendor uses carries the template version, for the vendor to read back.
  const ownTags = (identity: PlannedIdentity): Tags =>
    identity.identity.id === plan.blueprint.access.identity && versionTag ? () => tags({ [versionTag.key]: versionTag.value }) : tags;
  return Object.assign(
    {},
    ...plan.identities.map((identity) => identityResources(identity, { tags, ownTags: ownTags(identity) }, context, sharedWith)),
  );
}

/** The CloudFormation name of an output: given, or the PascalCase of the Terraform name. */
export function cloudFormationOutputName(output: AwsBlueprintOutput): string {
  return output.cloudFormationName ?? pascalCase(output.name);
}

/**
 * The stack's outputs: the identities' first, then the network's and the bucket's. Subnet ids are
 * Terraform's only (the stack's subnets are separate resources).
 */
export function cloudFormationOutputs(plan: AwsTemplatePlan): Record<string, unknown> {
  const { blueprint } = plan;
  const byId = new Map(blueprint.identities.map((identity) => [identity.id, identity]));
  const policies = policiesById(plan);
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
        value = ref(policy ? policyLogicalId(policy) : '');
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
