import { type AwsProviderSettings, createAwsProvider, defineAwsBlueprint } from '@byoc-kit/aws';

/** The Kubernetes service accounts of a Zilliz data plane that may use the storage role. */
export const zillizServiceAccounts = [
  'system:serviceaccount:milvus-*:milvus*',
  'system:serviceaccount:loki:loki*',
  'system:serviceaccount:index-pool:milvus*',
];

/**
 * Zilliz Cloud's shape: a management role the vendor assumes with the external ID (and may tag
 * and name its sessions), the bucket of the project, and a storage role the data plane's EKS
 * pods assume through the cluster's OIDC provider, allowed on that bucket only. Zilliz creates
 * the VPC itself, from the netmask the customer picks, so the template creates no network.
 */
export const zillizBlueprint = defineAwsBlueprint({
  name: 'zilliz',
  description: 'Zilliz BYOC: the management role Zilliz Cloud assumes, the project bucket, and the storage role of the data plane.',
  network: false,
  bucket: 'required',
  parameters: [
    {
      name: 'eks_oidc_provider_arn',
      description: "ARN of the IAM OIDC provider of the data plane's EKS cluster.",
      pattern: '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:oidc-provider/oidc\\.eks\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/id/[A-Za-z0-9]+$',
    },
  ],
  identities: [
    {
      kind: 'crossAccountRole',
      id: 'management',
      name: 'management-role',
      description: 'Assumed by Zilliz Cloud to manage BYOC project {customCloudId}: {displayName}',
      summary: 'the management role Zilliz Cloud assumes (`{vendorPrincipal}`, only with the external ID), to run the data plane;',
      comment: 'The role Zilliz Cloud assumes: only from its principal, only with the external ID.',
      // Zilliz's published trust allows a source identity and session tags without requiring them.
      trust: {
        principal: 'vendor',
        actions: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        externalId: true,
        sourceIdentity: 'allowed',
      },
      maxSessionDurationSeconds: 3600,
      policies: [
        {
          id: 'management',
          name: 'management-policy',
          attachment: 'managed',
          description: 'What Zilliz Cloud may do for BYOC project {customCloudId}.',
          statements: [
            { Sid: 'Read', Effect: 'Allow', Action: ['ec2:Describe*', 'eks:DescribeCluster', 'eks:ListClusters'], Resource: '*' },
            {
              Sid: 'ProjectClusters',
              Effect: 'Allow',
              Action: ['eks:DescribeNodegroup', 'eks:ListNodegroups', 'eks:UpdateNodegroupConfig', 'eks:UpdateNodegroupVersion'],
              Resource: [
                ['arn:', { ref: 'partition' }, ':eks:', { ref: 'region' }, ':*:cluster/zilliz-byoc-*'],
                ['arn:', { ref: 'partition' }, ':eks:', { ref: 'region' }, ':*:nodegroup/zilliz-byoc-*/*/*'],
              ],
            },
            {
              Sid: 'PassStorageRole',
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: [{ arnOf: 'storage' }],
              Condition: { StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } },
            },
          ],
        },
      ],
    },
    {
      kind: 'webIdentityRole',
      id: 'storage',
      name: 'storage-role',
      description: 'Assumed by the data plane of BYOC project {customCloudId} to use its bucket',
      summary: "the storage role the data plane's pods assume through the EKS cluster's OIDC provider, allowed on the bucket only.",
      comment: "The role of the data plane's pods: web identity from the EKS cluster, on the project bucket only.",
      trust: { providerArnParameter: 'eks_oidc_provider_arn', subjects: zillizServiceAccounts, subjectMatch: 'StringLike' },
      policies: [
        {
          id: 'storage',
          name: 'storage-policy',
          attachment: 'inline',
          statements: [
            { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }] },
            {
              Sid: 'AllowS3ReadWrite',
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
              Resource: [['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }, '/*']],
            },
          ],
        },
      ],
    },
  ],
  access: { identity: 'management' },
  outputs: [
    {
      name: 'management_role_arn',
      value: { of: 'arn', identity: 'management' },
      description: 'The role Zilliz Cloud assumes with the external ID; pass it to provision.',
    },
    { name: 'storage_role_arn', value: { of: 'arn', identity: 'storage' }, description: "The data plane's storage role." },
    { name: 'management_policy_arn', value: { of: 'policyArn', policy: 'management' }, description: 'The policy of the management role.' },
    { name: 'bucket_name', value: { of: 'bucketName' }, description: 'The project bucket.' },
  ],
});

/** The AWS provider as Zilliz would configure it: every name starts with `zilliz-byoc`. */
export function createZillizProvider(settings: Omit<AwsProviderSettings, 'blueprint' | 'resourcePrefix'>) {
  return createAwsProvider({ ...settings, resourcePrefix: 'zilliz-byoc', blueprint: zillizBlueprint });
}
