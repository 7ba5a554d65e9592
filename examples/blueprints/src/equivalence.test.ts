import type { AwsBlueprint } from '@byoc-kit/aws';
import { serializationsOf } from '@byoc-kit/aws/testing';
import type { CloudProviderV1 } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { aivenBlueprint, createAivenProvider } from './aiven.js';
import { createRedisCloudProvider, redisCloudBlueprint } from './redis-cloud.js';
import { sampleCloudInput, sampleCustomerAccount, sampleOidcProviderArn, sampleVendorPrincipalArn } from './sample.js';
import { createZillizProvider, zillizBlueprint } from './zilliz.js';

/**
 * Each vendor's blueprint as Terraform and as CloudFormation: for both deployment models, with
 * object storage on and off, the two bundles create the same resources, the same trust and
 * permission documents, and the same outputs.
 */
const blueprints: [string, AwsBlueprint, CloudProviderV1][] = [
  ['Aiven', aivenBlueprint, createAivenProvider({ vendorPrincipalArn: sampleVendorPrincipalArn })],
  [
    'Zilliz',
    zillizBlueprint,
    createZillizProvider({
      vendorPrincipalArn: sampleVendorPrincipalArn,
      blueprintParameters: () => ({ eks_oidc_provider_arn: sampleOidcProviderArn }),
    }),
  ],
  ['Redis Cloud', redisCloudBlueprint, createRedisCloudProvider({})],
];

const choices = [
  ['standard', true],
  ['standard', false],
  ['standard_public', true],
  ['standard_public', false],
] as const;

describe.each(blueprints)('%s as Terraform and as CloudFormation', (_name, blueprint, provider) => {
  // A blueprint that requires a bucket has no cloud without object storage.
  const possible = choices.filter(([, enabled]) => enabled || blueprint.bucket !== 'required');
  it.each(possible)('creates the same resources, documents and outputs (%s, storage %s)', async (deploymentModel, enabled) => {
    const cloud = makeCustomCloud({ ...sampleCloudInput, deploymentModel, objectStorage: { enabled } });
    const { terraform, cloudFormation } = await serializationsOf(provider, cloud, { blueprint, accountId: sampleCustomerAccount });
    expect(terraform).toEqual(cloudFormation);
  });
});
