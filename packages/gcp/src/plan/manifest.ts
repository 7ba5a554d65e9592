import {
  hclString,
  renderOutputBlock,
  type TemplateItem,
  type TemplateManifest,
  templateManifestOf,
  templateVersionDescription,
} from '@byoc-kit/core/provider-utils';
import type { ResolvedGcpSettings } from '../settings.js';
import { customPermissions } from './account-permissions.js';
import { selfViewerRole } from './binding.js';

/**
 * What the GCP template grants and creates, free of Terraform: the APIs, the network, the bucket,
 * each service account with every permission of its custom roles, its predefined roles, its bucket
 * roles and who may impersonate it, and the outputs. Its version is stamped in outputs.tf.
 */
export function gcpTemplateManifest(settings: ResolvedGcpSettings): TemplateManifest {
  let manifest = manifests.get(settings);
  if (manifest !== undefined) return manifest;
  const { blueprint } = settings;
  const items: TemplateItem[] = blueprint.apis.map((api) => ({
    kind: 'resource',
    key: `api ${api}`,
    description: `The \`${api}\` API, enabled in the project.`,
  }));
  if (blueprint.network)
    items.push({ kind: 'resource', key: 'network', description: 'A VPC network with its subnetworks, router and NAT or firewall.' });
  if (blueprint.bucket !== 'none')
    items.push({ kind: 'resource', key: `bucket ${blueprint.bucket}`, description: 'A bucket with uniform access.' });
  for (const account of blueprint.serviceAccounts) {
    const name = `service account \`${settings.resourcePrefix}-...${account.accountIdSuffix ? `-${account.accountIdSuffix}` : ''}\``;
    items.push({ kind: 'resource', key: `service account ${account.id}`, description: `The ${name}.` });
    for (const permission of customPermissions(account, settings)) {
      items.push({
        kind: 'permission',
        key: `${account.id} project ${permission}`,
        description: `The ${name} may use \`${permission}\` on the project.`,
      });
    }
    for (const role of account.projectRoles) {
      if ('predefined' in role) {
        items.push({
          kind: 'permission',
          key: `${account.id} project ${role.predefined}`,
          description: `The ${name} has \`${role.predefined}\` on the project.`,
        });
      }
    }
    for (const role of account.bucketRoles) {
      items.push({
        kind: 'permission',
        key: `${account.id} bucket ${role.role}`,
        description: `The ${name} has \`${role.role}\` on the bucket.`,
      });
    }
    if (account.id === blueprint.access.serviceAccount) {
      items.push({
        kind: 'resource',
        key: `${account.id} binding`,
        description: `The ${name} carries the custom cloud's binding (its external ID) at the start of its description, which the vendor checks.`,
      });
      items.push({
        kind: 'permission',
        key: `${account.id} itself ${selfViewerRole}`,
        description: `The ${name} has \`${selfViewerRole}\` on itself only, to read its own description.`,
      });
    }
    if (account.impersonation) {
      items.push({
        kind: 'permission',
        key: `${settings.vendorPrincipal} impersonates ${account.id}`,
        description: `The vendor (\`${settings.vendorPrincipal}\`) may impersonate the ${name} (Token Creator on that account only).`,
      });
    }
  }
  for (const output of blueprint.outputs) {
    items.push({ kind: 'output', key: output.name, description: `The output \`${output.name}\`: ${output.description}` });
  }
  manifest = templateManifestOf(items);
  manifests.set(settings, manifest);
  return manifest;
}

const manifests = new WeakMap<ResolvedGcpSettings, TemplateManifest>();

/** The `template_version` output of outputs.tf. */
export function renderGcpTemplateVersionOutput(settings: ResolvedGcpSettings): string {
  return renderOutputBlock('template_version', {
    description: templateVersionDescription,
    value: hclString(gcpTemplateManifest(settings).version),
  });
}
