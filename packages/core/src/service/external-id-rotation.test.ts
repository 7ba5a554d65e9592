import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { rejectedCode } from '../testing/thrown-code.js';
import { createByoc } from './create-byoc.js';

// The life of an external ID in the service: one never served in a template expires, and a
// rotation keeps the previous ID until a check sees the new one accepted.

const hour = 3_600_000;
const input = { organizationId: 'org', displayName: 'Ids', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' };

function setup(options: { unservedTtlMs?: number; externalIdTrust?: boolean } = {}) {
  const clock = { at: Date.UTC(2026, 10, 28), now: () => new Date(clock.at) };
  const store = createMemoryStore();
  const provider = createFakeProvider({ externalIdTrust: options.externalIdTrust ?? true });
  const byoc = createByoc({
    providers: [provider],
    store,
    clock,
    ...(options.unservedTtlMs === undefined ? {} : { externalIds: { unservedTtlMs: options.unservedTtlMs } }),
  });
  return { byoc, store, clock };
}

describe('external IDs never served in a template', () => {
  it('expire after 48 hours: a provision with one is refused and nothing is stored', async () => {
    const { byoc, store, clock } = setup();
    const cloud = await byoc.create(input);
    expect(cloud).toMatchObject({ externalIdIssuedAt: '2026-11-28T00:00:00.000Z', externalIdServedAt: null });
    clock.at += 48 * hour + 1;
    for (const call of [byoc.provision(cloud.id, 'fake:role'), byoc.submitAccess(cloud.id, 'fake:role')]) {
      expect(await rejectedCode(call)).toBe('EXTERNAL_ID_EXPIRED');
    }
    expect(await store.get(cloud.id)).toEqual(cloud);
    await expect(byoc.provision(cloud.id, 'fake:role')).rejects.toThrow(/issued 48 hours ago and no template has carried it/);
  });

  it('are replaced by the next template, which serves the fresh one: provision then works', async () => {
    const { byoc, clock } = setup();
    const cloud = await byoc.create(input);
    clock.at += 72 * hour;
    await byoc.getTemplate(cloud.id);
    const served = await byoc.get(cloud.id);
    expect(served.externalId).not.toBe(cloud.externalId);
    expect(served).toMatchObject({ externalIdIssuedAt: '2026-12-01T00:00:00.000Z', externalIdServedAt: '2026-12-01T00:00:00.000Z' });
    clock.at += 30 * 24 * hour;
    expect((await byoc.provision(cloud.id, 'fake:role')).report.ok).toBe(true);
  });

  it('do not expire once served, and serving writes once', async () => {
    const { byoc, clock } = setup({ unservedTtlMs: hour });
    const cloud = await byoc.create(input);
    await byoc.getTemplate(cloud.id);
    const served = await byoc.get(cloud.id);
    expect(served.externalId).toBe(cloud.externalId);
    expect(served.version).toBe(cloud.version + 1);
    await byoc.getTemplate(cloud.id);
    expect((await byoc.get(cloud.id)).version).toBe(served.version);
    clock.at += 1_000 * hour;
    expect((await byoc.provision(cloud.id, 'fake:role')).report.ok).toBe(true);
  });

  it('never expire on clouds stored before byoc-kit tracked them', async () => {
    const { byoc, store, clock } = setup();
    const cloud = await byoc.create(input);
    const { externalIdIssuedAt: _issued, externalIdServedAt: _served, ...legacy } = cloud;
    await store.update({ ...legacy, version: cloud.version + 1 }, { expectedVersion: cloud.version });
    clock.at += 1_000 * hour;
    expect((await byoc.provision(cloud.id, 'fake:role')).report.ok).toBe(true);
  });

  it('refuse a bad setting when the service is built', () => {
    expect(() => setup({ unservedTtlMs: 5 })).toThrow(expect.objectContaining({ code: 'BYOC_OPTIONS_INVALID' }));
  });
});

describe('rotateExternalId', () => {
  it('issues a new ID and keeps the previous one until a check sees the new one accepted', async () => {
    const { byoc } = setup();
    const cloud = await byoc.create(input);
    await byoc.getTemplate(cloud.id);
    const rotated = await byoc.rotateExternalId(cloud.id);
    expect(rotated.externalId).not.toBe(cloud.externalId);
    expect(rotated.externalIdRotation).toEqual({ previousExternalId: cloud.externalId, rotatedAt: '2026-11-28T00:00:00.000Z' });
    expect(rotated.externalIdServedAt).toBeNull();
    // The fake provider says nothing of which ID it used: the rotation stays until one says `current`.
    expect((await byoc.provision(cloud.id, 'fake:role')).cloud.externalIdRotation).toEqual(rotated.externalIdRotation);
  });

  it('is refused for a provider whose trust holds no external ID, for a deleted cloud, and for an unknown one', async () => {
    const plain = setup({ externalIdTrust: false });
    const cloud = await plain.byoc.create(input);
    expect(await rejectedCode(plain.byoc.rotateExternalId(cloud.id))).toBe('EXTERNAL_ID_ROTATION_UNSUPPORTED');
    expect(await plain.store.get(cloud.id)).toEqual(cloud);

    const { byoc, store } = setup();
    const deleted = await byoc.create(input);
    await byoc.delete(deleted.id);
    const stored = await store.get(deleted.id);
    expect(await rejectedCode(byoc.rotateExternalId(deleted.id))).toBe('INVALID_TRANSITION');
    expect(await store.get(deleted.id)).toEqual(stored);
    expect(await rejectedCode(byoc.rotateExternalId('00000000-0000-4000-8000-000000000000'))).toBe('CUSTOM_CLOUD_NOT_FOUND');
  });
});
