import type { CallFailure } from '@byoc-kit/core/provider-utils';
/** What a failed Google API call means for verification: core's `CallFailure`, `not_found` included. */
export type GoogleFailure = CallFailure;

/** A Google API error answer, as thrown by byoc-kit's own requests. */
export class GoogleApiError extends Error {
  override readonly name = 'GoogleApiError';
  constructor(
    readonly status: number,
    readonly googleStatus: string,
    message: string,
    /** Which side failed: the vendor's own credentials, or the impersonated ones. */
    readonly caller: 'vendor' | 'impersonated',
  ) {
    super(message);
  }
}

/** An answer that does not parse: the transport failed, whatever the status said. */
export class MalformedGoogleResponseError extends Error {
  override readonly name = 'MalformedResponse';
  constructor(what: string, problem: string) {
    super(`${what} answered with something that is not a well-formed result (${problem})`);
  }
}

/** Reads Google's error JSON: `{ error: { code, message, status } }`. */
export function googleErrorOf(body: unknown): { status: string; message: string } {
  const error = (body as { error?: { status?: unknown; message?: unknown } } | undefined)?.error;
  return {
    status: typeof error?.status === 'string' ? error.status : 'UNKNOWN',
    message: typeof error?.message === 'string' ? error.message : 'no message',
  };
}

const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

/**
 * Classifies an error of google-auth-library (a `GaxiosError`) or of byoc-kit's own calls:
 * 403 and 404 may be IAM propagation and are retried until the deadline; 429, 5xx and network
 * failures are transient; a 401, or a failure to load the vendor's own credentials, is final.
 */
export function classifyGoogleError(error: unknown, during: 'impersonation' | 'call'): GoogleFailure {
  const value = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    status?: unknown;
    response?: { status?: unknown; data?: unknown };
    cause?: { code?: unknown };
  };
  const message = typeof value?.message === 'string' ? value.message : String(error);
  if (value?.name === 'MalformedResponse') return { kind: 'transient', name: 'MalformedResponse', message };
  const status =
    typeof value?.status === 'number' ? value.status : typeof value?.response?.status === 'number' ? value.response.status : undefined;
  const name =
    error instanceof GoogleApiError
      ? error.googleStatus
      : value?.response?.data
        ? googleErrorOf(value.response.data).status
        : typeof value?.name === 'string'
          ? value.name
          : 'Error';
  if (
    status === 401 ||
    (error instanceof GoogleApiError && error.caller === 'vendor' && status === 403) ||
    /Could not load the default credentials|invalid_grant|unauthorized_client/i.test(message)
  ) {
    if (during === 'impersonation' || (error instanceof GoogleApiError && error.caller === 'vendor')) {
      return { kind: 'fatal', code: 'VENDOR_CREDENTIALS_INVALID', name, message, status };
    }
  }
  if (status === 403) return { kind: 'denied', name, message, status };
  if (status === 404) return { kind: 'not_found', name, message, status };
  if (status === 429 || (status !== undefined && status >= 500)) return { kind: 'transient', name, message, status };
  const code = typeof value?.code === 'string' ? value.code : typeof value?.cause?.code === 'string' ? value.cause.code : undefined;
  if (
    (code !== undefined && networkCodes.has(code)) ||
    value?.name === 'TimeoutError' ||
    (value?.name === 'TypeError' && /fetch failed/i.test(message))
  ) {
    return { kind: 'transient', name, message };
  }
  if (status !== undefined) return { kind: 'fatal', code: 'GCP_REQUEST_INVALID', name, message, status };
  return { kind: 'fatal', code: 'VERIFICATION_ERROR', name, message };
}
