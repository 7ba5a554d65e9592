import { type CustomCloudStore, createByoc, createMemoryStore, type TransitionEvent } from '@byoc-kit/core';
import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { createAzureRequestProvider } from './azure-provider.js';
import { azureCloudInput, subscriptionId, tenantId, webhookSecret } from './azure-test-fixtures.js';
import { type AzureRequestDelivery, type AzureRequestStore, createMemoryAzureRequestStore, signBody } from './index.js';

function setup(options: { failDeliveries?: number; requests?: AzureRequestStore; store?: CustomCloudStore } = {}) {
  const deliveries: AzureRequestDelivery[] = [];
  let failures = options.failDeliveries ?? 0;
  let time = Date.UTC(2026, 10, 22, 12, 0, 0);
  const azure = createAzureRequestProvider({
    webhookSecret,
    ...(options.requests ? { requests: options.requests } : {}),
    now: () => time,
    transport: async (delivery) => {
      deliveries.push(delivery);
      if (failures-- > 0) {
        const { ByocError } = await import('@byoc-kit/core');
        throw new ByocError({
          code: 'REQUEST_DELIVERY_FAILED',
          message: 'The endpoint is down.',
          details: { attempts: 3 },
          isRetryable: true,
        });
      }
      return { reference: `OPS-${deliveries.length}` };
    },
  });
  const store = options.store ?? createMemoryStore();
  const byoc = createByoc({ providers: [azure], store, now: () => new Date(time) });
  const events: TransitionEvent[] = [];
  byoc.on('transition', (event) => events.push(event));
  const tracker = azure.tracker(byoc);
  const signed = (payload: object, at = time) => {
    const body = JSON.stringify(payload);
    return { body, signature: signBody(body, webhookSecret, Math.floor(at / 1000)) };
  };
  return {
    azure,
    byoc,
    store,
    events,
    tracker,
    deliveries,
    signed,
    advance: (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

const access = { tenantId, subscriptionId, resourceGroup: 'rg-contoso-byoc' };

describe('an Azure custom cloud request', () => {
  it('goes from draft to active: submitted, acknowledged, in progress, fulfilled', async () => {
    const { byoc, tracker, events, deliveries } = setup();
    const cloud = await byoc.create(azureCloudInput);
    expect((await byoc.getTemplate(cloud.id)).files.map((file) => file.path)).toEqual([
      'request.json',
      'request.schema.json',
      'request.md',
    ]);

    const { cloud: submitted, report } = await byoc.provision(cloud.id, access, { actor: 'customer' });
    expect(submitted.state).toBe('validating');
    expect(report.checks[0]?.detail).toContain('No automated access check exists for Azure');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.idempotencyKey).toBe(`byoc-azure-${cloud.id}-v1`);
    expect((await tracker.get(cloud.id)).state).toBe('submitted');

    expect((await tracker.update(cloud.id, { state: 'acknowledged', note: 'Ticket OPS-1' }, { actor: 'ops@vendor' })).cloud.state).toBe(
      'creating',
    );
    expect((await tracker.update(cloud.id, { state: 'in_progress' })).cloud.state).toBe('creating');
    const done = await tracker.update(
      cloud.id,
      { state: 'fulfilled', subscriptionId, resourceGroup: 'rg-contoso-byoc' },
      { actor: 'ops@vendor' },
    );
    expect(done.cloud.state).toBe('active');
    expect(done.request.history.map((entry) => entry.state)).toEqual(['submitted', 'acknowledged', 'in_progress', 'fulfilled']);
    expect(events.map((event) => `${event.from}>${event.to} by ${event.actor}`)).toEqual([
      'draft>validating by customer',
      'validating>creating by ops@vendor',
      'creating>active by ops@vendor',
    ]);
  });

  it('submits a retried provision once: the same request keeps its idempotency key', async () => {
    const { byoc, deliveries } = setup({ failDeliveries: 1 });
    const cloud = await byoc.create(azureCloudInput);
    const first = await byoc.provision(cloud.id, access);
    expect(first.cloud).toMatchObject({ state: 'draft', errors: [{ code: 'REQUEST_DELIVERY_FAILED' }] });
    await byoc.provision(cloud.id, access);
    expect(deliveries.map((delivery) => delivery.idempotencyKey)).toEqual([`byoc-azure-${cloud.id}-v1`, `byoc-azure-${cloud.id}-v1`]);
  });

  it('returns a rejected request to draft with the reason, and a resubmission is a new version', async () => {
    const { byoc, tracker, deliveries } = setup();
    const cloud = await byoc.create(azureCloudInput);
    await byoc.provision(cloud.id, access);
    const { cloud: rejected } = await tracker.update(cloud.id, { state: 'rejected', reason: 'No quota for Standard_D8 in westeurope.' });
    expect(rejected).toMatchObject({
      state: 'draft',
      errors: [{ code: 'REQUEST_REJECTED', message: 'The vendor team rejected the request: No quota for Standard_D8 in westeurope.' }],
    });
    await byoc.provision(cloud.id, access);
    expect(deliveries.map((delivery) => delivery.requestVersion)).toEqual([1, 2]);
  });

  it('fails creation when the team reports another subscription than the request', async () => {
    const { byoc, tracker } = setup();
    const cloud = await byoc.create(azureCloudInput);
    await byoc.provision(cloud.id, access);
    await tracker.update(cloud.id, { state: 'acknowledged' });
    const { cloud: failed } = await tracker.update(cloud.id, {
      state: 'fulfilled',
      subscriptionId: '11111111-2222-4333-8444-555555555555',
      resourceGroup: 'rg-contoso-byoc',
    });
    expect(failed).toMatchObject({ state: 'creation_failed', errors: [{ code: 'FULFILMENT_MISMATCH' }] });
  });

  it('refuses updates that make no sense, changing nothing', async () => {
    const { byoc, tracker, store } = setup();
    const cloud = await byoc.create(azureCloudInput);
    await expect(tracker.update(cloud.id, { state: 'acknowledged' })).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND' });
    await byoc.provision(cloud.id, access);
    await tracker.update(cloud.id, { state: 'in_progress' });
    const before = { clouds: await store.list(), request: await tracker.get(cloud.id) };
    await expect(tracker.update(cloud.id, { state: 'acknowledged' })).rejects.toMatchObject({ code: 'REQUEST_STATE_INVALID' });
    await expect(tracker.update(cloud.id, { state: 'rejected' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(tracker.update(cloud.id, { state: 'fulfilled' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(tracker.update(cloud.id, { state: 'done' } as never)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect({ clouds: await store.list(), request: await tracker.get(cloud.id) }).toEqual(before);
  });

  it('refuses malformed Azure ids before anything is stored or sent', async () => {
    const { byoc, store, deliveries } = setup();
    const cloud = await byoc.create(azureCloudInput);
    const before = await store.list();
    await expect(byoc.provision(cloud.id, { tenantId: 'contoso', subscriptionId })).rejects.toMatchObject({ code: 'AZURE_ID_INVALID' });
    await expect(byoc.provision(cloud.id, { ...access, resourceGroup: 'rg.' })).rejects.toMatchObject({ code: 'RESOURCE_GROUP_INVALID' });
    expect(await store.list()).toEqual(before);
    expect(deliveries).toHaveLength(0);
  });

  describe('signed status updates', () => {
    it('accepts a good one and moves the cloud', async () => {
      const { byoc, tracker, signed } = setup();
      const cloud = await byoc.create(azureCloudInput);
      await byoc.provision(cloud.id, access);
      const { cloud: moved } = await tracker.handleWebhook(
        signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-0001', state: 'acknowledged', actor: 'ticket-bot' }),
      );
      expect(moved.state).toBe('creating');
      expect(moved.history.at(-1)?.actor).toBe('ticket-bot');
    });

    it('refuses bad, tampered, stale and replayed ones, changing nothing', async () => {
      const { byoc, tracker, signed, store, advance } = setup();
      const cloud = await byoc.create(azureCloudInput);
      await byoc.provision(cloud.id, access);
      const before = await store.list();
      const good = signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-0001', state: 'acknowledged' });
      const tampered = { body: good.body.replace('acknowledged', 'in_progress'), signature: good.signature };
      const stale = signed(
        { customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-0002', state: 'in_progress' },
        Date.UTC(2026, 10, 22, 11, 0, 0),
      );
      await expect(tracker.handleWebhook({ body: good.body, signature: undefined })).rejects.toMatchObject({
        code: 'WEBHOOK_SIGNATURE_INVALID',
      });
      await expect(tracker.handleWebhook({ body: good.body, signature: 't=1,v1=zz' })).rejects.toMatchObject({
        code: 'WEBHOOK_SIGNATURE_INVALID',
      });
      await expect(tracker.handleWebhook(tampered)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
      await expect(tracker.handleWebhook(stale)).rejects.toMatchObject({ code: 'WEBHOOK_SIGNATURE_STALE' });
      await expect(
        tracker.handleWebhook(
          signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-0003', state: 'acknowledged', extra: 1 }),
        ),
      ).rejects.toMatchObject({ code: 'INPUT_UNKNOWN_KEY' });
      // The body must name the request's version and carry an id of its own.
      await expect(tracker.handleWebhook(signed({ customCloudId: cloud.id, state: 'acknowledged' }))).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
      expect(await store.list()).toEqual(before);
      await tracker.handleWebhook(good);
      advance(1_000);
      await expect(tracker.handleWebhook(good)).rejects.toMatchObject({ code: 'WEBHOOK_REPLAYED' });
    });

    it('refuses a replay on another replica and after a restart, the request store shared', async () => {
      const requests = createMemoryAzureRequestStore();
      const store = createMemoryStore();
      const first = setup({ requests, store });
      const cloud = await first.byoc.create(azureCloudInput);
      await first.byoc.provision(cloud.id, access);
      const update = first.signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-acknowledged', state: 'acknowledged' });
      await first.tracker.handleWebhook(update);
      await first.tracker.handleWebhook(
        first.signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-working', state: 'in_progress' }),
      );
      // A second replica, or the same backend after a restart: new provider, new tracker, same stores.
      const second = setup({ requests, store });
      const before = { request: await requests.get(cloud.id), clouds: await store.list() };
      await expect(second.tracker.handleWebhook(update)).rejects.toMatchObject({ code: 'WEBHOOK_REPLAYED' });
      expect({ request: await requests.get(cloud.id), clouds: await store.list() }).toEqual(before);
    });

    it('refuses an update of an older version of the request, changing the newer one not at all', async () => {
      const { byoc, tracker, signed, store, azure } = setup();
      const cloud = await byoc.create(azureCloudInput);
      await byoc.provision(cloud.id, access);
      const rejection = signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-reject', state: 'rejected', reason: 'Quota.' });
      await tracker.handleWebhook(rejection);
      // The customer fixes the ids; a new version of the request goes out.
      await byoc.provision(cloud.id, { ...access, resourceGroup: 'rg-contoso-byoc-2' });
      expect((await azure.requests.get(cloud.id))?.requestVersion).toBe(2);
      const before = { request: await azure.requests.get(cloud.id), clouds: await store.list() };
      const oldAcknowledgement = signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-old-ack', state: 'acknowledged' });
      await expect(tracker.handleWebhook(oldAcknowledgement)).rejects.toMatchObject({ code: 'WEBHOOK_REQUEST_VERSION_MISMATCH' });
      expect({ request: await azure.requests.get(cloud.id), clouds: await store.list() }).toEqual(before);
    });

    it('lets only one of two replicas apply the same update at the same time', async () => {
      const requests = createMemoryAzureRequestStore();
      const store = createMemoryStore();
      const first = setup({ requests, store });
      const second = setup({ requests, store });
      const cloud = await first.byoc.create(azureCloudInput);
      await first.byoc.provision(cloud.id, access);
      const update = first.signed({ customCloudId: cloud.id, requestVersion: 1, updateId: 'upd-race', state: 'acknowledged' });
      const results = await Promise.allSettled([first.tracker.handleWebhook(update), second.tracker.handleWebhook(update)]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(['WEBHOOK_REPLAYED', 'REQUEST_CHANGED']).toContain(refused.reason.code);
      expect((await store.get(cloud.id))?.history.filter((entry) => entry.event === 'accessVerified')).toHaveLength(1);
    });
  });

  it('needs a webhook secret to take signed updates', async () => {
    const azure = createAzureRequestProvider({ transport: async () => ({}) });
    const tracker = azure.tracker(createByoc({ providers: [azure], store: createMemoryStore() }));
    await expect(tracker.handleWebhook({ body: '{}', signature: 't=1,v1=00' })).rejects.toMatchObject({ code: 'AZURE_SETTINGS_INVALID' });
    expect(thrownCode(() => createAzureRequestProvider({ transport: async () => ({}), webhookSecret: 'short' }))).toBe(
      'AZURE_SETTINGS_INVALID',
    );
  });
});
