import { type CustomCloud, planSubnets, subnetTiersFor, type TemplateBundle } from '@byoc-kit/core';
import { customPermissions } from '../plan/account-permissions.js';
import { selfViewerRole } from '../plan/binding.js';
import { gcpTemplateManifest, renderGcpTemplateVersionOutput } from '../plan/manifest.js';
import type { ResolvedGcpSettings } from '../settings.js';
import { renderGcpOutputsTf } from './accounts.js';
import { renderGcpMainTf } from './main-tf.js';
import { renderGcpVariablesTf } from './variables-tf.js';

/** Subnetworks are regional on Google Cloud: one per tier, keyed `<tier>-<region>`. */
export function gcpSubnets(cloud: CustomCloud): Record<string, { cidr: string; tier: string }> {
  const plan = planSubnets(cloud.reservedCidr, { zones: [cloud.region], tiers: subnetTiersFor(cloud.deploymentModel), provider: 'gcp' });
  return Object.fromEntries(plan.subnets.map((subnet) => [`${subnet.tier}-${subnet.zone}`, { cidr: subnet.cidr, tier: subnet.tier }]));
}

/** The values of one custom cloud; `project_id` is the customer's to give. */
export function gcpTerraformVariables(cloud: CustomCloud, settings: ResolvedGcpSettings): Record<string, unknown> {
  return {
    custom_cloud_id: cloud.id,
    deployment_model: cloud.deploymentModel,
    display_name: cloud.displayName,
    external_id: cloud.externalId,
    object_storage_enabled: cloud.objectStorage.enabled,
    region: cloud.region,
    reserved_cidr: cloud.reservedCidr,
    subnets: gcpSubnets(cloud),
    tags: cloud.tags,
    vendor_principal: settings.vendorPrincipal,
  };
}

/** The Terraform bundle: main.tf, variables.tf, outputs.tf, terraform.tfvars.json, README.md. */
export function renderGcpTerraformBundle(cloud: CustomCloud, settings: ResolvedGcpSettings): TemplateBundle {
  const instructions = customerInstructions(cloud, settings);
  return {
    format: 'terraform',
    files: [
      { path: 'main.tf', contents: renderGcpMainTf(settings) },
      { path: 'variables.tf', contents: renderGcpVariablesTf(settings) },
      { path: 'outputs.tf', contents: `${renderGcpOutputsTf(settings.blueprint)}\n${renderGcpTemplateVersionOutput(settings)}` },
      { path: 'terraform.tfvars.json', contents: `${JSON.stringify(gcpTerraformVariables(cloud, settings), null, 2)}\n` },
      { path: 'README.md', contents: instructions },
    ],
    outputs: settings.blueprint.outputs.map((output) => ({ name: output.name, description: output.description })),
    instructions,
    templateVersion: gcpTemplateManifest(settings).version,
  };
}

function customerInstructions(cloud: CustomCloud, settings: ResolvedGcpSettings): string {
  return settings.documents.terraformReadme({
    cloud,
    creates: whatItCreates(cloud, settings),
    accessOutput: accessOutput(settings),
    vendorPrincipal: settings.vendorPrincipal,
    vendor: settings.documents.data,
  });
}

const apiNames: Record<string, string> = {
  compute: 'Compute',
  iam: 'IAM',
  iamcredentials: 'IAM Credentials',
  monitoring: 'Monitoring',
  container: 'Kubernetes Engine',
  storage: 'Cloud Storage',
  logging: 'Cloud Logging',
  cloudresourcemanager: 'Resource Manager',
};

/** "the Compute, IAM and Monitoring APIs, enabled;", then the network, the bucket and each service account. */
function whatItCreates(cloud: CustomCloud, settings: ResolvedGcpSettings): string[] {
  const { blueprint } = settings;
  const names = blueprint.apis.map((api) => apiNames[api.replace('.googleapis.com', '')] ?? `\`${api}\``);
  const list = names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const lines = [`the ${list} API${names.length === 1 ? '' : 's'}, enabled;`];
  if (blueprint.network) {
    lines.push(
      `a VPC network with a subnetwork on \`${cloud.reservedCidr}\`${cloud.deploymentModel === 'standard' ? ', a Cloud Router and Cloud NAT (private model: nodes get no external IP)' : ' and a firewall rule for TLS from the internet (public model)'};`,
    );
  }
  if (blueprint.bucket !== 'none') {
    lines.push(
      cloud.objectStorage.enabled ? 'a bucket with uniform access and public access prevented;' : 'no bucket (object storage is off);',
    );
  }
  for (const account of blueprint.serviceAccounts) {
    lines.push(
      account.summary
        .replaceAll('{permissions}', String(customPermissions(account, settings).length))
        .replaceAll('{vendorPrincipal}', settings.vendorPrincipal),
    );
    if (account.id === blueprint.access.serviceAccount) {
      lines.push(
        `the custom cloud's binding: its external ID (\`${cloud.externalId}\`) at the start of that service account's\n  description, which the account may read on itself (\`${selfViewerRole}\` on the account only). The vendor\n  checks it on every verification and health check, so the account serves this custom cloud and no other.`,
      );
    }
  }
  return lines;
}

/** The output naming the service account the customer returns. */
function accessOutput({ blueprint }: ResolvedGcpSettings): string {
  const output = blueprint.outputs.find(
    (candidate) =>
      candidate.value.of === 'id' &&
      'serviceAccount' in candidate.value &&
      candidate.value.serviceAccount === blueprint.access.serviceAccount,
  );
  return (output ?? blueprint.outputs[0])?.name ?? '';
}
