export { type AwsRoleArn, parseRoleArn } from './access/role-arn.js';
export { type SessionAttribution, type SessionPurpose, sessionAttribution, sourceIdentityOf } from './access/session-attribution.js';
export { sessionNameFor } from './access/session-name.js';
export { defaultAwsBlueprint } from './blueprint/default.js';
export { defineAwsBlueprint } from './blueprint/define.js';
export type {
  AwsBlueprint,
  AwsBlueprintIdentity,
  AwsBlueprintInput,
  AwsBlueprintOutput,
  AwsBlueprintParameter,
  AwsBlueprintPolicy,
  AwsBlueprintStatement,
} from './blueprint/schema.js';
export { awsBlueprintJsonSchema, awsBlueprintSchema } from './blueprint/schema.js';
export { customCloudIdTagKey } from './blueprint/vendor-permissions.js';
export type { AwsDocumentSettings, AwsReadmeData } from './documents/readme-documents.js';
export { defaultCloudFormationReadme, defaultTerraformReadme } from './documents/readme-templates.js';
export { type AwsErrorCode, awsErrorCodes } from './error-codes.js';
export { type AwsPartition, partitionOfRegion } from './partition.js';
export {
  type PolicyReference,
  type PolicyStatement,
  type PolicyString,
  type PolicyStringPart,
  type PolicyValue,
  splitIntoPolicies,
  worstCasePolicySize,
} from './plan/statement.js';
export { type AwsProvider, createAwsProvider, type VendorSession, type VendorSessionOptions } from './provider.js';
export type { AssumedCredentials, AwsProviderSettings, AwsRetryPolicy, IamStatement, StsClientLike } from './settings.js';
