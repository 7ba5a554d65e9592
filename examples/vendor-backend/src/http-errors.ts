import { ByocError, toWireError } from '@byoc-kit/core';

const notFound = new Set(['CUSTOM_CLOUD_NOT_FOUND', 'REQUEST_NOT_FOUND', 'ROUTE_NOT_FOUND', 'ORGANIZATION_NOT_FOUND']);
const conflict = new Set([
  'INVALID_TRANSITION',
  'FIELD_IMMUTABLE',
  'CUSTOM_CLOUD_DELETED',
  'CUSTOM_CLOUD_EXISTS',
  'REQUEST_STATE_INVALID',
  'REQUEST_CHANGED',
  'EXTERNAL_ID_IN_USE',
]);
const unavailable = new Set(['STORE_UNAVAILABLE', 'STORE_TIMEOUT', 'STORE_CONFLICT']);
const serverSide = new Set([
  'STORE_IO_FAILED',
  'STORE_CORRUPT',
  'STORE_AUTH_FAILED',
  'STORE_NOT_MIGRATED',
  'STORE_MIGRATION_NEWER',
  'PROVIDER_NOT_REGISTERED',
  'VERIFICATION_ERROR',
]);
const protocol: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  VERSION_CONFLICT: 412,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** The HTTP status of a byoc-kit error: 401, 403, 404, 409, 412, 429, 5xx, else 400 (the input was wrong). */
export function statusOf(error: ByocError): number {
  if (notFound.has(error.code)) return 404;
  if (protocol[error.code]) return protocol[error.code] as number;
  if (conflict.has(error.code)) return 409;
  if (unavailable.has(error.code)) return 503;
  if (serverSide.has(error.code)) return 500;
  return 400;
}

/** One entry of an error body. */
export interface WireErrorEntry {
  code: string;
  message: string;
  status: number;
  details?: { path: string };
}

/** An error body as Aiven's API shapes it: a message, and one entry per problem. */
export interface WireErrorBody {
  message: string;
  errors: WireErrorEntry[];
}

/**
 * The status and body of an error, naming fields as the client sent them (`reserved_cidr`, not
 * `reservedCidr`). Anything that is not a ByocError is a 500 that says nothing of its cause; the
 * caller logs it.
 */
export function errorResponse(error: unknown): { status: number; body: WireErrorBody } {
  const wire = toWireError(error);
  if (!ByocError.isInstance(wire)) {
    return {
      status: 500,
      body: { message: 'Internal error.', errors: [{ code: 'INTERNAL_ERROR', message: 'The server failed; see its logs.', status: 500 }] },
    };
  }
  const status = statusOf(wire);
  const issues = (wire.details.issues as { code: string; path: string; message: string }[] | undefined) ?? [];
  return {
    status,
    body: {
      message: wire.message,
      errors:
        issues.length > 0
          ? issues.map((issue) => ({ code: issue.code, message: issue.message, status, details: { path: issue.path } }))
          : [{ code: wire.code, message: wire.message, status }],
    },
  };
}

/** A routing or protocol error, with its code. */
export function httpError(code: string, message: string): ByocError {
  return new ByocError({ code, message });
}
