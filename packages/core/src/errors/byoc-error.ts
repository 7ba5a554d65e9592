import { boundDetails, boundMessage } from './quote.js';

const marker = Symbol.for('byoc-kit.error');

/** What a `ByocError` is built from. */
export interface ByocErrorOptions {
  /** Stable UPPER_SNAKE code a caller can branch on, e.g. `CIDR_OVERLAP`. */
  code: string;
  /** What went wrong and what to do about it, in one or two sentences. */
  message: string;
  /** Machine-readable facts about the failure (the offending value, the peer it overlaps, ...). */
  details?: Readonly<Record<string, unknown>>;
  /** Whether the same call may succeed if repeated later (throttling, IAM propagation, 5xx). */
  isRetryable?: boolean;
  /** The error this one wraps; always set when wrapping. */
  cause?: unknown;
}

/**
 * The one error type byoc-kit throws. Branch on `code`, never on `message`.
 *
 * Use `ByocError.isInstance(error)` rather than `instanceof`: it also recognises errors thrown by a
 * second installed copy of `@byoc-kit/core`.
 */
export class ByocError extends Error {
  /** Marks byoc-kit errors across package copies; read by `isInstance`. */
  readonly [marker] = true;

  override readonly name = 'ByocError';
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly isRetryable: boolean;

  constructor(options: ByocErrorOptions) {
    // Bounded, so an error never carries a caller's megabyte back into a log line or an answer.
    super(boundMessage(options.message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.details = Object.freeze(boundDetails(options.details ?? {}));
    this.isRetryable = options.isRetryable ?? false;
  }

  /** True for any byoc-kit error, whichever copy of the package created it. */
  static isInstance(error: unknown): error is ByocError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** True when `error` is a byoc-kit error with the given code. */
  static hasCode(error: unknown, code: string): error is ByocError {
    return ByocError.isInstance(error) && error.code === code;
  }

  /** A plain object fit for logs and HTTP bodies (the cause is left out: it may hold secrets). */
  toJSON(): { name: string; code: string; message: string; details: Record<string, unknown>; isRetryable: boolean } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      details: { ...this.details },
      isRetryable: this.isRetryable,
    };
  }
}
