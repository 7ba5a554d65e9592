import { ByocError, type ByocEvents, createByoc, createMemoryStore } from '@byoc-kit/core';
import { captureOutput, expectNoSecrets, setupTestServer } from '@byoc-kit/core/testing';
import { HttpResponse, http } from 'msw';
import { describe, it } from 'vitest';
import { createAzureRequestProvider } from './azure-provider.js';
import { signBody } from './azure-signature.js';
import { azureCloudInput, subscriptionId, tenantId } from './azure-test-fixtures.js';

// No signing secret reaches a message, a report, a stored record, a request record, an event or a
// log line: neither the secret of outgoing requests nor that of incoming status updates, whatever
// the endpoint answers and whatever a sender forges.

const deliverySecret = 'DeliverySigningSecret-0123456789abcdefghij';
const webhookSecret = 'StatusUpdateSigningSecret-0123456789abcdefgh';
const url = 'https://byoc.vendor.example/azure-requests';
const server = setupTestServer();
const access = { tenantId, subscriptionId };

const endpoints: Record<string, () => Response | Promise<Response>> = {
  'a delivered request': () => HttpResponse.json({ reference: 'OPS-1' }, { status: 201 }),
  'a refused request': () => HttpResponse.json({ error: 'bad request' }, { status: 400 }),
  'an endpoint down': () => HttpResponse.json({ error: 'unavailable' }, { status: 503 }),
  'a silent endpoint': () => new Promise<Response>(() => undefined),
};

describe('Azure signing secrets never leak', () => {
  it.each(Object.entries(endpoints))('keeps both secrets out of sight with %s and forged updates', async (_, answer) => {
    server.use(http.post(url, answer));
    const output = captureOutput();
    try {
      let time = Date.UTC(2026, 10, 22, 12, 0, 0);
      const azure = createAzureRequestProvider({
        transport: { url, secret: deliverySecret, timeoutMs: 100, retry: { deadlineMs: 400, initialDelayMs: 10 } },
        webhookSecret,
        now: () => time,
      });
      const store = createMemoryStore();
      const byoc = createByoc({ providers: [azure], store, now: () => new Date(time) });
      const events: ByocEvents['transition'][] = [];
      byoc.on('transition', (event) => events.push(event));
      const tracker = azure.tracker(byoc);
      const cloud = await byoc.create(azureCloudInput);
      const outcome = await byoc.provision(cloud.id, access).catch((error: unknown) => error);
      const update = (payload: object, secret = webhookSecret) => {
        const body = JSON.stringify(payload);
        return { body, signature: signBody(body, secret, Math.floor(time / 1000)) };
      };
      const base = { customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-00000001', state: 'acknowledged' };
      const attempts = [
        update(base, deliverySecret),
        update(base, `${webhookSecret}x`),
        { body: JSON.stringify(base), signature: `t=${Math.floor(time / 1000)},v1=${'0'.repeat(64)}` },
        update({ ...base, requestVersion: 7 }),
        update({ ...base, secret: webhookSecret }),
        update(base),
        update(base),
      ];
      const answers: unknown[] = [];
      for (const attempt of attempts) {
        time += 1_000;
        answers.push(await tracker.handleWebhook(attempt).catch((error: unknown) => error));
      }
      expectNoSecrets(
        {
          'the report': outcome,
          'the webhook answers': answers,
          'the error JSON': answers.map((answer) => (ByocError.isInstance(answer) ? answer.toJSON() : undefined)),
          'stored records': await store.list(),
          'the request record': await azure.requests.get(cloud.id),
          events,
          'log lines': output.lines,
        },
        [deliverySecret, webhookSecret],
      );
    } finally {
      output.restore();
    }
  });
});
