import {
  expression,
  type HclValue,
  placeholderTemplate,
  renderAttributes,
  renderHcl,
  renderOutputBlock,
  renderResourceBlock,
} from '@byoc-kit/core/provider-utils';
import type { GcpBlueprint, GcpBlueprintOutput, GcpBlueprintServiceAccount } from '../blueprint/define.js';
import { bindingPrefix, selfViewerRole } from '../plan/binding.js';
import type { ResolvedGcpSettings } from '../settings.js';

const placeholders = { shortId: 'local.short_id', customCloudId: 'var.custom_cloud_id', displayName: 'var.display_name' };

/** A quoted HCL template of text whose placeholders become interpolations. */
function text(value: string): string {
  return renderHcl(placeholderTemplate(value, placeholders));
}

function block(type: string, label: string, entries: readonly (readonly [string, HclValue])[], counted = false): string {
  return renderResourceBlock(type, label, entries, counted ? { count: 'var.object_storage_enabled ? 1 : 0' } : {});
}

/**
 * The description of a service account, cut to IAM's 256 characters. The account the vendor
 * impersonates starts with the cloud's binding, so the cut never reaches it.
 */
function descriptionOf(account: GcpBlueprintServiceAccount, bound: boolean): string {
  const described = bound
    ? renderHcl(
        placeholderTemplate(`${bindingPrefix}{externalId} ${account.description}`, { ...placeholders, externalId: 'var.external_id' }),
      )
    : text(account.description);
  return `substr(${described}, 0, 256)`;
}

function accountBlocks(account: GcpBlueprintServiceAccount, settings: ResolvedGcpSettings, bound: boolean): string {
  const member = expression(`"serviceAccount:\${google_service_account.${account.id}.email}"`);
  const roleIdPrefix = settings.resourcePrefix.replaceAll('-', '_');
  const accountId = account.accountIdSuffix ? `"\${local.name}-${account.accountIdSuffix}"` : 'local.name';
  const blocks = [
    `resource "google_service_account" "${account.id}" {
${renderAttributes(
  [
    ['account_id', expression(accountId)],
    ['display_name', expression(text(account.displayName))],
    ['description', expression(descriptionOf(account, bound))],
  ],
  1,
)}

  depends_on = [google_project_service.required]
}
`,
  ];
  for (const role of account.projectRoles) {
    if ('custom' in role) {
      const permissions = role.custom.permissions === 'settings' ? settings.permissions : [...role.custom.permissions].sort();
      blocks.push(
        block('google_project_iam_custom_role', role.id, [
          ['role_id', expression(`"${roleIdPrefix}_\${local.short_id}_${role.custom.roleId}"`)],
          ['title', expression(text(role.custom.title))],
          ['description', expression(text(role.custom.description))],
          ['permissions', expression(renderHcl(permissions, 1))],
        ]),
      );
    }
    blocks.push(
      block('google_project_iam_member', role.id, [
        ['project', expression('var.project_id')],
        ['role', 'custom' in role ? expression(`google_project_iam_custom_role.${role.id}.id`) : role.predefined],
        ['member', member],
      ]),
    );
  }
  for (const grant of account.bucketRoles) {
    blocks.push(
      block(
        'google_storage_bucket_iam_member',
        grant.id,
        [
          ['bucket', expression('google_storage_bucket.this[0].name')],
          ['role', grant.role],
          ['member', member],
        ],
        true,
      ),
    );
  }
  if (bound) {
    blocks.push(
      `# The account may read itself, and nothing else: the vendor reads the cloud's binding in its description.\n\n${block(
        'google_service_account_iam_member',
        `${account.id}_reads_itself`,
        [
          ['service_account_id', expression(`google_service_account.${account.id}.name`)],
          ['role', selfViewerRole],
          ['member', member],
        ],
      )}`,
    );
  }
  let rendered = `${account.comment ? `# ${account.comment}\n\n` : ''}${blocks.join('\n')}`;
  if (account.impersonation) {
    const { id, comment } = account.impersonation;
    rendered += `\n${comment ? `# ${comment}\n\n` : ''}${block('google_service_account_iam_member', id, [
      ['service_account_id', expression(`google_service_account.${account.id}.name`)],
      ['role', 'roles/iam.serviceAccountTokenCreator'],
      ['member', expression('"serviceAccount:${var.vendor_principal}"')],
    ])}`;
  }
  return rendered;
}

/**
 * The service accounts of main.tf, each with its roles, bucket grants and impersonation grant; the
 * one the vendor impersonates (the blueprint's access) also carries the cloud's binding.
 */
export function renderServiceAccountsTf(blueprint: GcpBlueprint, settings: ResolvedGcpSettings): string {
  return blueprint.serviceAccounts
    .map((account) => accountBlocks(account, settings, account.id === blueprint.access.serviceAccount))
    .join('\n');
}

function outputValue(output: GcpBlueprintOutput): string {
  const value = output.value;
  switch (value.of) {
    case 'id':
      return `google_service_account.${value.serviceAccount}.id`;
    case 'email':
      return `google_service_account.${value.serviceAccount}.email`;
    case 'networkId':
      return 'google_compute_network.this.id';
    case 'subnetworkIds':
      return '{ for key, subnetwork in google_compute_subnetwork.this : key => subnetwork.id }';
    case 'bucketName':
      return 'var.object_storage_enabled ? google_storage_bucket.this[0].name : null';
  }
}

/** outputs.tf, as the blueprint lists the outputs. */
export function renderGcpOutputsTf(blueprint: GcpBlueprint): string {
  return blueprint.outputs
    .map((output) =>
      renderOutputBlock(output.name, { description: output.terraformDescription ?? output.description, value: outputValue(output) }),
    )
    .join('\n');
}
