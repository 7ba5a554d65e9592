import { expression, type HclValue, hclString, renderResourceBlock, template } from '@byoc-kit/core/provider-utils';
import type { AwsBlueprint, AwsBlueprintIdentity } from '../blueprint/schema.js';
import { type AwsTemplatePlan, type PlannedIdentity, type PlannedPolicy, sharedPolicies } from '../plan/plan.js';
import { type IdentityAddress, renderCompactPolicyHcl, renderPolicyHcl } from './policies.js';

const storageCount = 'var.object_storage_enabled ? 1 : 0';

/** The Terraform address of each identity: `aws_iam_role.<id>` or `aws_iam_user.<id>`. */
export function identityAddresses(blueprint: AwsBlueprint): IdentityAddress {
  const kinds = new Map(blueprint.identities.map((identity) => [identity.id, identity.kind]));
  return (id) => `${kinds.get(id) === 'user' ? 'aws_iam_user' : 'aws_iam_role'}.${id}`;
}

/** The Terraform label of a planned policy: its id, `_<part>` after it when split. */
export function policyLabel(planned: PlannedPolicy): string {
  return planned.part === undefined ? planned.policy.id : `${planned.policy.id}_${planned.part}`;
}

/** `"${local.name}-node-role"`, or the exact name as a literal. */
function nameValue(name: string, exact: boolean): HclValue {
  return exact ? name : template(expression('local.name'), `-${name}`);
}

/** The name of an IAM entity (role, user, instance profile, managed policy), in your organization's prefix and suffix. */
function iamNameValue(name: string, exact: boolean): HclValue {
  return template(
    expression('var.iam_name_prefix'),
    ...(exact ? [name] : [expression('local.name'), `-${name}`]),
    expression('var.iam_name_suffix'),
  );
}

/** Where your organization's guardrails put every IAM entity: its path, and for roles and users the boundary. */
const iamPlacement: readonly [string, HclValue][] = [['path', expression('var.iam_path')]];
const iamBoundary: readonly [string, HclValue][] = [['permissions_boundary', expression('local.iam_permissions_boundary')]];

/** A description with `{customCloudId}` interpolated; the access identity's `{displayName}` is `local.role_description`. */
function descriptionValue(text: string): HclValue {
  if (text.includes('{displayName}')) return expression('local.role_description');
  const parts = text.split('{customCloudId}');
  return template(
    ...parts.flatMap((part, index) => (index === 0 ? [part] : [expression('var.custom_cloud_id'), part])).filter((part) => part !== ''),
  );
}

/** The text of `local.role_description`, when the access identity's description names the custom cloud. */
export function roleDescriptionLocal(blueprint: AwsBlueprint): string | undefined {
  const access = blueprint.identities.find((identity) => identity.id === blueprint.access.identity);
  const text = access?.description;
  if (!text?.includes('{displayName}')) return undefined;
  const latin1 = 'replace(var.display_name, "/[^\\\\t\\\\n\\\\r\\\\x{20}-\\\\x{7E}\\\\x{A1}-\\\\x{FF}]/", "?")';
  const body = text
    .split(/(\{customCloudId\}|\{displayName\})/)
    .map((part) => {
      if (part === '{customCloudId}') return '${var.custom_cloud_id}';
      if (part === '{displayName}') return `\${${latin1}}`;
      return hclString(part).slice(1, -1);
    })
    .join('');
  return `"${body}"`;
}

function block(type: string, label: string, counted: boolean, entries: readonly (readonly [string, HclValue])[]): string {
  return renderResourceBlock(type, label, entries, counted ? { count: storageCount } : {});
}

/** The locals a web-identity role needs: the OIDC issuer, taken from the provider's ARN. */
export function webIdentityLocals(blueprint: AwsBlueprint): [string, HclValue][] {
  return blueprint.identities.flatMap((identity): [string, HclValue][] =>
    identity.kind === 'webIdentityRole'
      ? [[`${identity.id}_oidc_issuer`, expression(`element(split("oidc-provider/", var.${identity.trust.providerArnParameter}), 1)`)]]
      : [],
  );
}

function identityBlocks({ identity, trust }: PlannedIdentity, addressOf: IdentityAddress, tags: HclValue | undefined): string[] {
  const { id } = identity;
  const tagEntries: [string, HclValue][] = tags === undefined ? [] : [['tags', tags]];
  if (identity.kind === 'user') {
    const blocks = [
      block('aws_iam_user', id, false, [
        ['name', iamNameValue(identity.name, identity.exactName)],
        ...iamPlacement,
        ...iamBoundary,
        ...tagEntries,
      ]),
    ];
    if (identity.accessKey) blocks.push(block('aws_iam_access_key', id, false, [['user', expression(`aws_iam_user.${id}.name`)]]));
    if (identity.consolePassword) {
      blocks.push(
        block('aws_iam_user_login_profile', id, false, [
          ['user', expression(`aws_iam_user.${id}.name`)],
          ['password_reset_required', true],
        ]),
      );
    }
    return blocks;
  }
  const entries: [string, HclValue][] = [['name', iamNameValue(identity.name, identity.exactName)], ...iamPlacement, ...iamBoundary];
  if (identity.description) entries.push(['description', descriptionValue(identity.description)]);
  if (identity.kind === 'crossAccountRole' && identity.maxSessionDurationSeconds !== undefined) {
    entries.push(['max_session_duration', identity.maxSessionDurationSeconds]);
  }
  if (trust) entries.push(['assume_role_policy', expression(renderCompactPolicyHcl([trust], 1, addressOf))]);
  entries.push(...tagEntries);
  const blocks = [block('aws_iam_role', id, false, entries)];
  if (identity.kind === 'serviceRole' && identity.instanceProfile) {
    blocks.push(
      block('aws_iam_instance_profile', id, false, [
        ['name', iamNameValue(identity.instanceProfile.name, identity.exactName)],
        ...iamPlacement,
        ['role', expression(`aws_iam_role.${id}.name`)],
      ]),
    );
  }
  return blocks;
}

function policyBlocks(identity: AwsBlueprintIdentity, planned: PlannedPolicy, addressOf: IdentityAddress): string[] {
  const { policy } = planned;
  const label = policyLabel(planned);
  const counted = policy.when === 'objectStorage';
  const isUser = identity.kind === 'user';
  const owner: [string, HclValue] = isUser
    ? ['user', expression(`aws_iam_user.${identity.id}.name`)]
    : ['role', expression(`aws_iam_role.${identity.id}.${policy.attachment === 'inline' ? 'id' : 'name'}`)];
  const name: [string, HclValue] = ['name', nameValue(planned.name, policy.exactName)];
  if (policy.attachment === 'inline') {
    return [
      block(isUser ? 'aws_iam_user_policy' : 'aws_iam_role_policy', label, counted, [
        name,
        owner,
        ['policy', expression(renderCompactPolicyHcl(planned.statements, 1, addressOf))],
      ]),
    ];
  }
  const entries: [string, HclValue][] = [['name', iamNameValue(planned.name, policy.exactName)], ...iamPlacement];
  if (planned.description) entries.push(['description', descriptionValue(planned.description)]);
  entries.push(['policy', expression(renderPolicyHcl(planned.statements, 1, addressOf))]);
  return [
    block('aws_iam_policy', label, counted, entries),
    block(isUser ? 'aws_iam_user_policy_attachment' : 'aws_iam_role_policy_attachment', label, counted, [
      owner,
      ['policy_arn', expression(`aws_iam_policy.${label}${counted ? '[0]' : ''}.arn`)],
    ]),
  ];
}

/** Attachments of managed policies another identity declares. */
function sharedPolicyBlocks(plan: AwsTemplatePlan, identity: AwsBlueprintIdentity): string[] {
  const isUser = identity.kind === 'user';
  return sharedPolicies(plan, identity).map((planned) =>
    block(isUser ? 'aws_iam_user_policy_attachment' : 'aws_iam_role_policy_attachment', `${identity.id}_${policyLabel(planned)}`, false, [
      isUser ? ['user', expression(`aws_iam_user.${identity.id}.name`)] : ['role', expression(`aws_iam_role.${identity.id}.name`)],
      ['policy_arn', expression(`aws_iam_policy.${policyLabel(planned)}.arn`)],
    ]),
  );
}

/**
 * The identities of main.tf: each with its comment, its resources, then its policies. The identity
 * the vendor uses carries the template version as a tag (beside the provider's default tags).
 */
export function renderIdentitiesTf(plan: AwsTemplatePlan, versionTag?: { key: string; value: string }): string {
  const addressOf = identityAddresses(plan.blueprint);
  return plan.identities
    .map((planned) => {
      const { identity, policies } = planned;
      const tags =
        versionTag && identity.id === plan.blueprint.access.identity
          ? expression(`{ ${hclString(versionTag.key)} = ${hclString(versionTag.value)} }`)
          : undefined;
      const blocks = [
        ...identityBlocks(planned, addressOf, tags),
        ...policies.flatMap((policy) => policyBlocks(identity, policy, addressOf)),
        ...sharedPolicyBlocks(plan, identity),
      ];
      return `${identity.comment ? `# ${identity.comment}\n\n` : ''}${blocks.join('\n')}`;
    })
    .join('\n');
}
