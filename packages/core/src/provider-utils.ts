/**
 * `@byoc-kit/core/provider-utils`: what adapter and store authors build on, kept out of the main
 * entry point a vendor's backend imports. The HCL writer and Terraform helpers, input parsing with
 * issue lists, retries and call bounds, the verification report builder, error-code tables,
 * sealing helpers for stored access, and the rules templates check values with.
 */

export * as z from 'zod';
export { boundedCall, type CallBounds, CallTimeoutError, isDeadlineCut } from './bounded-call.js';
export { deepFreeze } from './deep-freeze.js';
export { compileDocument, compileDocumentOr, type DocumentRenderer } from './document-template.js';
export { defineErrorCodes } from './error-codes.js';
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
} from './hcl.js';
export { escapeMarkdown } from './markdown.js';
export { assertKnownKeys, type InputIssue, issuesError, parseInput } from './parse-input.js';
export { describeType, quote } from './quote.js';
export {
  type AbortedFailure,
  type RetryClock,
  type RetryOutcome,
  type RetryPolicy,
  retryUntilDeadline,
  sleepWithSignal,
} from './retry-until-deadline.js';
export { isSealedAttribute, publicAccess, publicCloud } from './sealed-secrets.js';
export { resourcePrefixSchema, retryPolicySchema } from './settings-schemas.js';
export { byCreation } from './store.js';
export { storeErrors } from './store-errors.js';
export {
  diffTemplates,
  type TemplateChange,
  type TemplateItem,
  type TemplateManifest,
  templateManifestOf,
  templateVersionDescription,
  templateVersionOf,
  whatChangesMarkdown,
} from './template-manifest.js';
export { checkTemplateRequest } from './template-request.js';
export { type CidrBounds, customCloudIdPattern, reservedCidrCondition, reservedCidrPattern, tagsCondition } from './template-rules.js';
export { findTerraformProviderMirror, terraformMirrorConfig } from './terraform-mirror.js';
export { type CustomCloudVariableOptions, customCloudTerraformVariables } from './terraform-variables.js';
export { createReportBuilder, type ReportError } from './verification-report.js';
