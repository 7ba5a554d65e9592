import type { CloudError, CustomCloud } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { VerificationReport } from './provider-spec.js';

/** The errors a failed verification records on the custom cloud. */
export function errorsFromReport(report: VerificationReport): CloudError[] {
  if (report.ok) return [];
  if (report.error) return [{ category: 'verification', code: report.error.code, message: report.error.message }];
  const failed = report.checks.filter((check) => !check.ok);
  if (failed.length === 0)
    return [{ category: 'verification', code: 'VERIFICATION_FAILED', message: 'Access verification failed without saying why.' }];
  return failed.map((check) => ({ category: 'verification', code: 'VERIFICATION_CHECK_FAILED', message: `${check.id}: ${check.detail}` }));
}

/** A failed report for a verification that threw instead of reporting. */
export function reportFromError(error: unknown, elapsedMs: number): VerificationReport {
  const aborted = (error as { name?: unknown })?.name === 'AbortError';
  const code = ByocError.isInstance(error) ? error.code : aborted ? 'ABORTED' : 'VERIFICATION_ERROR';
  const message = ByocError.isInstance(error)
    ? error.message
    : aborted
      ? 'Access verification was aborted before it finished. Provision again to retry.'
      : `Access verification failed unexpectedly: ${(error as Error)?.message ?? String(error)}. Provision again; if it persists, report it with this message.`;
  return {
    ok: false,
    checks: [],
    // A verification that threw is no verdict on the customer's cloud.
    error: { code, message, isRetryable: !ByocError.isInstance(error) || error.isRetryable, fault: 'transport' },
    attempts: 0,
    elapsedMs,
  };
}

/** What a check's outcome changes of the rotation: a report that the new ID was accepted ends it. */
export function rotationAfterCheck(cloud: CustomCloud, report: VerificationReport): Pick<CustomCloud, 'externalIdRotation'> | object {
  return cloud.externalIdRotation && report.ok && report.externalId === 'current' ? { externalIdRotation: null } : {};
}
