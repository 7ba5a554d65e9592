import { ByocError } from '@byoc-kit/core';
import { defineErrorCodes } from '@byoc-kit/core/provider-utils';

/** The error codes `@byoc-kit/postgres` adds to core's. */
export const postgresErrorCodes = defineErrorCodes({
  POSTGRES_SETTINGS_INVALID: 'createPostgresStore or createPostgresJobQueue was given invalid settings; the message names the setting.',
  STORE_UNAVAILABLE: 'PostgreSQL could not be reached, or it closed the connection (refused, reset, shut down mid-query). Retryable.',
  STORE_AUTH_FAILED: 'PostgreSQL refused the login: the role or its password is wrong, or the role may not connect.',
  STORE_TIMEOUT: 'A statement ran past statement_timeout, or the connection took longer than its timeout. Retryable.',
  STORE_CONFLICT: 'PostgreSQL aborted the transaction (serialization failure or deadlock); nothing was written. Retryable.',
  STORE_NOT_MIGRATED: "The store's tables are missing or older than this version: call migrate().",
  STORE_MIGRATION_NEWER: 'The schema was migrated by a newer @byoc-kit/postgres than this one; upgrade before running it.',
});

/** A code raised by `@byoc-kit/postgres`. */
export type PostgresErrorCode = Exclude<keyof typeof postgresErrorCodes, 'descriptions'>;

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * A node-postgres (or PGlite) error as a `ByocError` with a stable code. The message names what was
 * being done and what to check, never the connection string or its password.
 */
export function storeError(error: unknown, doing: string): ByocError {
  if (ByocError.isInstance(error)) return error;
  const value = error as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  const sqlState = typeof value?.code === 'string' ? value.code : '';
  const text = typeof value?.message === 'string' ? value.message : String(error);
  const make = (code: string, message: string, isRetryable: boolean) =>
    new ByocError({ code, message, isRetryable, cause: error, details: { doing, ...(sqlState ? { sqlState } : {}) } });

  if (sqlState.startsWith('28')) {
    return make(
      'STORE_AUTH_FAILED',
      `PostgreSQL refused the login while trying to ${doing} (${scrub(text)}). Check the role and the password of the connection.`,
      false,
    );
  }
  if (sqlState === '57014' || /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(text)) {
    return make(
      'STORE_TIMEOUT',
      `PostgreSQL did not finish in time while trying to ${doing} (${scrub(text)}). Nothing was written; try again.`,
      true,
    );
  }
  if (sqlState === '40001' || sqlState === '40P01') {
    return make(
      'STORE_CONFLICT',
      `PostgreSQL aborted the transaction while trying to ${doing} (${scrub(text)}). Nothing was written; try again.`,
      true,
    );
  }
  if (sqlState === '42P01' || sqlState === '3F000' || sqlState === '42703') {
    return make(
      'STORE_NOT_MIGRATED',
      `The byoc-kit tables are missing or out of date while trying to ${doing}. Call store.migrate() first.`,
      false,
    );
  }
  if (
    unavailableCodes.has(sqlState) ||
    sqlState.startsWith('08') ||
    sqlState === '57P01' ||
    sqlState === '57P02' ||
    sqlState === '57P03' ||
    sqlState === '53300' ||
    /Connection terminated|connection is closed|Client has encountered a connection error|Cannot use a pool after calling end/i.test(text)
  ) {
    return make(
      'STORE_UNAVAILABLE',
      `PostgreSQL could not be reached, or closed the connection, while trying to ${doing} (${scrub(text)}). Nothing was written; try again.`,
      true,
    );
  }
  return make('STORE_IO_FAILED', `PostgreSQL failed while trying to ${doing} (${scrub(text)}).`, false);
}

// A driver message can quote a connection string; a password never leaves in one.
function scrub(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(/password=\S+/gi, 'password=***')
    .slice(0, 300);
}
