import type { ResolvedAwsSettings } from './aws-settings.js';
import { classifyStsError, type StsFailure } from './aws-sts-errors.js';

/** The clock and randomness a retry loop runs on; injected in tests. */
export interface RetryClock {
  readonly now: () => number;
  readonly sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

/** How a retried call ended. */
export type RetryOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly failure: StsFailure; readonly attempts: number; readonly timedOut: boolean };

/**
 * Calls `operation` until it succeeds, fails in a way `retryable` refuses, is aborted, or the
 * deadline passes. Waits grow as `initial * factor^n`, capped, with full jitter (a random wait up to
 * the computed one), and never past the deadline.
 */
export async function retryUntilDeadline<T>(
  operation: () => Promise<T>,
  options: {
    readonly policy: ResolvedAwsSettings['retry'];
    readonly clock: RetryClock;
    readonly deadline: number;
    readonly signal?: AbortSignal | undefined;
    readonly retryable: (failure: StsFailure) => boolean;
  },
): Promise<RetryOutcome<T>> {
  const { policy, clock, deadline, signal } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted)
      return {
        ok: false,
        failure: { kind: 'aborted', name: 'AbortError', message: 'Verification was aborted.' },
        attempts: attempt - 1,
        timedOut: false,
      };
    let failure: StsFailure;
    try {
      return { ok: true, value: await operation(), attempts: attempt };
    } catch (error) {
      failure = signal?.aborted ? { kind: 'aborted', name: 'AbortError', message: 'Verification was aborted.' } : classifyStsError(error);
    }
    if (failure.kind === 'aborted' || !options.retryable(failure)) return { ok: false, failure, attempts: attempt, timedOut: false };
    const remaining = deadline - clock.now();
    if (remaining <= 0) return { ok: false, failure, attempts: attempt, timedOut: true };
    const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
    const delay = Math.min(remaining, policy.jitter === 'full' ? Math.floor(clock.random() * ceiling) : ceiling);
    try {
      await clock.sleep(delay, signal);
    } catch {
      return {
        ok: false,
        failure: { kind: 'aborted', name: 'AbortError', message: 'Verification was aborted.' },
        attempts: attempt,
        timedOut: false,
      };
    }
  }
}

/** A timer that an abort signal cancels. */
export function defaultSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
