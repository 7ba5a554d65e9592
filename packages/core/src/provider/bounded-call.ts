/** What bounds one call that leaves the process. */
export interface CallBounds {
  /** The caller's signal: aborting it aborts the call with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** The longest one call may take, in ms. */
  readonly timeoutMs: number;
  /** Absolute time, on `clock`, by which the call must have ended: a verification's deadline. */
  readonly deadline?: number | undefined;
  /** The clock `deadline` is on. Default `Date.now`. */
  readonly clock?: { now(): number } | undefined;
  /** What was called, for the timeout's message: `STS AssumeRole`. */
  readonly what: string;
}

/** A call that did not answer in time: its own timeout, or the deadline of the work it was part of. */
export class CallTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly reason: 'timeout' | 'deadline',
    readonly what: string,
    readonly afterMs: number,
  ) {
    super(
      reason === 'timeout'
        ? `${what} did not answer within ${afterMs} ms`
        : `${what} was still running at the deadline, ${afterMs} ms after it started`,
    );
  }
}

/**
 * Runs a call that leaves the process under a timeout and a deadline. The call gets a signal to
 * pass on (an SDK's `abortSignal`, fetch's `signal`); a client that ignores it is raced all the
 * same, so a silent server never holds the caller past its bounds. Rejects with
 * `CallTimeoutError` (name `TimeoutError`) on either bound, with the caller's abort reason when
 * its signal fires.
 */
export function boundedCall<T>(call: (signal: AbortSignal) => Promise<T>, bounds: CallBounds): Promise<T> {
  const now = bounds.clock ? () => bounds.clock?.now() ?? Date.now() : Date.now;
  const remaining = bounds.deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, bounds.deadline - now());
  const byDeadline = remaining < bounds.timeoutMs;
  const limit = Math.min(remaining, bounds.timeoutMs);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (timer !== undefined) clearTimeout(timer);
      bounds.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      finish();
      controller.abort(error);
      reject(error);
    };
    function onAbort() {
      fail(bounds.signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
    }
    if (bounds.signal?.aborted) return onAbort();
    bounds.signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => fail(new CallTimeoutError(byDeadline ? 'deadline' : 'timeout', bounds.what, limit)), limit);
    let started: Promise<T>;
    try {
      started = call(controller.signal);
    } catch (error) {
      return fail(error);
    }
    started.then(
      (value) => {
        if (controller.signal.aborted) return;
        finish();
        resolve(value);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        finish();
        reject(error);
      },
    );
  });
}

/** Whether an error is a call cut by the deadline of the work it belonged to. */
export function isDeadlineCut(error: unknown): boolean {
  // By shape, not instanceof: an adapter may carry its own copy of this module.
  const value = error as { name?: unknown; reason?: unknown } | null;
  return value?.name === 'TimeoutError' && value.reason === 'deadline';
}
