import type { CustomCloud, TeardownPlan } from '@byoc-kit/core';

/** What the customer removes once the vendor has deleted an AWS custom cloud. */
export function awsTeardownPlan(cloud: CustomCloud, resourcePrefix: string): TeardownPlan {
  const stackName = `${resourcePrefix}-${cloud.id.slice(0, 8)}`;
  return {
    summary: `Remove the VPC, roles${cloud.objectStorage.enabled ? ', bucket' : ''} and policies that the template created for custom cloud ${cloud.id} in region ${cloud.region}. They are in your account; the vendor cannot delete them for you.`,
    steps: [
      ...(cloud.objectStorage.enabled
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
