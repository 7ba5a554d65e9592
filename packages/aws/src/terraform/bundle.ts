import { type CustomCloud, findRegion, planSubnets, subnetTiersFor, type TemplateBundle } from '@byoc-kit/core';
import { awsZoneCount, terraformInstructions } from '../documents/bundle-readme.js';
import { deployerPolicy } from '../plan/deployer-policy.js';
import { type BlueprintRendering, blueprintWarnings, deployerPolicyCovers } from '../plan/rendering.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { renderMainTf } from './main-tf.js';
import { renderOutputsTf, renderVariablesTf } from './variables-tf.js';

/** The outputs the vendor reads back from an applied AWS template; the first one goes to `provision`. */
export const awsTemplateOutputs = [
  { name: 'aws_iam_role_arn', description: 'The role the vendor assumes with the external ID; pass it to provision.' },
  { name: 'vpc_id', description: 'The custom cloud VPC.' },
  { name: 'subnet_ids', description: 'Subnet ids by subnet name.' },
  { name: 'node_instance_profile_arn', description: 'Instance profile of the service nodes.' },
  { name: 'bucket_name', description: 'The custom cloud bucket, when object storage is on.' },
] as const;

export { awsZoneCount };

/** The subnets of a custom cloud, keyed `<tier>-<zone>`, as terraform.tfvars.json holds them. */
export function awsSubnets(cloud: CustomCloud): Record<string, { cidr: string; zone: string; tier: string }> {
  const zones = (findRegion('aws', cloud.region)?.zones ?? []).slice(0, awsZoneCount);
  const plan = planSubnets(cloud.reservedCidr, { zones, tiers: subnetTiersFor(cloud.deploymentModel), provider: 'aws' });
  return Object.fromEntries(
    plan.subnets.map((subnet) => [`${subnet.tier}-${subnet.zone}`, { cidr: subnet.cidr, zone: subnet.zone, tier: subnet.tier }]),
  );
}

/** The values of one custom cloud: the only place any of them appears in the bundle. */
export function awsTerraformVariables(
  cloud: CustomCloud,
  settings: ResolvedAwsSettings,
  parameterValues: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  return {
    custom_cloud_id: cloud.id,
    deployment_model: cloud.deploymentModel,
    display_name: cloud.displayName,
    external_id: cloud.externalId,
    object_storage_enabled: cloud.objectStorage.enabled,
    region: cloud.region,
    reserved_cidr: cloud.reservedCidr,
    subnets: awsSubnets(cloud),
    tags: cloud.tags,
    vendor_principal_arn: settings.vendorPrincipalArn,
    ...parameterValues,
  };
}

// main.tf, variables.tf and outputs.tf hold no value of one cloud: they are rendered once per provider.
const sharedFiles = new WeakMap<ResolvedAwsSettings, { main: string; variables: string; outputs: string }>();

/** The Terraform bundle: main.tf, variables.tf, outputs.tf, terraform.tfvars.json, deployer-policy.json (when it covers the blueprint), README.md. */
export function renderAwsTerraformBundle(cloud: CustomCloud, settings: ResolvedAwsSettings, rendering: BlueprintRendering): TemplateBundle {
  const { blueprint, identities, parameterValues } = rendering;
  const variables = awsTerraformVariables(cloud, settings, parameterValues);
  const deployer = deployerPolicyCovers(blueprint);
  const instructions = terraformInstructions(cloud, settings, rendering, deployer);
  const warnings = blueprintWarnings(blueprint);
  let shared = sharedFiles.get(settings);
  if (shared === undefined) {
    shared = {
      main: renderMainTf({ settings, blueprint, identities }),
      variables: renderVariablesTf(settings, blueprint),
      outputs: renderOutputsTf(blueprint, identities),
    };
    sharedFiles.set(settings, shared);
  }
  return {
    format: 'terraform',
    files: [
      { path: 'main.tf', contents: shared.main },
      { path: 'variables.tf', contents: shared.variables },
      { path: 'outputs.tf', contents: shared.outputs },
      { path: 'terraform.tfvars.json', contents: `${JSON.stringify(variables, null, 2)}\n` },
      ...(deployer
        ? [{ path: 'deployer-policy.json', contents: `${JSON.stringify(deployerPolicy(settings.resourcePrefix, blueprint), null, 2)}\n` }]
        : []),
      { path: 'README.md', contents: instructions },
    ],
    outputs: blueprint.outputs.map((output) => ({ name: output.name, description: output.description })),
    instructions,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
