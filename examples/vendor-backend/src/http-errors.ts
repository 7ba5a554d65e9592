import { ByocError } from '@byoc-kit/core';

const notFound = new Set(['CUSTOM_CLOUD_NOT_FOUND', 'REQUEST_NOT_FOUND', 'ROUTE_NOT_FOUND']);
const conflict = new Set([
  'INVALID_TRANSITION',
  'VERSION_CONFLICT',
  'FIELD_IMMUTABLE',
  'CUSTOM_CLOUD_DELETED',
  'CUSTOM_CLOUD_EXISTS',
  'REQUEST_STATE_INVALID',
]);
const serverSide = new Set(['STORE_IO_FAILED', 'STORE_CORRUPT', 'PROVIDER_NOT_REGISTERED', 'VERIFICATION_ERROR']);

/** The HTTP status of a byoc-kit error: 404, 409, 412, 5xx, else 400 (the input was wrong). */
export function statusOf(error: ByocError): number {
  if (notFound.has(error.code)) return 404;
  if (error.code === 'VERSION_CONFLICT') return 412;
  if (conflict.has(error.code)) return 409;
  if (error.code === 'METHOD_NOT_ALLOWED') return 405;
  if (error.code === 'BODY_TOO_LARGE') return 413;
  if (error.code === 'UNSUPPORTED_MEDIA_TYPE') return 415;
  if (serverSide.has(error.code)) return 500;
  return 400;
}

/** The JSON body of an error: the code a client branches on, and what to do. */
export function errorBody(error: unknown): {
  status: number;
  body: { message: string; errors: { code: string; message: string; details?: unknown }[] };
} {
  if (ByocError.isInstance(error)) {
    const issues = (error.details.issues as { code: string; path: string; message: string }[] | undefined) ?? [];
    return {
      status: statusOf(error),
      body: {
        message: error.message,
        errors:
          issues.length > 0
            ? issues.map((issue) => ({ code: issue.code, message: issue.message, details: { path: issue.path } }))
            : [{ code: error.code, message: error.message }],
      },
    };
  }
  return {
    status: 500,
    body: { message: 'Internal error.', errors: [{ code: 'INTERNAL_ERROR', message: 'The server failed; see its logs.' }] },
  };
}

/** A routing or protocol error, with its code. */
export function httpError(code: string, message: string): ByocError {
  return new ByocError({ code, message });
}
