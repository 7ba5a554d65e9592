import type { CallBounds } from './bounded-call.js';
import type { VerifyAccessOptions } from './provider-spec.js';
import type { RetryClock, RetryPolicy } from './retry-until-deadline.js';
import { createReportBuilder } from './verification-report.js';

/**
 * What a failed cloud call means for verification, as adapters classify it: denied (the customer's
 * doing, or IAM still propagating), not found, transient (throttling, 5xx, the network, a
 * malformed answer: no verdict on the customer), or fatal (not retried; `code` says why, such as
 * the vendor's own credentials refused).
 */
export type CallFailure =
  | { readonly kind: 'denied'; readonly name: string; readonly message: string; readonly status?: number | undefined }
  | { readonly kind: 'not_found'; readonly name: string; readonly message: string; readonly status?: number | undefined }
  | { readonly kind: 'transient'; readonly name: string; readonly message: string; readonly status?: number | undefined }
  | {
      readonly kind: 'fatal';
      readonly code: string;
      readonly name: string;
      readonly message: string;
      readonly status?: number | undefined;
    };

/** The frame every adapter's verification runs in. */
export interface VerificationSession {
  /** Records checks and attempts, and builds the report. */
  readonly verification: ReturnType<typeof createReportBuilder>;
  /** `verification.report`: the report so far, failed with the error given. */
  readonly report: ReturnType<typeof createReportBuilder>['report'];
  /** Absolute time on the clock by which the whole verification ends. */
  readonly deadline: number;
  /** What `retryUntilDeadline` takes besides the call: the policy, the clock, the deadline, the signal. */
  readonly retry: {
    readonly policy: RetryPolicy;
    readonly clock: RetryClock;
    readonly deadline: number;
    readonly signal?: AbortSignal | undefined;
  };
  /** What `boundedCall` takes besides `what`: each call's timeout, cut by the deadline and the signal. */
  readonly bounds: Omit<CallBounds, 'what'>;
}

/**
 * Opens one verification: the report builder on the adapter's clock, the deadline (the call's
 * `deadlineMs`, else the policy's), and the retry and call bounds every check of the verification
 * shares, so each adapter writes its checks and not this frame again.
 */
export function openVerification(
  clock: RetryClock,
  settings: { readonly retry: RetryPolicy; readonly requestTimeoutMs: number },
  options: VerifyAccessOptions = {},
): VerificationSession {
  const verification = createReportBuilder(clock);
  const deadline = clock.now() + (options.deadlineMs ?? settings.retry.deadlineMs);
  return {
    verification,
    report: verification.report,
    deadline,
    retry: { policy: settings.retry, clock, deadline, signal: options.signal },
    bounds: { signal: options.signal, timeoutMs: settings.requestTimeoutMs, deadline, clock },
  };
}
