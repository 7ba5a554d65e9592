import type { CustomCloud, TemplateBundle } from '@byoc-kit/core';
import { terraformInstructions } from '../documents/bundle-readme.js';
import { deployerPolicy } from '../plan/deployer-policy.js';
import { awsTemplateManifest, awsTemplateVersionTag } from '../plan/manifest.js';
import { blueprintWarnings, type CloudPlan, deployerPolicyCovers } from '../plan/plan.js';
import { awsSubnets } from '../plan/subnets.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { renderMainTf } from './main-tf.js';
import { renderOutputsTf, renderTemplateVersionOutput, renderVariablesTf } from './variables-tf.js';

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
    previous_external_id: cloud.externalIdRotation?.previousExternalId ?? '',
    object_storage_enabled: cloud.objectStorage.enabled,
    region: cloud.region,
    reserved_cidr: cloud.reservedCidr,
    subnets: awsSubnets(cloud),
    tags: cloud.tags,
    vendor_principal_arn: settings.vendorPrincipalArn,
    // Your organization's IAM guardrails: the defaults change nothing; set them before applying.
    permissions_boundary_arn: '',
    iam_path: '/',
    iam_name_prefix: '',
    iam_name_suffix: '',
    ...parameterValues,
  };
}

// main.tf, variables.tf and outputs.tf hold no value of one cloud: they are rendered once per provider.
const sharedFiles = new WeakMap<ResolvedAwsSettings, { main: string; variables: string; outputs: string }>();

/** The Terraform bundle: main.tf, variables.tf, outputs.tf, terraform.tfvars.json, deployer-policy.json (when it covers the blueprint), README.md. */
export function renderAwsTerraformBundle(cloud: CustomCloud, settings: ResolvedAwsSettings, cloudPlan: CloudPlan): TemplateBundle {
  const { plan, parameterValues } = cloudPlan;
  const { blueprint } = plan;
  const variables = awsTerraformVariables(cloud, settings, parameterValues);
  const deployer = deployerPolicyCovers(blueprint);
  const instructions = terraformInstructions(cloud, settings, cloudPlan, deployer);
  const warnings = blueprintWarnings(blueprint);
  let shared = sharedFiles.get(settings);
  if (shared === undefined) {
    shared = {
      main: renderMainTf(plan, awsTemplateVersionTag(settings)),
      variables: renderVariablesTf(settings, blueprint),
      outputs: `${renderOutputsTf(plan)}\n${renderTemplateVersionOutput(settings)}`,
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
    templateVersion: awsTemplateManifest(settings).version,
  };
}
