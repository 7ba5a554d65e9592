import type { CallFailure, CallOutcome } from '@byoc-kit/core/provider-utils';
/** What a failed STS call means for verification: core's `CallFailure`, never `not_found` (STS denies instead). */
export type StsFailure = Exclude<CallFailure, { readonly kind: 'not_found' }>;

const credentialErrors = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);
const throttlingErrors = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'SlowDown',
]);
const networkErrorNames = new Set(['TimeoutError', 'NetworkingError', 'RequestTimeout', 'RequestTimeoutException']);
const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Classifies an AWS SDK error by its `name` (the STS error code) and HTTP status, the way the SDK's
 * own retry strategy does: AccessDenied may be IAM propagation and is retried until the deadline;
 * throttling, 5xx and network failures are transient; bad vendor credentials, a disabled region
 * and malformed requests are final.
 */
export function classifyStsError(error: unknown): StsFailure {
  const value = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const name = typeof value?.name === 'string' ? value.name : 'Error';
  const message = typeof value?.message === 'string' ? value.message : String(error);
  const status = value?.$metadata?.httpStatusCode;
  if (name === 'AccessDenied' || name === 'AccessDeniedException') return { kind: 'denied', name, message };
  if (name === 'RegionDisabledException') return { kind: 'fatal', code: 'STS_REGION_DISABLED', name, message, status };
  if (credentialErrors.has(name)) return { kind: 'fatal', code: 'VENDOR_CREDENTIALS_INVALID', name, message, status };
  // An answer that did not parse, whatever its status, is the transport failing: never a verdict.
  if (name === 'MalformedResponse' || (status !== undefined && status >= 200 && status < 300))
    return { kind: 'transient', name, message, status };
  if (throttlingErrors.has(name) || (status !== undefined && status >= 500) || value?.$retryable !== undefined) {
    return { kind: 'transient', name, message, status };
  }
  if (networkErrorNames.has(name) || (typeof value?.code === 'string' && networkCodes.has(value.code)))
    return { kind: 'transient', name, message };
  if (status !== undefined) return { kind: 'fatal', code: 'STS_REQUEST_INVALID', name, message, status };
  return { kind: 'fatal', code: 'VERIFICATION_ERROR', name, message };
}

/** How an AWS SDK call ended, for the `byoc.cloud_calls` counter and the call's span. */
export function awsCallOutcome(error: unknown): CallOutcome {
  const failure = classifyStsError(error);
  if (failure.kind === 'denied') return 'denied';
  if (throttlingErrors.has(failure.name)) return 'throttled';
  return 'error';
}

/** The request id AWS gave an answer or an error (`$metadata.requestId`), for the span's `aws.request_id`. */
export function awsRequestId(answerOrError: unknown): string | undefined {
  const id = (answerOrError as { $metadata?: { requestId?: unknown } } | null | undefined)?.$metadata?.requestId;
  return typeof id === 'string' ? id : undefined;
}
