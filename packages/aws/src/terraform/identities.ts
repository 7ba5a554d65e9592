import { expression, type HclValue, hclString, renderResourceBlock, template } from '@byoc-kit/core';
import type { AwsBlueprint, AwsBlueprintIdentity } from '../blueprint/schema.js';
import type { ResolvedIdentity, ResolvedPolicy } from '../plan/resolve.js';
import {
  compactStatements,
  type IdentityAddress,
  type InlineObject,
  inlineObject,
  renderCompactPolicyHcl,
  renderPolicyHcl,
} from './policies.js';

const storageCount = 'var.object_storage_enabled ? 1 : 0';

/** The Terraform address of each identity: `aws_iam_role.<id>` or `aws_iam_user.<id>`. */
export function identityAddresses(blueprint: AwsBlueprint): IdentityAddress {
  const kinds = new Map(blueprint.identities.map((identity) => [identity.id, identity.kind]));
  return (id) => `${kinds.get(id) === 'user' ? 'aws_iam_user' : 'aws_iam_role'}.${id}`;
}

/** `"${local.name}-node-role"`, or the exact name as a literal. */
function nameValue(name: string, exact: boolean): HclValue {
  return exact ? name : template(expression('local.name'), `-${name}`);
}

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

function trustDocument(identity: AwsBlueprintIdentity): string | undefined {
  const document = (statement: Record<string, HclValue | InlineObject>) =>
    renderCompactPolicyHcl([statement as Record<string, HclValue>], 1);
  switch (identity.kind) {
    case 'serviceRole':
      return document({
        Sid: 'Ec2',
        Effect: 'Allow',
        Principal: inlineObject({ Service: expression('local.ec2_service') }),
        Action: 'sts:AssumeRole',
      });
    case 'crossAccountRole': {
      const { trust } = identity;
      const principal =
        trust.principal === 'vendor'
          ? expression('var.vendor_principal_arn')
          : 'account' in trust.principal
            ? template('arn:', expression('local.partition'), `:iam::${trust.principal.account}:root`)
            : trust.principal.arn;
      const conditions: Record<string, HclValue | InlineObject> = {};
      if (trust.externalId) conditions.StringEquals = inlineObject({ 'sts:ExternalId': expression('var.external_id') });
      if (trust.mfa) conditions.Bool = inlineObject({ 'aws:MultiFactorAuthPresent': 'true' });
      return document({
        Sid: trust.sid ?? crossAccountSid(trust),
        Effect: 'Allow',
        Principal: inlineObject({ AWS: principal }),
        Action: trust.actions.length === 1 ? (trust.actions[0] as string) : [...trust.actions],
        Condition: inlineObject(conditions),
      });
    }
    case 'webIdentityRole': {
      const { trust } = identity;
      const issuer = `local.${identity.id}_oidc_issuer`;
      return document({
        ...(trust.sid ? { Sid: trust.sid } : {}),
        Effect: 'Allow',
        Principal: inlineObject({ Federated: expression(`var.${trust.providerArnParameter}`) }),
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: inlineObject({
          [trust.subjectMatch]: {
            inline: [
              [`"\${${issuer}}:sub"`, trust.subjects.length === 1 ? (trust.subjects[0] as string) : [...trust.subjects]],
              [`"\${${issuer}}:aud"`, trust.audience],
            ],
          },
        }),
      });
    }
    default:
      return undefined;
  }
}

/** `VendorWithExternalId`, `VendorWithMfa`, `VendorWithExternalIdAndMfa`. */
export function crossAccountSid(trust: { externalId: boolean; mfa: boolean }): string {
  return `Vendor${trust.externalId ? 'WithExternalId' : ''}${trust.mfa ? (trust.externalId ? 'AndMfa' : 'WithMfa') : ''}`;
}

/** The locals a web-identity role needs: the OIDC issuer, taken from the provider's ARN. */
export function webIdentityLocals(blueprint: AwsBlueprint): [string, HclValue][] {
  return blueprint.identities.flatMap((identity): [string, HclValue][] =>
    identity.kind === 'webIdentityRole'
      ? [[`${identity.id}_oidc_issuer`, expression(`element(split("oidc-provider/", var.${identity.trust.providerArnParameter}), 1)`)]]
      : [],
  );
}

function identityBlocks(identity: AwsBlueprintIdentity): string[] {
  const { id } = identity;
  if (identity.kind === 'user') {
    const blocks = [block('aws_iam_user', id, false, [['name', nameValue(identity.name, identity.exactName)]])];
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
  const entries: [string, HclValue][] = [['name', nameValue(identity.name, identity.exactName)]];
  if (identity.description) entries.push(['description', descriptionValue(identity.description)]);
  if (identity.kind === 'crossAccountRole' && identity.maxSessionDurationSeconds !== undefined) {
    entries.push(['max_session_duration', identity.maxSessionDurationSeconds]);
  }
  entries.push(['assume_role_policy', expression(trustDocument(identity) as string)]);
  const blocks = [block('aws_iam_role', id, false, entries)];
  if (identity.kind === 'serviceRole' && identity.instanceProfile) {
    blocks.push(
      block('aws_iam_instance_profile', id, false, [
        ['name', nameValue(identity.instanceProfile.name, identity.exactName)],
        ['role', expression(`aws_iam_role.${id}.name`)],
      ]),
    );
  }
  return blocks;
}

function policyBlocks(identity: AwsBlueprintIdentity, resolved: ResolvedPolicy, addressOf: IdentityAddress): string[] {
  const { policy } = resolved;
  const counted = policy.when === 'objectStorage';
  const isUser = identity.kind === 'user';
  const owner: [string, HclValue] = isUser
    ? ['user', expression(`aws_iam_user.${identity.id}.name`)]
    : ['role', expression(`aws_iam_role.${identity.id}.${policy.attachment === 'inline' ? 'id' : 'name'}`)];
  const name: [string, HclValue] = ['name', nameValue(resolved.name, policy.exactName)];
  if (policy.attachment === 'inline') {
    const document = renderCompactPolicyHcl(compactStatements(resolved.statements, addressOf), 1);
    return [
      block(isUser ? 'aws_iam_user_policy' : 'aws_iam_role_policy', resolved.label, counted, [
        name,
        owner,
        ['policy', expression(document)],
      ]),
    ];
  }
  const entries: [string, HclValue][] = [name];
  if (resolved.description) entries.push(['description', descriptionValue(resolved.description)]);
  entries.push(['policy', expression(renderPolicyHcl(resolved.statements, 1, addressOf))]);
  return [
    block('aws_iam_policy', resolved.label, counted, entries),
    block(isUser ? 'aws_iam_user_policy_attachment' : 'aws_iam_role_policy_attachment', resolved.label, counted, [
      owner,
      ['policy_arn', expression(`aws_iam_policy.${resolved.label}${counted ? '[0]' : ''}.arn`)],
    ]),
  ];
}

/** Attachments of managed policies another identity declares. */
function sharedPolicyBlocks(identity: AwsBlueprintIdentity, identities: readonly ResolvedIdentity[]): string[] {
  const isUser = identity.kind === 'user';
  return identity.attachPolicies.flatMap((id) =>
    identities
      .flatMap(({ policies }) => policies)
      .filter((resolved) => resolved.policy.id === id)
      .map((resolved) =>
        block(isUser ? 'aws_iam_user_policy_attachment' : 'aws_iam_role_policy_attachment', `${identity.id}_${resolved.label}`, false, [
          isUser ? ['user', expression(`aws_iam_user.${identity.id}.name`)] : ['role', expression(`aws_iam_role.${identity.id}.name`)],
          ['policy_arn', expression(`aws_iam_policy.${resolved.label}.arn`)],
        ]),
      ),
  );
}

/** The identities of main.tf: each with its comment, its resources, then its policies. */
export function renderIdentitiesTf(blueprint: AwsBlueprint, identities: readonly ResolvedIdentity[]): string {
  const addressOf = identityAddresses(blueprint);
  return identities
    .map(({ identity, policies }) => {
      const blocks = [
        ...identityBlocks(identity),
        ...policies.flatMap((policy) => policyBlocks(identity, policy, addressOf)),
        ...sharedPolicyBlocks(identity, identities),
      ];
      return `${identity.comment ? `# ${identity.comment}\n\n` : ''}${blocks.join('\n')}`;
    })
    .join('\n');
}
