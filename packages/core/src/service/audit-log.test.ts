import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../domain/index.js';
import { createMemoryStore } from '../store/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { createByoc } from './create-byoc.js';

const input = {
  organizationId: 'org-a',
  displayName: 'Audited',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
};

function setup() {
  let tick = 0;
  const store = createMemoryStore();
  const byoc = createByoc({
    providers: [
      createFakeProvider({
        verify: (cloud, access) => ({
          ok: !access.identity.startsWith('fake:denied'),
          checks: [{ id: 'fake_identity_known', ok: !access.identity.startsWith('fake:denied'), detail: access.identity }],
          ...(access.identity.startsWith('fake:denied')
            ? { error: { code: 'ACCESS_DENIED', message: `The fake cloud denied ${access.identity}.` } }
            : {}),
          attempts: 1,
          elapsedMs: 0,
          actedAs: `acted-for-${cloud.id.slice(0, 4)}`,
        }),
      }),
    ],
    store,
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
  });
  return { byoc, store };
}

const summary = (entries: readonly AuditEntry[]) => entries.map((entry) => [entry.kind, entry.actor, entry.outcome, entry.code ?? null]);

describe('byoc.auditLog', () => {
  it('lists what the vendor did, oldest first: transitions, verifications and health checks, with actor and source identity', async () => {
    const { byoc } = setup();
    const cloud = await byoc.create(input);
    await byoc.provision(cloud.id, 'fake:denied-first', { actor: 'jane@vendor.example' });
    await byoc.provision(cloud.id, 'fake:role', { actor: 'jane@vendor.example' });
    await byoc.markActive(cloud.id, { actor: 'builder' });
    await byoc.checkHealth(cloud.id);
    const entries = await byoc.auditLog(cloud.id);
    expect(summary(entries)).toEqual([
      ['transition', 'jane@vendor.example', 'draft -> validating', 'submitAccess'],
      ['verification', 'jane@vendor.example', 'failed', 'ACCESS_DENIED'],
      ['transition', 'jane@vendor.example', 'validating -> draft', 'accessRejected'],
      ['transition', 'jane@vendor.example', 'draft -> validating', 'submitAccess'],
      ['verification', 'jane@vendor.example', 'ok', null],
      ['transition', 'jane@vendor.example', 'validating -> creating', 'accessVerified'],
      ['transition', 'builder', 'creating -> active', 'provisioned'],
      ['health-check', 'health-monitor', 'ok', null],
    ]);
    const verification = entries.find((entry) => entry.kind === 'verification' && entry.outcome === 'ok');
    expect(verification).toMatchObject({
      sourceIdentity: `acted-for-${cloud.id.slice(0, 4)}`,
      organizationId: 'org-a',
      checks: [{ id: 'fake_identity_known', ok: true }],
    });
    expect(entries.find((entry) => entry.outcome === 'failed')?.detail).toBe('The fake cloud denied fake:denied-first.');
    expect([...entries].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(entries);
  });

  it('pages with after and limit, and refuses a malformed cursor', async () => {
    const { byoc } = setup();
    const cloud = await byoc.create(input);
    await byoc.provision(cloud.id, 'fake:role');
    await byoc.markActive(cloud.id);
    const all = await byoc.auditLog(cloud.id);
    const first = await byoc.auditLog(cloud.id, { limit: 2 });
    const rest = await byoc.auditLog(cloud.id, { after: first.at(-1)?.id as string, limit: 100 });
    expect([...first, ...rest]).toEqual(all);
    await expect(byoc.auditLog(cloud.id, { after: 'not-an-id' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(byoc.auditLog(cloud.id, { limit: 0 })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it("is the organization's only: another organization's cloud is not found", async () => {
    const { byoc } = setup();
    const cloud = await byoc.forOrganization('org-a').create(input);
    expect((await byoc.forOrganization('org-a').auditLog(cloud.id)).length).toBe(0);
    await expect(byoc.forOrganization('org-b').auditLog(cloud.id)).rejects.toMatchObject({ code: 'CUSTOM_CLOUD_NOT_FOUND' });
    await expect(byoc.auditLog('00000000-0000-4000-8000-999999999999')).rejects.toMatchObject({ code: 'CUSTOM_CLOUD_NOT_FOUND' });
  });

  it('says so for a store that keeps no audit trail', async () => {
    const { audit: _, ...withoutAudit } = createMemoryStore();
    const byoc = createByoc({ providers: [createFakeProvider()], store: withoutAudit });
    const cloud = await byoc.create(input);
    await expect(byoc.auditLog(cloud.id)).rejects.toMatchObject({ code: 'AUDIT_LOG_UNSUPPORTED' });
  });
});

describe('byoc.recentFailures', () => {
  it('lists the failed verifications and health checks of every organization, newest first, and nothing else', async () => {
    const { byoc } = setup();
    const first = await byoc.create(input);
    const second = await byoc.create({ ...input, organizationId: 'org-b' });
    await byoc.provision(first.id, 'fake:denied-one', { actor: 'jane@vendor.example' });
    await byoc.provision(second.id, 'fake:role');
    await byoc.provision(first.id, 'fake:denied-two');
    const failures = await byoc.recentFailures();
    expect(failures.map((entry) => [entry.cloudId, entry.organizationId, entry.kind, entry.outcome, entry.code, entry.detail])).toEqual([
      [first.id, 'org-a', 'verification', 'failed', 'ACCESS_DENIED', 'The fake cloud denied fake:denied-two.'],
      [first.id, 'org-a', 'verification', 'failed', 'ACCESS_DENIED', 'The fake cloud denied fake:denied-one.'],
    ]);
    expect((await byoc.recentFailures({ limit: 1 })).map((entry) => entry.detail)).toEqual(['The fake cloud denied fake:denied-two.']);
    await expect(byoc.recentFailures({ limit: 501 })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(byoc.recentFailures({ limit: 1, organizationId: 'org-a' } as never)).rejects.toMatchObject({ code: 'INPUT_UNKNOWN_KEY' });
    expect('recentFailures' in byoc.forOrganization('org-a')).toBe(false);
  });

  it('says so for a store whose audit trail cannot list them', async () => {
    const store = createMemoryStore();
    const { recentFailures: _, ...trail } = store.audit as NonNullable<typeof store.audit>;
    const byoc = createByoc({ providers: [createFakeProvider()], store: { ...store, audit: trail } });
    await expect(byoc.recentFailures()).rejects.toMatchObject({ code: 'AUDIT_LOG_UNSUPPORTED' });
  });
});
