import { type CustomCloud, escapeMarkdown, findRegion, planSubnets, subnetTiersFor, type TemplateBundle } from '@byoc-kit/core';
import { deployerPolicy } from './aws-deployer-policy.js';
import { splitIntoPolicies } from './aws-policy-document.js';
import type { ResolvedAwsSettings } from './aws-settings.js';
import { renderMainTf } from './aws-terraform-main.js';
import { renderOutputsTf, renderVariablesTf } from './aws-terraform-variables.js';
import { vendorComputeStatements, vendorStorageStatements } from './aws-vendor-permissions.js';

/** The outputs the vendor reads back from an applied AWS template; the first one goes to `provision`. */
export const awsTemplateOutputs = [
  { name: 'aws_iam_role_arn', description: 'The role the vendor assumes with the external ID; pass it to provision.' },
  { name: 'vpc_id', description: 'The custom cloud VPC.' },
  { name: 'subnet_ids', description: 'Subnet ids by subnet name.' },
  { name: 'node_instance_profile_arn', description: 'Instance profile of the service nodes.' },
  { name: 'bucket_name', description: 'The custom cloud bucket, when object storage is on.' },
] as const;

/** How many availability zones the template spreads subnets over. */
export const awsZoneCount = 3;

/** The subnets of a custom cloud, keyed `<tier>-<zone>`, as terraform.tfvars.json holds them. */
export function awsSubnets(cloud: CustomCloud): Record<string, { cidr: string; zone: string; tier: string }> {
  const zones = (findRegion('aws', cloud.region)?.zones ?? []).slice(0, awsZoneCount);
  const plan = planSubnets(cloud.reservedCidr, { zones, tiers: subnetTiersFor(cloud.deploymentModel), provider: 'aws' });
  return Object.fromEntries(
    plan.subnets.map((subnet) => [`${subnet.tier}-${subnet.zone}`, { cidr: subnet.cidr, zone: subnet.zone, tier: subnet.tier }]),
  );
}

/** The values of one custom cloud: the only place any of them appears in the bundle. */
export function awsTerraformVariables(cloud: CustomCloud, settings: ResolvedAwsSettings): Record<string, unknown> {
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
  };
}

/** The Terraform bundle: main.tf, variables.tf, outputs.tf, terraform.tfvars.json, deployer-policy.json, README.md. */
export function renderAwsTerraformBundle(cloud: CustomCloud, settings: ResolvedAwsSettings): TemplateBundle {
  const variables = awsTerraformVariables(cloud, settings);
  const instructions = customerInstructions(cloud, settings);
  return {
    format: 'terraform',
    files: [
      {
        path: 'main.tf',
        contents: renderMainTf({
          settings,
          computePolicies: splitIntoPolicies(vendorComputeStatements(settings.resourcePrefix)),
          storageStatements: vendorStorageStatements(),
        }),
      },
      { path: 'variables.tf', contents: renderVariablesTf(settings) },
      { path: 'outputs.tf', contents: renderOutputsTf() },
      { path: 'terraform.tfvars.json', contents: `${JSON.stringify(variables, null, 2)}\n` },
      { path: 'deployer-policy.json', contents: `${JSON.stringify(deployerPolicy(settings.resourcePrefix), null, 2)}\n` },
      { path: 'README.md', contents: instructions },
    ],
    outputs: awsTemplateOutputs,
    instructions,
  };
}

function customerInstructions(cloud: CustomCloud, settings: ResolvedAwsSettings): string {
  const name = escapeMarkdown(cloud.displayName);
  return `# Custom cloud "${name}" on AWS

This Terraform configuration creates, in your AWS account and region \`${cloud.region}\`, what the
vendor needs to run custom cloud \`${cloud.id}\`:

- a VPC on \`${cloud.reservedCidr}\` with subnets in ${awsZoneCount} availability zones${cloud.deploymentModel === 'standard' ? ', bastion subnets and a NAT gateway (private model: nodes get no public IP)' : ' and an internet gateway (public model: nodes get public IPs)'};
- ${cloud.objectStorage.enabled ? 'a private, encrypted S3 bucket for the custom cloud;' : 'no bucket (object storage is off);'}
- a role for the service nodes;
- the role the vendor assumes (\`${settings.vendorPrincipalArn}\`, only with this custom cloud's external ID), allowed to manage
  instances, volumes, network interfaces and security groups inside this VPC only.

Every resource is named \`${settings.resourcePrefix}-...\` and tagged \`${settings.resourcePrefix}-custom-cloud-id = ${cloud.id}\`.

## Steps

1. Use AWS credentials allowed by \`deployer-policy.json\` (or broader), for the account that will host the custom cloud.
2. In this folder, run:

   \`\`\`sh
   terraform init
   terraform apply
   \`\`\`

   \`terraform.tfvars.json\` holds this custom cloud's values; Terraform reads it by itself.
3. Give the vendor the role ARN:

   \`\`\`sh
   terraform output -raw aws_iam_role_arn
   \`\`\`

The vendor then verifies that it can assume the role (it can take a minute or two for a new role to work).

## Later: removing the custom cloud

Once the vendor has deleted the custom cloud, remove its resources from your account:

\`\`\`sh
terraform destroy
\`\`\`
`;
}
