import { type AuditEntry, auditEntryId, type CloudError, type CustomCloud } from '../domain/index.js';
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

/**
 * The audit entry of a verification or a health check: who asked, what the customer's logs show
 * for it (`report.actedAs`), how it ended (`failed` when it was the customer's doing,
 * `inconclusive` when the network or the vendor spoiled it) and each check.
 */
export function auditEntryOfCheck(
  cloud: Pick<CustomCloud, 'id' | 'organizationId'>,
  report: VerificationReport,
  context: { readonly kind: 'verification' | 'health-check'; readonly actor: string; readonly at: string },
): AuditEntry {
  const outcome = verdictOf(report);
  return {
    id: auditEntryId(context.at),
    cloudId: cloud.id,
    organizationId: cloud.organizationId,
    at: context.at,
    kind: context.kind,
    actor: context.actor,
    ...(report.actedAs === undefined ? {} : { sourceIdentity: report.actedAs }),
    outcome,
    ...(report.error ? { code: report.error.code, detail: report.error.message.slice(0, 2_000) } : {}),
    checks: report.checks.map((check) => ({ id: check.id, ok: check.ok })),
  };
}

/** `ok`, `failed` (the customer's doing) or `inconclusive` (the network or the vendor spoiled it), as the audit log, spans and metrics tell a check's outcome. */
export function verdictOf(report: VerificationReport): 'ok' | 'failed' | 'inconclusive' {
  if (report.ok) return 'ok';
  return (report.error?.fault ?? 'customer') === 'customer' ? 'failed' : 'inconclusive';
}
