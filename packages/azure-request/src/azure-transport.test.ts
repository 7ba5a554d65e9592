import { setupTestServer, thrownCode } from '@byoc-kit/core/testing';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { azureRequestDocument } from './azure-request-document.js';
import { signatureHeader, verifySignedBody } from './azure-signature.js';
import { azureCloud, subscriptionId, tenantId, webhookSecret } from './azure-test-fixtures.js';
import { createWebhookTransport, type WebhookTransportSettings } from './azure-transport.js';

const url = 'https://byoc.vendor.example/azure-requests';
const server = setupTestServer();
const document = azureRequestDocument(azureCloud(), { tenantId, subscriptionId });
const delivery = {
  document,
  body: JSON.stringify(document),
  idempotencyKey: `byoc-azure-${document.customCloud.id}-v1`,
  requestVersion: 1,
};
const transport = (overrides: Partial<WebhookTransportSettings> = {}) =>
  createWebhookTransport({ url, secret: webhookSecret, sleep: async () => undefined, random: () => 0.5, ...overrides });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('expected a rejection');
}

describe('webhook transport', () => {
  it('posts the JSON with a stable idempotency key and a signature the receiver can verify', async () => {
    server.use(http.post(url, () => HttpResponse.json({ reference: 'OPS-1234' }, { status: 201 })));
    expect(await transport()(delivery)).toEqual({ reference: 'OPS-1234' });
    const [request] = await server.requests();
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('idempotency-key')).toBe(delivery.idempotencyKey);
    expect(request?.headers.get('x-byoc-request-version')).toBe('1');
    expect(JSON.parse(request?.body ?? '')).toEqual(document);
    expect(() =>
      verifySignedBody(request?.body ?? '', request?.headers.get(signatureHeader), webhookSecret, {
        nowMs: Date.now(),
        toleranceMs: 60_000,
      }),
    ).not.toThrow();
    expect(
      thrownCode(() =>
        verifySignedBody(request?.body ?? '', request?.headers.get(signatureHeader), 'another-secret-another-secret-xx', {
          nowMs: Date.now(),
          toleranceMs: 60_000,
        }),
      ),
    ).toBe('WEBHOOK_SIGNATURE_INVALID');
  });

  it('retries 5xx and network errors with the same idempotency key, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.post(url, () => {
        calls++;
        if (calls === 1) return new HttpResponse('busy', { status: 503 });
        if (calls === 2) return HttpResponse.error();
        return HttpResponse.json({});
      }),
    );
    await transport()(delivery);
    const requests = await server.requests();
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.headers.get('idempotency-key')))).toEqual(new Set([delivery.idempotencyKey]));
  });

  it('reports a 4xx without retrying', async () => {
    server.use(http.post(url, () => HttpResponse.json({ error: 'unknown organization' }, { status: 422 })));
    expect(await codeOf(transport()(delivery))).toBe('REQUEST_DELIVERY_REJECTED');
    expect(await server.requests()).toHaveLength(1);
  });

  it('reports lasting 5xx as REQUEST_DELIVERY_FAILED at its deadline', async () => {
    let time = 0;
    server.use(http.post(url, () => new HttpResponse('down', { status: 500 })));
    const failing = transport({
      now: () => time,
      sleep: async (milliseconds) => {
        time += milliseconds;
      },
      retry: { deadlineMs: 5_000 },
    });
    expect(await codeOf(failing(delivery))).toBe('REQUEST_DELIVERY_FAILED');
    expect((await server.requests()).length).toBeGreaterThan(2);
  });

  it('reports an endpoint that does not answer in time as REQUEST_DELIVERY_TIMEOUT', async () => {
    let time = 0;
    server.use(
      http.post(url, async () => {
        await delay(500);
        return HttpResponse.json({});
      }),
    );
    const slow = transport({
      timeoutMs: 50,
      now: () => time,
      sleep: async (milliseconds) => {
        time += milliseconds;
      },
      retry: { deadlineMs: 1_000, maxDelayMs: 400 },
    });
    expect(await codeOf(slow(delivery))).toBe('REQUEST_DELIVERY_TIMEOUT');
  });

  it.each([
    ['plain http to a public host', { url: 'http://byoc.vendor.example/x' }],
    ['a short secret', { secret: 'short' }],
  ])('refuses %s with AZURE_SETTINGS_INVALID', (_, overrides) => {
    expect(thrownCode(() => transport(overrides))).toBe('AZURE_SETTINGS_INVALID');
  });
});
