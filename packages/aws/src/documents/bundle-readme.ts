import type { CustomCloud } from '@byoc-kit/core';
import { escapeMarkdown } from '@byoc-kit/core/provider-utils';
import type { CloudPlan } from '../plan/plan.js';
import { awsZoneCount } from '../plan/subnets.js';
import type { ResolvedAwsSettings } from '../settings.js';

/** The README's list of what the template creates: network, bucket, then each identity's summary. */
function whatItCreates(cloud: CustomCloud, settings: ResolvedAwsSettings, { plan: { blueprint } }: CloudPlan): string {
  const lines: string[] = [];
  if (blueprint.network) {
    lines.push(
      `a VPC on \`${cloud.reservedCidr}\` with subnets in ${awsZoneCount} availability zones${cloud.deploymentModel === 'standard' ? ', bastion subnets and a NAT gateway (private model: nodes get no public IP)' : ' and an internet gateway (public model: nodes get public IPs)'};`,
    );
  }
  if (blueprint.bucket !== 'none') {
    lines.push(cloud.objectStorage.enabled ? 'a private, encrypted S3 bucket for the custom cloud;' : 'no bucket (object storage is off);');
  }
  for (const identity of blueprint.identities) lines.push(identity.summary.replaceAll('{vendorPrincipal}', settings.vendorPrincipalArn));
  return lines.map((line) => `- ${line}`).join('\n');
}

function naming(cloud: CustomCloud, settings: ResolvedAwsSettings, { plan: { blueprint } }: CloudPlan): string {
  const tag = `tagged \`${settings.resourcePrefix}-custom-cloud-id = ${cloud.id}\``;
  const prefixed = blueprint.identities.every((identity) => !identity.exactName && identity.policies.every((policy) => !policy.exactName));
  return prefixed ? `Every resource is named \`${settings.resourcePrefix}-...\` and ${tag}.` : `Every resource is ${tag}.`;
}

function missingValues({ missingParameters }: CloudPlan, where: string): string {
  if (missingParameters.length === 0) return '';
  const list = missingParameters.map((parameter) => `   - \`${parameter.name}\`: ${escapeMarkdown(parameter.description)}`).join('\n');
  return `\n   First add these values, which the vendor could not fill in, to ${where}:\n\n${list}\n`;
}

/** The step that hands the access back, and what the vendor does with it. */
function handBack(cloudPlan: CloudPlan, read: (output: string) => string): string {
  const { blueprint } = cloudPlan.plan;
  const access = blueprint.identities.find((identity) => identity.id === blueprint.access.identity);
  if (access?.kind === 'user') {
    const key = blueprint.outputs.find((output) => output.value.of === 'accessKeyId' && 'identity' in output.value);
    const secret = blueprint.outputs.find((output) => output.value.of === 'secretAccessKey' && 'identity' in output.value);
    const reads = [key, secret].filter((output) => output !== undefined).map((output) => read(output.name));
    return `Give the vendor the access key, through the vendor's console or API only (never by e-mail or in a ticket):

   \`\`\`sh
${reads.map((line) => `   ${line}`).join('\n')}
   \`\`\`

The vendor then verifies the key with STS GetCallerIdentity (a new key can take a few seconds to work).`;
  }
  const arn = blueprint.outputs.find(
    (output) => output.value.of === 'arn' && 'identity' in output.value && output.value.identity === access?.id,
  );
  return `Give the vendor the role ARN:

   \`\`\`sh
   ${read(arn?.name ?? blueprint.outputs[0]?.name ?? '')}
   \`\`\`

The vendor then verifies that it can assume the role (it can take a minute or two for a new role to work).`;
}

/** README.md of the Terraform bundle. */
export function terraformInstructions(
  cloud: CustomCloud,
  settings: ResolvedAwsSettings,
  cloudPlan: CloudPlan,
  deployerPolicy: boolean,
): string {
  const name = escapeMarkdown(cloud.displayName);
  const credentials = deployerPolicy
    ? 'Use AWS credentials allowed by `deployer-policy.json` (or broader), for the account that will host the custom cloud.'
    : 'Use AWS credentials that may create IAM roles, users and policies, for the account that will host the custom cloud.';
  return `# Custom cloud "${name}" on AWS

This Terraform configuration creates, in your AWS account and region \`${cloud.region}\`, what the
vendor needs to run custom cloud \`${cloud.id}\`:

${whatItCreates(cloud, settings, cloudPlan)}

${naming(cloud, settings, cloudPlan)}

## Steps

1. ${credentials}
2. In this folder, run:
${missingValues(cloudPlan, '`terraform.tfvars.json`')}
   \`\`\`sh
   terraform init
   terraform apply
   \`\`\`

   \`terraform.tfvars.json\` holds this custom cloud's values; Terraform reads it by itself.
3. ${handBack(cloudPlan, (output) => `terraform output -raw ${output}`)}

## Later: removing the custom cloud

Once the vendor has deleted the custom cloud, remove its resources from your account:

\`\`\`sh
terraform destroy
\`\`\`
`;
}

/** README.md of the CloudFormation bundle. */
export function cloudFormationInstructions(
  cloud: CustomCloud,
  settings: ResolvedAwsSettings,
  cloudPlan: CloudPlan,
  options: { stackName: string; link: string | undefined; outputName: (name: string) => string },
): string {
  const { stackName, link } = options;
  const describe = (output: string) =>
    `aws cloudformation describe-stacks --region ${cloud.region} --stack-name ${stackName} \\\n     --query "Stacks[0].Outputs[?OutputKey=='${options.outputName(output)}'].OutputValue" --output text`;
  const readSecret = (output: string) => {
    const command = describe(output);
    const isSecret = cloudPlan.plan.blueprint.outputs.some(
      (candidate) => candidate.name === output && (candidate.value.of === 'secretAccessKey' || candidate.value.of === 'consolePassword'),
    );
    return isSecret
      ? `aws secretsmanager get-secret-value --region ${cloud.region} --query SecretString --output text --secret-id "$(${command.replace(' \\\n     ', ' ')})"`
      : command;
  };
  return `# Custom cloud "${escapeMarkdown(cloud.displayName)}" on AWS (CloudFormation)

This stack creates, in your AWS account and region \`${cloud.region}\`, what the vendor needs to run custom cloud
\`${cloud.id}\`:

${whatItCreates(cloud, settings, cloudPlan)}

${naming(cloud, settings, cloudPlan)}

## Steps

1. ${link ? `Open the quick-create link and create the stack (tick "I acknowledge that AWS CloudFormation might create IAM resources with custom names"):\n\n   ${link}\n\n   Or, with the AWS CLI:` : 'With the AWS CLI:'}
${missingValues(cloudPlan, '`parameters.json`')}
   \`\`\`sh
   aws cloudformation create-stack --region ${cloud.region} --stack-name ${stackName} \\
     --template-body file://template.yaml --parameters file://parameters.json --capabilities CAPABILITY_NAMED_IAM
   aws cloudformation wait stack-create-complete --region ${cloud.region} --stack-name ${stackName}
   \`\`\`

2. ${handBack(cloudPlan, readSecret)}

## Later: removing the custom cloud

Once the vendor has deleted the custom cloud: \`aws cloudformation delete-stack --region ${cloud.region} --stack-name ${stackName}\`.
${cloudPlan.plan.blueprint.bucket === 'none' ? '' : 'The bucket is retained; empty and delete it yourself when you no longer need its data.\n'}`;
}
