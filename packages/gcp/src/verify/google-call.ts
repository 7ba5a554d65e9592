import { boundedCall, type CallBounds, type z } from '@byoc-kit/core/provider-utils';
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
  return async (what, method, url, schema, json) => {
    const response = await boundedCall((signal) => http(url, { method, headers, ...(json ? { json } : {}), signal, timeout: false }), {
      ...bounds,
      what: `${api} ${what}`,
    });
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
  };
}
