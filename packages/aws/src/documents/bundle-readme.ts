import type { CustomCloud } from '@byoc-kit/core';
import { sessionNameFor } from '../access/session-name.js';
import { awsTemplateVersionTag } from '../plan/manifest.js';
import { accessAttribution, type CloudPlan, identityName } from '../plan/plan.js';
import { awsZoneCount } from '../plan/subnets.js';
import type { ResolvedAwsSettings } from '../settings.js';

function creates(cloud: CustomCloud, settings: ResolvedAwsSettings, { plan: { blueprint } }: CloudPlan): string[] {
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
  return lines;
}

function naming(cloud: CustomCloud, settings: ResolvedAwsSettings, { plan: { blueprint } }: CloudPlan): string {
  const tag = `tagged \`${settings.resourcePrefix}-custom-cloud-id = ${cloud.id}\``;
  const prefixed = blueprint.identities.every((identity) => !identity.exactName && identity.policies.every((policy) => !policy.exactName));
  return prefixed ? `Every resource is named \`${settings.resourcePrefix}-...\` and ${tag}.` : `Every resource is ${tag}.`;
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

/**
 * How the customer sees what the vendor did in their account: the source identity and tags every
 * session of the role carries, and the CloudTrail queries that list them (empty when the role's
 * trust does not ask for attribution).
 */
function auditTrail(cloud: CustomCloud, settings: ResolvedAwsSettings, cloudPlan: CloudPlan): string {
  const { blueprint } = cloudPlan.plan;
  const access = blueprint.identities.find((identity) => identity.id === blueprint.access.identity);
  if (access === undefined || accessAttribution(settings) === 'off') return '';
  const role = identityName(access, settings.resourcePrefix, cloud.id);
  const required = accessAttribution(settings) === 'required';
  return `## What the vendor does in your account

Every session the vendor opens in the role \`${role}\` carries a source identity, the person or job at the
vendor who acted (\`health-monitor\` for its automated checks), and the session tags \`byoc:cloud-id = ${cloud.id}\`,
\`byoc:actor\` and \`byoc:purpose\`. CloudTrail records the source identity on every call of the session.${required ? " The role's trust refuses a session without one, so no vendor call in your account goes unattributed." : ''}
If your organization adds a name prefix or suffix to IAM roles, the role's name carries it too.

- In the CloudTrail console, Event history: filter on *User name* \`${sessionNameFor(cloud)}\` (the vendor's session name); each
  event shows \`sourceIdentity\` under *userIdentity.sessionContext*.
- With Athena, on the table of your trail:

  \`\`\`sql
  SELECT eventtime, eventsource, eventname, useridentity.sessioncontext.sourceidentity AS vendor_actor, errorcode
  FROM cloudtrail_logs
  WHERE useridentity.sessioncontext.sessionissuer.arn LIKE '%:role/%${role}%'
    AND eventtime > to_iso8601(current_timestamp - interval '7' day)
  ORDER BY eventtime DESC;
  \`\`\`

- With CloudTrail Lake, on your event data store:

  \`\`\`sql
  SELECT eventTime, eventSource, eventName, userIdentity.sessionContext.sourceIdentity, errorCode
  FROM <event data store id>
  WHERE userIdentity.sessionContext.sessionIssuer.userName LIKE '%${role}%'
  ORDER BY eventTime DESC
  \`\`\`

- The sessions themselves: \`AssumeRole\` events of \`sts.amazonaws.com\` on the role, with \`requestParameters.sourceIdentity\`
  and \`requestParameters.tags\`.
`;
}

function commonData(cloud: CustomCloud, settings: ResolvedAwsSettings, cloudPlan: CloudPlan) {
  return {
    cloud,
    auditTrail: auditTrail(cloud, settings, cloudPlan),
    creates: creates(cloud, settings, cloudPlan),
    naming: naming(cloud, settings, cloudPlan),
    missingParameters: cloudPlan.missingParameters.map(({ name, description }) => ({ name, description })),
    bucketRetained: cloudPlan.plan.blueprint.bucket !== 'none',
    templateVersion: { version: awsTemplateVersionTag(settings).value, tagKey: awsTemplateVersionTag(settings).key },
    vendor: settings.documents.data,
  };
}

/** README.md of the Terraform bundle. */
export function terraformInstructions(
  cloud: CustomCloud,
  settings: ResolvedAwsSettings,
  cloudPlan: CloudPlan,
  deployerPolicy: boolean,
): string {
  return settings.documents.terraformReadme({
    ...commonData(cloud, settings, cloudPlan),
    format: 'terraform',
    credentials: deployerPolicy
      ? 'Use AWS credentials allowed by `deployer-policy.json` (or broader), for the account that will host the custom cloud.'
      : 'Use AWS credentials that may create IAM roles, users and policies, for the account that will host the custom cloud.',
    handBack: handBack(cloudPlan, (output) => `terraform output -raw ${output}`),
  });
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
  return settings.documents.cloudFormationReadme({
    ...commonData(cloud, settings, cloudPlan),
    format: 'cloudformation',
    credentials: 'Use AWS credentials that may create IAM roles, users and policies, for the account that will host the custom cloud.',
    handBack: handBack(cloudPlan, readSecret),
    stackName,
    quickCreateUrl: link,
  });
}
