/**
 * `@byoc-kit/core/provider-utils`: what adapter and store authors build on, kept out of the main
 * entry point a vendor's backend imports. The HCL writer and Terraform helpers, input parsing with
 * issue lists, retries and call bounds, the verification report builder, error-code tables,
 * sealing helpers for stored access, and the rules templates check values with.
 */

export * as z from 'zod';
export { accessInputValue, assertKnownKeys, type InputIssue, issuesError, parseInput } from './domain/parse-input.js';
export { isSealedAttribute, publicAccess, publicCloud } from './domain/sealed-secrets.js';
export { defineErrorCodes } from './errors/error-codes.js';
export { describeType, quote } from './errors/quote.js';
export { boundedCall, type CallBounds, CallTimeoutError, isDeadlineCut } from './provider/bounded-call.js';
export { deepFreeze } from './provider/deep-freeze.js';
export {
  type AbortedFailure,
  type RetryClock,
  type RetryOutcome,
  type RetryPolicy,
  retryUntilDeadline,
  sleepWithSignal,
} from './provider/retry-until-deadline.js';
export {
  functionSetting,
  type ProviderClockSettings,
  providerClockShape,
  resourcePrefixSchema,
  retryPolicySchema,
} from './provider/settings-schemas.js';
export { type CallOutcome, type CloudCallDescription, cloudCall, errorCodeOf, inSpan } from './provider/telemetry.js';
export { checkTemplateRequest } from './provider/template-request.js';
export { createReportBuilder, type ReportError } from './provider/verification-report.js';
export { type CallFailure, openVerification, type VerificationSession } from './provider/verification-session.js';
export { byCreation } from './store/store.js';
export { storeErrors } from './store/store-errors.js';
export { compileDocument, compileDocumentOr, type DocumentRenderer } from './templates/document-template.js';
export {
  expression,
  type HclExpression,
  type HclTemplate,
  type HclValue,
  hclString,
  placeholderTemplate,
  renderAttributes,
  renderHcl,
  renderOutputBlock,
  renderResourceBlock,
  template,
} from './templates/hcl.js';
export { escapeMarkdown } from './templates/markdown.js';
export {
  diffTemplates,
  type TemplateChange,
  type TemplateItem,
  type TemplateManifest,
  templateManifestOf,
  templateVersionDescription,
  templateVersionOf,
  whatChangesMarkdown,
} from './templates/template-manifest.js';
export {
  type CidrBounds,
  customCloudIdPattern,
  reservedCidrCondition,
  reservedCidrPattern,
  tagsCondition,
} from './templates/template-rules.js';
export { findTerraformProviderMirror, terraformMirrorConfig } from './templates/terraform-mirror.js';
export { type CustomCloudVariableOptions, customCloudTerraformVariables } from './templates/terraform-variables.js';
