import { type AwsProviderSettings, createAwsProvider, defineAwsBlueprint } from '@byoc-kit/aws';

/** Redis Cloud's AWS account, which its console-access role trusts (with MFA). */
export const redisCloudAccount = '168085023892';

/**
 * Redis Cloud's shape: an instance role with its profile and RedisLabsInstanceRolePolicy; a
 * programmatic user with an access key and a console password, holding
 * RedislabsIAMUserRestrictedPolicy; and a console-access role, trusting Redis Cloud's account with
 * MFA, holding the same policy. The names are Redis Cloud's own; Redis Cloud creates the network
 * itself, through the user. The customer returns the user's access key.
 */
export const redisCloudBlueprint = defineAwsBlueprint({
  name: 'redis-cloud',
  description: 'Redis Cloud Ultimate: the instance role, the programmatic user and the console-access role Redis Cloud works through.',
  network: false,
  bucket: 'none',
  identities: [
    {
      kind: 'serviceRole',
      id: 'instance',
      name: 'redislabs-cluster-node-role',
      exactName: true,
      summary: 'the instance role `redislabs-cluster-node-role` of the cluster nodes, with its instance profile;',
      comment: 'The role of the cluster nodes, and its instance profile.',
      service: 'ec2',
      instanceProfile: { name: 'redislabs-cluster-node-role' },
      policies: [
        {
          id: 'instance_policy',
          name: 'RedisLabsInstanceRolePolicy',
          exactName: true,
          attachment: 'managed',
          statements: [
            {
              Sid: 'EC2',
              Effect: 'Allow',
              Action: [
                'ec2:DescribeAvailabilityZones',
                'ec2:DescribeRegions',
                'ec2:DescribeSecurityGroups',
                'ec2:DescribeTags',
                'ec2:DescribeVolumes',
              ],
              Resource: '*',
            },
            {
              Sid: 'EC2Tagged',
              Effect: 'Allow',
              Action: [
                'ec2:AuthorizeSecurityGroupEgress',
                'ec2:AuthorizeSecurityGroupIngress',
                'ec2:DeleteSecurityGroup',
                'ec2:RevokeSecurityGroupEgress',
                'ec2:RevokeSecurityGroupIngress',
              ],
              Resource: '*',
              Condition: {
                StringEquals: {
                  'ec2:ResourceTag/RedisLabsIdentifier': 'Redislabs-VPC',
                },
              },
            },
            {
              Sid: 'EBSVolumeActions',
              Effect: 'Allow',
              Action: ['ec2:AttachVolume', 'ec2:CreateVolume', 'ec2:CreateTags', 'ec2:DescribeTags'],
              Resource: '*',
            },
            {
              Sid: 'S3Object',
              Effect: 'Allow',
              Action: [
                's3:PutObject',
                's3:PutObjectAcl',
                's3:GetObject',
                's3:GetObjectAcl',
                's3:DeleteObject',
                's3:ListBucket',
                's3:GetBucketLocation',
              ],
              Resource: '*',
            },
            {
              Sid: 'IAM',
              Effect: 'Allow',
              Action: ['iam:GetPolicy', 'iam:ListPolicies'],
              Resource: '*',
            },
          ],
        },
      ],
    },
    {
      kind: 'user',
      id: 'user',
      name: 'redislabs-user',
      exactName: true,
      summary: 'the user `redislabs-user` with an access key and a console password, through which Redis Cloud builds the subscription;',
      comment: 'The user Redis Cloud works through: an access key, and a console password.',
      accessKey: true,
      consolePassword: true,
      policies: [
        {
          id: 'user_policy',
          name: 'RedislabsIAMUserRestrictedPolicy',
          exactName: true,
          attachment: 'managed',
          statements: [
            {
              Sid: 'Ec2DescribeAll',
              Effect: 'Allow',
              Action: 'ec2:Describe*',
              Resource: '*',
            },
            {
              Sid: 'CloudWatchReadOnly',
              Effect: 'Allow',
              Action: ['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'],
              Resource: '*',
            },
            {
              Sid: 'IamUserOperations',
              Effect: 'Allow',
              Action: ['iam:GetUser', 'iam:GetUserPolicy', 'iam:ChangePassword'],
              Resource: ['arn:', { ref: 'partition' }, ':iam::*:user/${aws:username}'],
            },
            {
              Sid: 'RolePolicyUserReadActions',
              Action: [
                'iam:GetRole',
                'iam:GetPolicy',
                'iam:ListUsers',
                'iam:ListPolicies',
                'iam:ListRolePolicies',
                'iam:ListAttachedRolePolicies',
                'iam:ListInstanceProfiles',
                'iam:ListInstanceProfilesForRole',
                'iam:SimulatePrincipalPolicy',
              ],
              Effect: 'Allow',
              Resource: '*',
            },
            {
              Sid: 'KeyPairActions',
              Effect: 'Allow',
              Action: ['ec2:CreateKeyPair', 'ec2:DeleteKeyPair', 'ec2:ImportKeyPair'],
              Resource: '*',
            },
            {
              Sid: 'CreateInstancesSnapshotsVolumesAndTags',
              Effect: 'Allow',
              Action: [
                'ec2:CreateVolume',
                'ec2:AttachVolume',
                'ec2:StartInstances',
                'ec2:RunInstances',
                'ec2:CreateSnapshot',
                'ec2:CreateTags',
                'ec2:ModifyInstanceAttribute',
              ],
              Resource: '*',
            },
            {
              Sid: 'PassRlClusterNodeRole',
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: ['arn:', { ref: 'partition' }, ':iam::*:role/redislabs-cluster-node-role'],
            },
            {
              Sid: 'NetworkAccess',
              Effect: 'Allow',
              Action: [
                'ec2:*Vpc*',
                'ec2:*VpcPeering*',
                'ec2:*Subnet*',
                'ec2:*Gateway*',
                'ec2:*Vpn*',
                'ec2:*Route*',
                'ec2:*Address*',
                'ec2:*SecurityGroup*',
                'ec2:*NetworkAcl*',
                'ec2:*DhcpOptions*',
              ],
              Resource: '*',
            },
            {
              Sid: 'DeleteInstancesVolumesSnapshotsAndTagsWithIdentiferTag',
              Effect: 'Allow',
              Action: [
                'ec2:RebootInstances',
                'ec2:StopInstances',
                'ec2:TerminateInstances',
                'ec2:DeleteVolume',
                'ec2:DeleteSnapshot',
                'ec2:DetachVolume',
                'ec2:DeleteTags',
              ],
              Resource: '*',
              Condition: {
                StringEquals: {
                  'ec2:ResourceTag/RedisLabsIdentifier': 'Redislabs-VPC',
                },
              },
            },
            {
              Sid: 'Support',
              Effect: 'Allow',
              Action: 'support:*',
              Resource: '*',
            },
          ],
        },
      ],
    },
    {
      kind: 'crossAccountRole',
      id: 'console',
      name: 'redislabs-role',
      exactName: true,
      summary: "the console-access role `redislabs-role`, which Redis Cloud's account may assume with MFA only.",
      comment: "The console-access role: Redis Cloud's account, with MFA only.",
      trust: { principal: { account: redisCloudAccount }, externalId: false, mfa: true },
      attachPolicies: ['user_policy'],
    },
  ],
  access: { identity: 'user' },
  outputs: [
    {
      name: 'access_key_id',
      cloudFormationName: 'accessKeyId',
      value: { of: 'accessKeyId', identity: 'user' },
      description: 'AWS_ACCESS_KEY_ID of the user.',
    },
    {
      name: 'access_secret_key',
      cloudFormationName: 'accessSecretKey',
      value: { of: 'secretAccessKey', identity: 'user' },
      description: 'AWS_SECRET_ACCESS_KEY of the user.',
    },
    {
      name: 'console_password',
      cloudFormationName: 'consolePassword',
      value: { of: 'consolePassword', identity: 'user' },
      description: 'Console password of the user.',
    },
    {
      name: 'sign_in_login_url',
      cloudFormationName: 'signInLoginUrl',
      value: { of: 'signInUrl' },
      description: 'Console sign-in URL of the account.',
    },
    {
      name: 'iam_role_name',
      cloudFormationName: 'IAMRoleName',
      value: { of: 'name', identity: 'console' },
      description: 'Name of the console-access role.',
    },
    {
      name: 'console_username',
      cloudFormationName: 'consoleUsername',
      value: { of: 'name', identity: 'user' },
      description: 'Console user name.',
    },
  ],
});

/** The AWS provider as Redis Cloud would configure it: the vendor principal is its account. */
export function createRedisCloudProvider(settings: Omit<AwsProviderSettings, 'blueprint' | 'vendorPrincipalArn'>) {
  return createAwsProvider({
    ...settings,
    vendorPrincipalArn: `arn:aws:iam::${redisCloudAccount}:root`,
    resourcePrefix: 'redislabs',
    blueprint: redisCloudBlueprint,
  });
}
