import { isDeadlineCut } from './bounded-call.js';

/** The clock and randomness a retry loop runs on; injected in tests. */
export interface RetryClock {
  readonly now: () => number;
  readonly sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

/** Capped exponential backoff with optional full jitter, bounded by a deadline. */
export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly deadlineMs: number;
  /** `full`: wait a random time up to the computed delay; `none`: exactly it. */
  readonly jitter: 'full' | 'none';
}

/** How a retried call ended. */
export type RetryOutcome<T, Failure> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly failure: Failure | AbortedFailure; readonly attempts: number; readonly timedOut: boolean };

/** The failure of a call stopped by its abort signal. */
export interface AbortedFailure {
  readonly kind: 'aborted';
  readonly name: 'AbortError';
  readonly message: string;
}

const aborted: AbortedFailure = { kind: 'aborted', name: 'AbortError', message: 'The operation was aborted.' };

/**
 * Calls `operation` until it succeeds, fails in a way `retryable` refuses, is aborted, or the
 * deadline passes. Waits grow as `initial * factor^n`, capped, with full jitter (a random wait up to
 * the computed one, as AWS and Google recommend), and never run past the deadline. Cloud IAM
 * changes propagate slowly, so verification retries denials this way.
 */
export async function retryUntilDeadline<T, Failure>(
  operation: () => Promise<T>,
  options: {
    readonly policy: RetryPolicy;
    readonly clock: RetryClock;
    /** Absolute time, in the clock's milliseconds, after which no attempt starts. */
    readonly deadline: number;
    readonly signal?: AbortSignal | undefined;
    /** What an error means; called for every failed attempt. */
    readonly classify: (error: unknown) => Failure;
    readonly retryable: (failure: Failure) => boolean;
  },
): Promise<RetryOutcome<T, Failure>> {
  const { policy, clock, deadline, signal } = options;
  let previous: Failure | undefined;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return { ok: false, failure: aborted, attempts: attempt - 1, timedOut: false };
    let failure: Failure;
    try {
      return { ok: true, value: await operation(), attempts: attempt };
    } catch (error) {
      if (signal?.aborted) return { ok: false, failure: aborted, attempts: attempt, timedOut: false };
      // A call cut by the deadline says less than the failure before it (a denial, say).
      if (isDeadlineCut(error)) return { ok: false, failure: previous ?? options.classify(error), attempts: attempt, timedOut: true };
      failure = options.classify(error);
    }
    if (!options.retryable(failure)) return { ok: false, failure, attempts: attempt, timedOut: false };
    previous = failure;
    const remaining = deadline - clock.now();
    if (remaining <= 0) return { ok: false, failure, attempts: attempt, timedOut: true };
    const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
    const delay = Math.min(remaining, policy.jitter === 'full' ? Math.floor(clock.random() * ceiling) : ceiling);
    try {
      await clock.sleep(delay, signal);
    } catch {
      return { ok: false, failure: aborted, attempts: attempt, timedOut: false };
    }
    // No attempt starts at the deadline: it would have no time to answer.
    if (clock.now() >= deadline) return { ok: false, failure, attempts: attempt, timedOut: true };
  }
}

/** A timer that an abort signal cancels. */
export function sleepWithSignal(milliseconds: number, signal?: AbortSignal): Promise<void> {
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
