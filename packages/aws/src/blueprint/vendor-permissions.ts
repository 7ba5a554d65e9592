import { type PolicyStatement, type PolicyString, policy } from '../plan/statement.js';

/** The tag every resource of a custom cloud carries, `<prefix>-custom-cloud-id`. */
export function customCloudIdTagKey(resourcePrefix: string): string {
  return `${resourcePrefix}-custom-cloud-id`;
}

/** `arn:<partition>:ec2:<region>:*:<resource>`; the account is the customer's, where the role lives. */
function ec2(resource: string): PolicyString {
  return ['arn:', { ref: 'partition' }, ':ec2:', { ref: 'region' }, `:*:${resource}`];
}

/**
 * What the vendor may do through the role it assumes: run and manage EC2 instances, volumes,
 * network interfaces and security groups inside this custom cloud's VPC only (VPC and tag
 * conditions), and pass the node role to EC2 only. Describe calls cannot be scoped by AWS and are
 * read-only. Statements for the bucket are separate (`vendorStorageStatements`).
 */
export function vendorComputeStatements(resourcePrefix: string): PolicyStatement[] {
  const tagKey = customCloudIdTagKey(resourcePrefix);
  const inVpc = { ArnEquals: { 'ec2:Vpc': policy`${'vpcArn'}` } };
  const taggedOnCreate = { StringEquals: { [`aws:RequestTag/${tagKey}`]: policy`${'customCloudId'}` } };
  const taggedResource = { StringEquals: { [`ec2:ResourceTag/${tagKey}`]: policy`${'customCloudId'}` } };
  return [
    { Sid: 'Describe', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
    {
      Sid: 'RunInstancesInCustomCloudVpc',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateNetworkInterface'],
      Resource: [ec2('subnet/*'), ec2('security-group/*'), ec2('network-interface/*')],
      Condition: inVpc,
    },
    {
      Sid: 'RunInstancesFromImages',
      Effect: 'Allow',
      Action: 'ec2:RunInstances',
      Resource: [policy`arn:${'partition'}:ec2:${'region'}::image/*`, policy`arn:${'partition'}:ec2:${'region'}::snapshot/*`],
    },
    {
      Sid: 'CreateTaggedResources',
      Effect: 'Allow',
      Action: ['ec2:RunInstances', 'ec2:CreateVolume', 'ec2:CreateNetworkInterface', 'ec2:CreateSecurityGroup'],
      Resource: [ec2('instance/*'), ec2('volume/*'), ec2('network-interface/*'), ec2('security-group/*')],
      Condition: taggedOnCreate,
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: [ec2('instance/*'), ec2('volume/*'), ec2('network-interface/*'), ec2('security-group/*')],
      Condition: {
        StringEquals: { 'ec2:CreateAction': ['RunInstances', 'CreateVolume', 'CreateNetworkInterface', 'CreateSecurityGroup'] },
      },
    },
    {
      Sid: 'ManageCustomCloudResources',
      Effect: 'Allow',
      Action: [
        'ec2:AssignPrivateIpAddresses',
        'ec2:AttachNetworkInterface',
        'ec2:AttachVolume',
        'ec2:DeleteNetworkInterface',
        'ec2:DeleteVolume',
        'ec2:DetachNetworkInterface',
        'ec2:DetachVolume',
        'ec2:ModifyInstanceAttribute',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:ModifyVolume',
        'ec2:RebootInstances',
        'ec2:StartInstances',
        'ec2:StopInstances',
        'ec2:TerminateInstances',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: [ec2('instance/*'), ec2('volume/*'), ec2('network-interface/*')],
      Condition: taggedResource,
    },
    {
      Sid: 'CreateSecurityGroupInCustomCloudVpc',
      Effect: 'Allow',
      Action: 'ec2:CreateSecurityGroup',
      Resource: policy`${'vpcArn'}`,
    },
    {
      Sid: 'ManageSecurityGroupsInCustomCloudVpc',
      Effect: 'Allow',
      Action: [
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
        'ec2:ModifySecurityGroupRules',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
        'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
      ],
      Resource: ec2('security-group/*'),
      Condition: inVpc,
    },
    {
      Sid: 'PassNodeRoleToEc2Only',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: policy`${'nodeRoleArn'}`,
      Condition: { StringEquals: { 'iam:PassedToService': policy`${'ec2Service'}` } },
    },
  ];
}

/** What the vendor may do with the custom cloud's bucket, and with no other. */
export function vendorStorageStatements(): PolicyStatement[] {
  return [
    {
      Sid: 'CustomCloudBucket',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Resource: policy`arn:${'partition'}:s3:::${'bucketName'}`,
    },
    {
      Sid: 'CustomCloudBucketObjects',
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
      Resource: policy`arn:${'partition'}:s3:::${'bucketName'}/*`,
    },
  ];
}
