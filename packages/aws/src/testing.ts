/**
 * `@byoc-kit/aws/testing`: what a vendor's own tests need to check AWS bundles offline, and a
 * loopback stand-in for STS (and IAM's policy simulation) that plays customer accounts.
 */

export { createEvaluator, type StackContext, undeclaredReferences } from './testing/cloudformation-eval.js';
export { evaluateHclTemplate, type HclScope } from './testing/hcl-evaluator.js';
export type { StandInDenial } from './testing/iam-simulation-stand-in.js';
export { awsOfflineProviderOverride } from './testing/offline-provider.js';
export {
  cloudFormationSerialization,
  type SerializationContext,
  type SerializedTemplate,
  serializationsOf,
  terraformSerialization,
} from './testing/serializations.js';
export {
  type StandInCall,
  type StandInRole,
  type StsStandIn,
  type StsStandInOptions,
  startStsStandIn,
  startStsStandInForProcess,
} from './testing/sts-stand-in.js';
