import type { CustomCloud, TeardownPlan } from '@byoc-kit/core';
import { defaultAwsBlueprint } from './blueprint/default.js';
import type { AwsBlueprint } from './blueprint/schema.js';

/** What the customer removes once the vendor has deleted an AWS custom cloud: what the blueprint created. */
export function awsTeardownPlan(cloud: CustomCloud, resourcePrefix: string, blueprint: AwsBlueprint = defaultAwsBlueprint): TeardownPlan {
  const stackName = `${resourcePrefix}-${cloud.id.slice(0, 8)}`;
  const bucket = blueprint.bucket !== 'none' && cloud.objectStorage.enabled;
  const kinds = new Set(blueprint.identities.map((identity) => identity.kind));
  const parts = [
    ...(blueprint.network ? ['the VPC'] : []),
    ...([...kinds].some((kind) => kind !== 'user') ? ['roles'] : []),
    ...(kinds.has('user') ? ['users with their access keys'] : []),
    ...(bucket ? ['bucket'] : []),
    'policies',
  ];
  const listed = `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return {
    summary: `Remove ${blueprint.network ? '' : 'the '}${listed} that the template created for custom cloud ${cloud.id} in region ${cloud.region}. They are in your account; the vendor cannot delete them for you.`,
    steps: [
      ...(bucket
        ? [
            {
              description: `Empty the bucket ${resourcePrefix}-${cloud.id} first if you no longer need its data (Terraform and CloudFormation do not delete a bucket that holds objects).`,
              command: `aws s3 rm s3://${resourcePrefix}-${cloud.id} --recursive`,
            },
          ]
        : []),
      { description: 'If you applied the Terraform bundle: in its folder, destroy what it created.', command: 'terraform destroy' },
      {
        description: 'If you created the CloudFormation stack: delete it.',
        command: `aws cloudformation delete-stack --region ${cloud.region} --stack-name ${stackName}`,
      },
    ],
  };
}
