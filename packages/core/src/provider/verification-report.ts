import type { VerificationCheck, VerificationFault, VerificationReport } from './provider-spec.js';
import { recordStep } from './telemetry.js';

/** The error a failed report carries. */
export interface ReportError {
  readonly code: string;
  readonly message: string;
  readonly isRetryable?: boolean;
  /** Whose doing it is; absent means the customer's (see `VerificationReport`). */
  readonly fault?: VerificationFault;
  /** What a program needs besides the message (`PERMISSIONS_MISSING`: `missing`, each permission denied). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Collects the checks and attempts of one verification and turns them into a
 * `VerificationReport`, timed on the adapter's clock. A report is ok only without an error and with
 * every check passed.
 */
export function createReportBuilder(clock: { now(): number }) {
  const started = clock.now();
  const checks: VerificationCheck[] = [];
  let attempts = 0;
  // Each check is a span from the end of the one before, on the real clock (the adapter's may be a test's).
  let stepStarted = performance.timeOrigin + performance.now();
  return {
    /** Records a check, and its span under the verification's. */
    check(id: string, ok: boolean, detail: string): void {
      checks.push({ id, ok, detail });
      recordStep('byoc.check', stepStarted, { 'byoc.check.id': id, 'byoc.check.ok': ok }, ok);
      stepStarted = performance.timeOrigin + performance.now();
    },
    /** Adds the attempts a retried call made. */
    countAttempts(count: number): void {
      attempts += count;
    },
    /** Whole seconds since the verification started, for messages. */
    seconds: (): number => Math.round((clock.now() - started) / 1000),
    /** The report so far, failed with `error` when given. */
    report(error?: ReportError): VerificationReport {
      return {
        ok: error === undefined && checks.every((check) => check.ok),
        checks: [...checks],
        ...(error ? { error } : {}),
        attempts,
        elapsedMs: clock.now() - started,
      };
    },
  };
}
