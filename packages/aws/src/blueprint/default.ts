import { markDefined } from './defined.js';
import type { AwsBlueprint } from './schema.js';

/**
 * The default blueprint, Aiven's shape: the template creates the network and, with object storage
 * on, the bucket; a role for the service nodes with its instance profile; and the role the vendor
 * assumes with the external ID, scoped to the custom cloud's VPC and bucket, and allowed to simulate
 * its own policies (so verification and health checks find a permission that went missing). The
 * customer returns that role's ARN.
 *
 * It is written with every default filled in, as `defineAwsBlueprint` returns it, so that loading
 * the adapter runs no validation; `blueprint/default.test.ts` checks that `defineAwsBlueprint` gives
 * back exactly this (the refusals pass, nothing changes). The node role's inline policy keeps the
 * CloudFormation name and references of stacks applied before blueprints; a description added to an
 * existing named managed policy would replace it, so those keep none in CloudFormation.
 */
export const defaultAwsBlueprint: AwsBlueprint = markDefined({
  name: 'default',
  description:
    'byoc-kit custom cloud: the role the vendor assumes with an external ID, its node role and, optionally, the network and bucket.',
  network: true,
  bucket: 'optional',
  parameters: [],
  identities: [
    {
      kind: 'serviceRole',
      id: 'node',
      name: 'node-role',
      exactName: false,
      description: 'Service nodes of custom cloud {customCloudId}',
      summary: 'a role for the service nodes;',
      comment: 'The role of the service nodes, and its instance profile.',
      policies: [
        {
          id: 'node_storage',
          name: 'node-storage',
          exactName: false,
          attachment: 'inline',
          when: 'objectStorage',
          split: false,
          statements: [
            {
              Sid: 'CustomCloudBucket',
              Effect: 'Allow',
              Action: ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject'],
              Resource: [
                [
                  'arn:',
                  {
                    ref: 'partition',
                  },
                  ':s3:::',
                  {
                    ref: 'bucketName',
                  },
                ],
                [
                  'arn:',
                  {
                    ref: 'partition',
                  },
                  ':s3:::',
                  {
                    ref: 'bucketName',
                  },
                  '/*',
                ],
              ],
            },
          ],
          cloudFormation: {
            policyName: 'custom-cloud-bucket',
            description: true,
            inlineReferences: true,
          },
        },
      ],
      attachPolicies: [],
      service: 'ec2',
      instanceProfile: {
        name: 'node-profile',
      },
    },
    {
      kind: 'crossAccountRole',
      id: 'vendor',
      name: 'iam-role',
      exactName: false,
      description: 'Assumed by the vendor to run custom cloud {customCloudId}: {displayName}',
      summary:
        "the role the vendor assumes (`{vendorPrincipal}`, only with this custom cloud's external ID), allowed to manage\n  instances, volumes, network interfaces and security groups inside this VPC only, and to check its own\n  permissions (`iam:SimulatePrincipalPolicy` on itself only).",
      comment: "The role the vendor assumes: only from its principal, only with this custom cloud's external ID.",
      policies: [
        {
          id: 'vendor',
          name: 'vendor',
          exactName: false,
          attachment: 'managed',
          description: 'What the vendor may do in custom cloud {customCloudId} (part {part} of {parts}).',
          split: true,
          statements: {
            set: 'vendorCompute',
          },
          cloudFormation: {
            description: true,
            inlineReferences: false,
          },
        },
        {
          id: 'vendor_storage',
          name: 'vendor-storage',
          exactName: false,
          attachment: 'managed',
          description: 'What the vendor may do with the bucket of custom cloud {customCloudId}.',
          when: 'objectStorage',
          split: false,
          statements: {
            set: 'vendorStorage',
          },
          cloudFormation: {
            description: false,
            inlineReferences: false,
          },
        },
        {
          id: 'vendor_self_check',
          name: 'vendor-self-check',
          exactName: false,
          attachment: 'managed',
          description:
            'Lets the vendor check that the role of custom cloud {customCloudId} still has every permission the template grants.',
          split: false,
          statements: [
            {
              Sid: 'SimulateOwnPolicies',
              Effect: 'Allow',
              Action: 'iam:SimulatePrincipalPolicy',
              Resource: [
                {
                  arnOf: 'vendor',
                },
              ],
            },
          ],
          cloudFormation: {
            description: true,
            inlineReferences: false,
          },
        },
        {
          id: 'vendor_extra',
          name: 'vendor-extra',
          exactName: false,
          attachment: 'managed',
          description: 'Further permissions the vendor asks for in custom cloud {customCloudId}.',
          split: false,
          statements: {
            set: 'settingsExtra',
          },
          cloudFormation: {
            description: false,
            inlineReferences: false,
          },
        },
      ],
      attachPolicies: [],
      trust: {
        principal: 'vendor',
        actions: ['sts:AssumeRole'],
        externalId: true,
        mfa: false,
        sid: 'VendorWithExternalId',
      },
      maxSessionDurationSeconds: 3600,
    },
  ],
  access: {
    identity: 'vendor',
  },
  outputs: [
    {
      name: 'aws_iam_role_arn',
      description: 'The role the vendor assumes with the external ID; pass it to provision.',
      terraformDescription: 'Give this ARN to the vendor: the role it assumes, with the external ID, to run the custom cloud.',
      cloudFormationDescription: 'Give this ARN to the vendor: the role it assumes, with the external ID.',
      value: {
        of: 'arn',
        identity: 'vendor',
      },
    },
    {
      name: 'vpc_id',
      description: 'The custom cloud VPC.',
      terraformDescription: "The custom cloud's VPC.",
      value: {
        of: 'vpcId',
      },
    },
    {
      name: 'subnet_ids',
      description: 'Subnet ids by subnet name.',
      value: {
        of: 'subnetIds',
      },
    },
    {
      name: 'node_instance_profile_arn',
      description: 'Instance profile of the service nodes.',
      value: {
        of: 'instanceProfileArn',
        identity: 'node',
      },
    },
    {
      name: 'bucket_name',
      description: 'The custom cloud bucket, when object storage is on.',
      terraformDescription: "The custom cloud's bucket, when object storage is on.",
      cloudFormationDescription: 'The custom cloud bucket.',
      value: {
        of: 'bucketName',
      },
    },
  ],
} as AwsBlueprint);
