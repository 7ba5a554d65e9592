import { boundedCall, type CallBounds, type CallFailure, type CallOutcome, cloudCall } from '@byoc-kit/core/provider-utils';

/** An error answer of Azure Resource Manager: `{ error: { code, message } }` with its HTTP status. */
export class ArmError extends Error {
  override readonly name = 'ArmError';
  constructor(
    readonly status: number,
    /** ARM's code: `AuthorizationFailed`, `SubscriptionNotFound`, `InvalidAuthenticationToken`, ... */
    readonly armCode: string,
    message: string,
    /** The wait `Retry-After` asked for, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** An answer that does not parse as ARM's JSON. */
export class MalformedArmResponseError extends Error {
  override readonly name = 'MalformedResponse';
}

/**
 * What an ARM failure means for verification: 403 (`AuthorizationFailed`) is denied, which a new
 * delegation shows until it has propagated; 404 not found; 401 the vendor's own credentials
 * (`VENDOR_CREDENTIALS_INVALID`, final); 429, 5xx, the network and malformed answers transient.
 */
export function classifyArmError(error: unknown): CallFailure {
  if (error instanceof ArmError) {
    const base = { name: error.armCode, message: error.message, status: error.status };
    if (error.status === 401) return { kind: 'fatal', code: 'VENDOR_CREDENTIALS_INVALID', ...base };
    if (error.status === 403) return { kind: 'denied', ...base };
    if (error.status === 404) return { kind: 'not_found', ...base };
    if (error.status === 400) return { kind: 'fatal', code: 'VERIFICATION_ERROR', ...base };
    return { kind: 'transient', ...base };
  }
  const value = error as { name?: unknown; message?: unknown };
  const name = typeof value?.name === 'string' ? value.name : 'Error';
  const message = typeof value?.message === 'string' ? value.message : String(error);
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationError' || name === 'NoToken') {
    return { kind: 'fatal', code: 'VENDOR_CREDENTIALS_INVALID', name, message };
  }
  // Everything else (the network, a timeout, an answer that is not JSON) may pass: retried until the deadline.
  return { kind: 'transient', name, message };
}

/** How an ARM call counts in `byoc.cloud_calls`. */
function armCallOutcome(error: unknown): CallOutcome {
  if (!(error instanceof ArmError)) return 'error';
  if (error.status === 429) return 'throttled';
  if (error.status === 401 || error.status === 403) return 'denied';
  if (error.status === 404) return 'not_found';
  return 'error';
}

/** ARM reads, each a bounded call and a client span; a 429's `Retry-After` is waited out, within the deadline. */
export interface ArmReader {
  get(path: string, apiVersion: string, method: string, query?: Record<string, string>): Promise<unknown>;
}

export function armReader(options: {
  readonly endpoint: string;
  readonly fetch: typeof fetch;
  /** The vendor's ARM token; the signal aborts a sign-in still running when the call's bound ends. */
  readonly token: (signal: AbortSignal) => Promise<string>;
  readonly bounds: Omit<CallBounds, 'what'>;
  /** Waits out a 429's Retry-After (the verification's clock, cut at its deadline) before the retry's own backoff. */
  readonly wait: (milliseconds: number) => Promise<void>;
}): ArmReader {
  const host = new URL(options.endpoint).host;
  return {
    get: (path, apiVersion, method, query = {}) =>
      cloudCall(
        {
          system: 'azure-api',
          service: 'Azure Resource Manager',
          method,
          name: 'GET',
          attributes: { 'http.request.method': 'GET', 'server.address': host },
          classify: armCallOutcome,
        },
        async (span) => {
          const url = new URL(path, options.endpoint);
          url.searchParams.set('api-version', apiVersion);
          for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
          // The vendor's token (the credential may go to Entra ID or a metadata endpoint) and the
          // answer's body are inside the bound too: neither a stalled sign-in nor a stalled body hangs a check.
          const { response, text } = await boundedCall(
            async (signal) => {
              const token = await options.token(signal);
              const answer = await options.fetch(url, {
                headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
                signal,
              });
              return { response: answer, text: await answer.text() };
            },
            { ...options.bounds, what: `ARM ${method}` },
          );
          span.setAttribute('http.response.status_code', response.status);
          const requestId = response.headers.get('x-ms-request-id');
          if (requestId) span.setAttribute('az.service_request_id', requestId.slice(0, 64));
          let body: unknown;
          try {
            body = text === '' ? {} : JSON.parse(text);
          } catch {
            throw new MalformedArmResponseError(`ARM ${method} answered ${response.status} with something that is not JSON`);
          }
          if (response.ok) return body;
          const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
          const retryAfter = Number(response.headers.get('retry-after'));
          if (response.status === 429 && Number.isFinite(retryAfter) && retryAfter > 0) await options.wait(retryAfter * 1000);
          throw new ArmError(
            response.status,
            typeof error?.code === 'string' ? error.code.slice(0, 64) : `HTTP${response.status}`,
            typeof error?.message === 'string' ? error.message.slice(0, 500) : `ARM answered ${response.status}.`,
            Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
          );
        },
      ),
  };
}
