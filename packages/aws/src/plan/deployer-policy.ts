import { defaultAwsBlueprint } from '../blueprint/default.js';
import type { AwsBlueprint } from '../blueprint/schema.js';

/**
 * The least privilege the person or pipeline applying the template needs, scoped to the vendor's
 * resource prefix in the spirit of Aiven's published policy: IAM on `<prefix>-*` roles, policies
 * and instance profiles only; EC2 network resources created with a `<prefix>-*` Name tag and
 * changed or deleted only when they carry one; S3 on `<prefix>-*` buckets only.
 */
export function deployerPolicy(resourcePrefix: string, blueprint: AwsBlueprint = defaultAwsBlueprint): object {
  const prefixed = `${resourcePrefix}-*`;
  const nameTagged = { StringLike: { 'aws:ResourceTag/Name': prefixed } };
  // Only what the blueprint's template creates: the network and bucket statements go with them.
  const needed = new Set<string>(['Roles']);
  if (blueprint.identities.some((identity) => identity.policies.some((policy) => policy.attachment === 'managed'))) needed.add('Policies');
  if (blueprint.identities.some((identity) => identity.kind === 'serviceRole' && identity.instanceProfile)) needed.add('InstanceProfiles');
  if (blueprint.network)
    for (const sid of ['Describe', 'CreateNamed', 'CreateInNamedVpc', 'TagOnCreate', 'ModifyAndDeleteNamed']) needed.add(sid);
  if (blueprint.bucket !== 'none') needed.add('Buckets');
  const statements: ({ Sid: string } & Record<string, unknown>)[] = [
    {
      Sid: 'Roles',
      Effect: 'Allow',
      Action: [
        'iam:AttachRolePolicy',
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListRolePolicies',
        'iam:PassRole',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRoleDescription',
      ],
      Resource: `arn:aws:iam::*:role/${prefixed}`,
    },
    {
      Sid: 'Policies',
      Effect: 'Allow',
      Action: [
        'iam:CreatePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'iam:TagPolicy',
      ],
      Resource: `arn:aws:iam::*:policy/${prefixed}`,
    },
    {
      Sid: 'InstanceProfiles',
      Effect: 'Allow',
      Action: [
        'iam:AddRoleToInstanceProfile',
        'iam:CreateInstanceProfile',
        'iam:DeleteInstanceProfile',
        'iam:GetInstanceProfile',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:TagInstanceProfile',
      ],
      Resource: `arn:aws:iam::*:instance-profile/${prefixed}`,
    },
    {
      Sid: 'Describe',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAddresses',
        'ec2:DescribeAddressesAttribute',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeNatGateways',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribePrefixLists',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroupRules',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeTags',
        'ec2:DescribeVpcAttribute',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeVpcs',
      ],
      Resource: '*',
    },
    {
      Sid: 'CreateNamed',
      Effect: 'Allow',
      Action: [
        'ec2:AllocateAddress',
        'ec2:CreateInternetGateway',
        'ec2:CreateNatGateway',
        'ec2:CreateRouteTable',
        'ec2:CreateSecurityGroup',
        'ec2:CreateSubnet',
        'ec2:CreateVpc',
        'ec2:CreateVpcEndpoint',
      ],
      Resource: '*',
      Condition: { StringLike: { 'aws:RequestTag/Name': prefixed } },
    },
    {
      Sid: 'CreateInNamedVpc',
      Effect: 'Allow',
      Action: ['ec2:CreateNatGateway', 'ec2:CreateRouteTable', 'ec2:CreateSecurityGroup', 'ec2:CreateSubnet', 'ec2:CreateVpcEndpoint'],
      Resource: ['arn:aws:ec2:*:*:vpc/*', 'arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:elastic-ip/*', 'arn:aws:ec2:*:*:route-table/*'],
      Condition: nameTagged,
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'ec2:CreateAction': [
            'AllocateAddress',
            'CreateInternetGateway',
            'CreateNatGateway',
            'CreateRouteTable',
            'CreateSecurityGroup',
            'CreateSubnet',
            'CreateVpc',
            'CreateVpcEndpoint',
          ],
        },
      },
    },
    {
      Sid: 'ModifyAndDeleteNamed',
      Effect: 'Allow',
      Action: [
        'ec2:AssociateAddress',
        'ec2:AssociateRouteTable',
        'ec2:AttachInternetGateway',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:CreateRoute',
        'ec2:CreateTags',
        'ec2:DeleteInternetGateway',
        'ec2:DeleteNatGateway',
        'ec2:DeleteRoute',
        'ec2:DeleteRouteTable',
        'ec2:DeleteSecurityGroup',
        'ec2:DeleteSubnet',
        'ec2:DeleteTags',
        'ec2:DeleteVpc',
        'ec2:DeleteVpcEndpoints',
        'ec2:DetachInternetGateway',
        'ec2:DisassociateAddress',
        'ec2:DisassociateRouteTable',
        'ec2:ModifySecurityGroupRules',
        'ec2:ModifySubnetAttribute',
        'ec2:ModifyVpcAttribute',
        'ec2:ModifyVpcEndpoint',
        'ec2:ReleaseAddress',
        'ec2:ReplaceRoute',
        'ec2:ReplaceRouteTableAssociation',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupIngress',
      ],
      Resource: '*',
      Condition: nameTagged,
    },
    {
      Sid: 'Buckets',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketRequestPayment',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetBucketWebsite',
        's3:GetAccelerateConfiguration',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:ListBucket',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPolicy',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketTagging',
        's3:PutEncryptionConfiguration',
      ],
      Resource: `arn:aws:s3:::${prefixed}`,
    },
  ];
  return { Version: '2012-10-17', Statement: statements.filter((statement) => needed.has(statement.Sid)) };
}
