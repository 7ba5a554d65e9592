import {
  boundedCall,
  type CallBounds,
  type CallOutcome,
  type CloudCallDescription,
  cloudCall,
  type z,
} from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import { GoogleApiError, googleErrorOf, MalformedGoogleResponseError } from './google-errors.js';

/** One JSON call to a Google API with the impersonated token, its answer parsed by `schema`. */
export type GoogleCall = <T>(what: string, method: 'get' | 'post', url: string, schema: z.ZodType<T>, json?: object) => Promise<T>;

/**
 * Calls of one Google API (`api`: its name in messages) through ky, with `token` as the bearer of
 * every call. Every call is bounded (its timeout, the verification's deadline) and every answer
 * parsed: one that does not parse is a transport fault (`MalformedGoogleResponseError`), never a
 * verdict on the customer.
 */
export function googleCaller(
  http: KyInstance,
  token: string,
  bounds: Omit<CallBounds, 'what'>,
  api: string,
  /** Sent with every call: Google's `X-Goog-Request-Reason`, the justification its audit logs keep where the API supports it. */
  requestReason?: string,
): GoogleCall {
  const headers = { authorization: `Bearer ${token}`, ...(requestReason === undefined ? {} : { 'x-goog-request-reason': requestReason }) };
  return (what, method, url, schema, json) =>
    cloudCall(googleCallDescription(api, what, method, url), async (span) => {
      const response = await boundedCall((signal) => http(url, { method, headers, ...(json ? { json } : {}), signal, timeout: false }), {
        ...bounds,
        what: `${api} ${what}`,
      });
      span.setAttribute('http.response.status_code', response.status);
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const error = googleErrorOf(body);
        throw new GoogleApiError(response.status, error.status, error.message, 'impersonated');
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new MalformedGoogleResponseError(
          `${api} ${what}`,
          `${issue?.path.join('.') || 'the body'}: ${issue?.message ?? 'unexpected shape'}`,
        );
      }
      return parsed.data;
    });
}

/**
 * A Google REST call as an HTTP client span (named by its HTTP method, with `http.request.method`,
 * `server.address` and, once answered, `http.response.status_code`) that also names the API and the
 * call (`rpc.service`, `rpc.method`) for the `byoc.cloud_calls` counter. The URL is never an
 * attribute: it names the customer's project and service account.
 */
export function googleCallDescription(api: string, what: string, method: 'get' | 'post', url: string): CloudCallDescription {
  const httpMethod = method.toUpperCase();
  return {
    system: 'gcp-api',
    service: api,
    method: what,
    name: httpMethod,
    attributes: { 'http.request.method': httpMethod, 'server.address': hostOf(url) },
    classify: googleCallOutcome,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'unknown';
  }
}

/** How a Google call ended, for the `byoc.cloud_calls` counter: by its HTTP status, or `error` (the network). */
export function googleCallOutcome(error: unknown): CallOutcome {
  const value = error as { status?: unknown; response?: { status?: unknown } } | null;
  // byoc-kit's own calls carry `status`; google-auth-library's errors (gaxios) `response.status`.
  const status = value?.status ?? value?.response?.status;
  if (status === 401 || status === 403) return 'denied';
  if (status === 404) return 'not_found';
  if (status === 429) return 'throttled';
  return 'error';
}
