export { defineAwsBlueprint } from './aws-blueprint.js';
export type {
  AwsBlueprint,
  AwsBlueprintIdentity,
  AwsBlueprintInput,
  AwsBlueprintOutput,
  AwsBlueprintParameter,
  AwsBlueprintPolicy,
  AwsBlueprintStatement,
} from './aws-blueprint-schema.js';
export { awsBlueprintJsonSchema, awsBlueprintSchema } from './aws-blueprint-schema.js';
export { defaultAwsBlueprint } from './aws-default-blueprint.js';
export { type AwsErrorCode, awsErrorCodes } from './aws-error-codes.js';
export { type AwsPartition, partitionOfRegion } from './aws-partition.js';
export {
  type PolicyReference,
  type PolicyStatement,
  type PolicyString,
  type PolicyStringPart,
  splitIntoPolicies,
  worstCasePolicySize,
} from './aws-policy-document.js';
export { createAwsProvider } from './aws-provider.js';
export { type AwsRoleArn, parseRoleArn } from './aws-role-arn.js';
export type { AssumedCredentials, AwsProviderSettings, AwsRetryPolicy, IamStatement, StsClientLike } from './aws-settings.js';
export { awsTemplateOutputs } from './aws-terraform-bundle.js';
export { customCloudIdTagKey } from './aws-vendor-permissions.js';
export { sessionNameFor } from './aws-verify-access.js';
