/**
 * The provider contract (`CloudProviderV1`) and what adapters build verification from: the report
 * builder, what a report changes of a cloud, bounded calls, retries to a deadline, template requests,
 * settings schemas, and the registry the service finds its adapters in. Imports `templates/`,
 * `domain/` and `errors/`.
 */

export { boundedCall } from './bounded-call.js';
export { createProviderRegistry } from './provider-registry.js';
export type {
  CloudProviderV1,
  TeardownPlan,
  TemplateBundle,
  TemplateFile,
  TemplateFormat,
  VerificationReport,
  VerifyAccessOptions,
} from './provider-spec.js';
export {
  byocMeter,
  type CallOutcome,
  cloudCall,
  errorCodeOf,
  failSpan,
  inSpan,
  recordHealthFailure,
  recordVerification,
  setTelemetryEnabled,
  telemetryEnabled,
} from './telemetry.js';
export { auditEntryOfCheck, errorsFromReport, reportFromError, rotationAfterCheck, verdictOf } from './verification-outcome.js';
