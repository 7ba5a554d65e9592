import { defineAwsBlueprint } from './define.js';

/**
 * The default blueprint, Aiven's shape: the template creates the network and, with object storage
 * on, the bucket; a role for the service nodes with its instance profile; and the role the vendor
 * assumes with the external ID, scoped to the custom cloud's VPC and bucket. The customer returns
 * that role's ARN.
 */
export const defaultAwsBlueprint = defineAwsBlueprint({
  name: 'default',
  description:
    'byoc-kit custom cloud: the role the vendor assumes with an external ID, its node role and, optionally, the network and bucket.',
  network: true,
  bucket: 'optional',
  identities: [
    {
      kind: 'serviceRole',
      id: 'node',
      name: 'node-role',
      description: 'Service nodes of custom cloud {customCloudId}',
      summary: 'a role for the service nodes;',
      comment: 'The role of the service nodes, and its instance profile.',
      service: 'ec2',
      instanceProfile: { name: 'node-profile' },
      policies: [
        {
          id: 'node_storage',
          name: 'node-storage',
          attachment: 'inline',
          when: 'objectStorage',
          statements: [
            {
              Sid: 'CustomCloudBucket',
              Effect: 'Allow',
              Action: ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
              Resource: [
                ['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }],
                ['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }, '/*'],
              ],
            },
          ],
          // Stacks applied before blueprints hold this name and these references.
          cloudFormation: { policyName: 'custom-cloud-bucket', inlineReferences: true },
        },
      ],
    },
    {
      kind: 'crossAccountRole',
      id: 'vendor',
      name: 'iam-role',
      description: 'Assumed by the vendor to run custom cloud {customCloudId}: {displayName}',
      summary:
        "the role the vendor assumes (`{vendorPrincipal}`, only with this custom cloud's external ID), allowed to manage\n  instances, volumes, network interfaces and security groups inside this VPC only.",
      comment: "The role the vendor assumes: only from its principal, only with this custom cloud's external ID.",
      trust: { principal: 'vendor', actions: ['sts:AssumeRole'], externalId: true, sid: 'VendorWithExternalId' },
      maxSessionDurationSeconds: 3600,
      policies: [
        {
          id: 'vendor',
          name: 'vendor',
          attachment: 'managed',
          split: true,
          description: 'What the vendor may do in custom cloud {customCloudId} (part {part} of {parts}).',
          statements: { set: 'vendorCompute' },
        },
        {
          id: 'vendor_storage',
          name: 'vendor-storage',
          attachment: 'managed',
          when: 'objectStorage',
          description: 'What the vendor may do with the bucket of custom cloud {customCloudId}.',
          statements: { set: 'vendorStorage' },
          // A description added to an existing named managed policy would replace it.
          cloudFormation: { description: false },
        },
        {
          id: 'vendor_extra',
          name: 'vendor-extra',
          attachment: 'managed',
          description: 'Further permissions the vendor asks for in custom cloud {customCloudId}.',
          statements: { set: 'settingsExtra' },
          cloudFormation: { description: false },
        },
      ],
    },
  ],
  access: { identity: 'vendor' },
  outputs: [
    {
      name: 'aws_iam_role_arn',
      value: { of: 'arn', identity: 'vendor' },
      description: 'The role the vendor assumes with the external ID; pass it to provision.',
      terraformDescription: 'Give this ARN to the vendor: the role it assumes, with the external ID, to run the custom cloud.',
      cloudFormationDescription: 'Give this ARN to the vendor: the role it assumes, with the external ID.',
    },
    {
      name: 'vpc_id',
      value: { of: 'vpcId' },
      description: 'The custom cloud VPC.',
      terraformDescription: "The custom cloud's VPC.",
    },
    { name: 'subnet_ids', value: { of: 'subnetIds' }, description: 'Subnet ids by subnet name.' },
    {
      name: 'node_instance_profile_arn',
      value: { of: 'instanceProfileArn', identity: 'node' },
      description: 'Instance profile of the service nodes.',
    },
    {
      name: 'bucket_name',
      value: { of: 'bucketName' },
      description: 'The custom cloud bucket, when object storage is on.',
      terraformDescription: "The custom cloud's bucket, when object storage is on.",
      cloudFormationDescription: 'The custom cloud bucket.',
    },
  ],
});
