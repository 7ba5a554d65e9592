import { ByocError } from '@byoc-kit/core';
import { type RetryClock, type RetryPolicy, retryUntilDeadline, sleepWithSignal } from '@byoc-kit/core/provider-utils';
import ky, { TimeoutError } from 'ky';
import type { AzureRequestDocument } from './azure-request-document.js';
import { signatureHeader, signBody } from './azure-signature.js';

/** One delivery of a request. The same request always comes with the same idempotency key. */
export interface AzureRequestDelivery {
  readonly document: AzureRequestDocument;
  /** The JSON body, exactly as signed. */
  readonly body: string;
  /** Derived from the custom cloud id and the request version: a retried submission reuses it. */
  readonly idempotencyKey: string;
  readonly requestVersion: number;
  readonly signal?: AbortSignal | undefined;
}

/** Delivers a request to the vendor's team; resolves once it is accepted, with the team's reference if any. */
export type AzureRequestTransport = (delivery: AzureRequestDelivery) => Promise<{ reference?: string | undefined }>;

/** Settings of the webhook transport. */
export interface WebhookTransportSettings {
  /** The vendor's endpoint that receives requests (a ticketing hook, an internal service). https unless on loopback. */
  url: string;
  /** Shared secret of the HMAC-SHA256 signature in the `x-byoc-signature` header. */
  secret: string;
  /** Timeout of one attempt, in ms. Default 10,000. */
  timeoutMs?: number;
  /** Retries of 5xx, 429 and network failures. Defaults: 500 ms, x2, capped at 8 s, full jitter, deadline 30 s. */
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: RetryClock['sleep'];
  random?: () => number;
}

type DeliveryFailure =
  | { kind: 'transient' | 'timeout'; message: string }
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'aborted'; message: string };

/**
 * An HTTP webhook transport, through ky: POSTs the request as JSON with an `Idempotency-Key`
 * header (stable across retries) and a signature over the body; retries 5xx, 429, timeouts and
 * network failures with backoff until its deadline; a 4xx is final. Raises
 * `REQUEST_DELIVERY_REJECTED`, `REQUEST_DELIVERY_TIMEOUT` or `REQUEST_DELIVERY_FAILED`.
 */
export function createWebhookTransport(settings: WebhookTransportSettings): AzureRequestTransport {
  const url = new URL(settings.url);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
    throw new ByocError({
      code: 'AZURE_SETTINGS_INVALID',
      message: `The webhook URL ${settings.url} must use https (http is accepted on loopback only).`,
    });
  }
  if (typeof settings.secret !== 'string' || settings.secret.length < 32) {
    throw new ByocError({
      code: 'AZURE_SETTINGS_INVALID',
      message: 'The webhook secret must be at least 32 characters; generate one with `openssl rand -hex 32`.',
    });
  }
  const policy: RetryPolicy = { initialDelayMs: 500, factor: 2, maxDelayMs: 8_000, deadlineMs: 30_000, jitter: 'full', ...settings.retry };
  const clock: RetryClock = {
    now: settings.now ?? Date.now,
    sleep: settings.sleep ?? sleepWithSignal,
    random: settings.random ?? Math.random,
  };
  const http = ky.create({
    retry: 0,
    timeout: settings.timeoutMs ?? 10_000,
    throwHttpErrors: false,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });

  return async (delivery) => {
    const outcome = await retryUntilDeadline<{ reference?: string | undefined }, DeliveryFailure>(
      async () => {
        const response = await http.post(url, {
          body: delivery.body,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': delivery.idempotencyKey,
            'x-byoc-request-version': String(delivery.requestVersion),
            [signatureHeader]: signBody(delivery.body, settings.secret, Math.floor(clock.now() / 1000)),
          },
          ...(delivery.signal ? { signal: delivery.signal } : {}),
        });
        const text = await response.text();
        if (response.status >= 400) {
          throw Object.assign(new Error(`${response.status} ${text.slice(0, 300)}`), { status: response.status });
        }
        const reference = (() => {
          try {
            const parsed = JSON.parse(text) as { reference?: unknown };
            return typeof parsed.reference === 'string' ? parsed.reference : undefined;
          } catch {
            return undefined;
          }
        })();
        return { reference };
      },
      {
        policy,
        clock,
        deadline: clock.now() + policy.deadlineMs,
        signal: delivery.signal,
        classify: (error): DeliveryFailure => {
          const status = (error as { status?: number }).status;
          if (error instanceof TimeoutError) return { kind: 'timeout', message: (error as Error).message };
          if (status !== undefined && status < 500 && status !== 429)
            return { kind: 'rejected', status, message: (error as Error).message };
          return { kind: 'transient', message: (error as Error).message };
        },
        retryable: (failure) => failure.kind === 'transient' || failure.kind === 'timeout',
      },
    );
    if (outcome.ok) return outcome.value;
    const failure = outcome.failure;
    if (failure.kind === 'rejected') {
      throw new ByocError({
        code: 'REQUEST_DELIVERY_REJECTED',
        message: `The request endpoint ${url.origin}${url.pathname} refused the request (${failure.message}). Fix the endpoint or the request; it was not retried.`,
        details: { status: failure.status, attempts: outcome.attempts },
      });
    }
    if (failure.kind === 'aborted')
      throw new ByocError({ code: 'ABORTED', message: 'Delivery of the request was aborted.', details: { attempts: outcome.attempts } });
    throw new ByocError({
      code: failure.kind === 'timeout' ? 'REQUEST_DELIVERY_TIMEOUT' : 'REQUEST_DELIVERY_FAILED',
      message: `The request could not be delivered to ${url.origin}${url.pathname} (${failure.message}); tried ${outcome.attempts} times. Provision again later: the same idempotency key ${delivery.idempotencyKey} keeps it a single request.`,
      details: { attempts: outcome.attempts },
      isRetryable: true,
    });
  };
}
