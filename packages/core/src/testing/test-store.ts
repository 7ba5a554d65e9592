import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, type CustomCloud, transition, transitionEventsOf } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { CustomCloudStore } from '../store/index.js';
import { makeCustomCloud } from './make-custom-cloud.js';
import { rejectedCode } from './thrown-code.js';

const baseInput = {
  organizationId: 'org-a',
  displayName: 'Store test',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
};

function cloudNumber(index: number, overrides: Partial<CustomCloud> = {}): CustomCloud {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
  const externalId = `StoreTestExternalId${String(index).padStart(13, '0')}`;
  return makeCustomCloud(baseInput, { id, externalId, createdAt: at, updatedAt: at, ...overrides });
}

const codeOf = rejectedCode;

/** Options of `testStore`. */
export interface TestStoreOptions {
  /**
   * For a store several processes share (a database): the concurrency test also runs its writers
   * in `count` child processes. `module` is a file exporting `openStore(config)` that opens the
   * same store in a child (run with tsx when it is TypeScript); `config` gives its JSON config.
   */
  processes?: {
    module: string;
    count: number;
    config: (store: CustomCloudStore) => Record<string, unknown>;
  };
  /** Whether the store keeps an audit trail (`audit`), which the suite then checks. Default true; `false` for a store without one. */
  audit?: boolean;
  /** Whether the store counts clouds by state (`countByState`), which the suite then checks. Default true. */
  countsByState?: boolean;
}

/**
 * The conformance suite of `CustomCloudStore`: every store (memory, JSON file, a vendor's
 * PostgreSQL store) runs it. `factory` returns a new, empty store for each test.
 */
export function testStore(name: string, factory: () => CustomCloudStore | Promise<CustomCloudStore>, given: TestStoreOptions = {}): void {
  const options = { countsByState: true, ...given };
  describe(`${name} conforms to CustomCloudStore`, () => {
    it('returns what was inserted, field for field, and undefined for an unknown id', async () => {
      const store = await factory();
      const cloud = cloudNumber(1, {
        state: 'creation_failed',
        access: {
          provider: 'aws',
          kind: 'aws_iam_role',
          identity: 'arn:aws:iam::123456789012:role/x',
          attributes: { accountId: '123456789012' },
        },
        errors: [{ category: 'provisioning', code: 'QUOTA', message: 'No capacity.' }],
        history: [{ from: 'draft', to: 'validating', event: 'submitAccess', at: '2026-01-01T00:00:01.000Z', actor: 'test' }],
        tags: { env: 'prod' },
        contacts: [{ email: 'a@example.com', role: 'Admin', realName: 'Ann' }],
        availability: { mode: 'selection', organizationUnits: ['ou1'], projects: ['p1'] },
      });
      await store.insert(cloud);
      expect(await store.get(cloud.id)).toEqual(cloud);
      expect(await store.get('00000000-0000-4000-8000-999999999999')).toBeUndefined();
    });

    it('refuses a second insert of the same id and keeps the first', async () => {
      const store = await factory();
      await store.insert(cloudNumber(1));
      expect(await codeOf(store.insert(cloudNumber(1, { displayName: 'Other' })))).toBe('CUSTOM_CLOUD_EXISTS');
      expect((await store.get(cloudNumber(1).id))?.displayName).toBe('Store test');
    });

    it('hands out copies: changing a returned cloud changes nothing stored', async () => {
      const store = await factory();
      const cloud = cloudNumber(1);
      await store.insert(cloud);
      cloud.displayName = 'changed after insert';
      const read = await store.get(cloud.id);
      (read as CustomCloud).tags.sneaky = 'x';
      const listed = await store.list();
      (listed[0] as CustomCloud).displayName = 'changed after list';
      expect(await store.get(cloud.id)).toEqual(cloudNumber(1));
    });

    it('lists in creation order and filters by organization, provider and state', async () => {
      const store = await factory();
      await store.insert(cloudNumber(3, { organizationId: 'org-b' }));
      await store.insert(cloudNumber(1));
      await store.insert(cloudNumber(2, { provider: 'gcp', region: 'europe-north1', state: 'active' }));
      const ids = (clouds: CustomCloud[]) => clouds.map((cloud) => Number(cloud.id.slice(-1)));
      expect(ids(await store.list())).toEqual([1, 2, 3]);
      expect(ids(await store.list({ organizationId: 'org-a' }))).toEqual([1, 2]);
      expect(ids(await store.list({ provider: 'gcp' }))).toEqual([2]);
      expect(ids(await store.list({ state: 'draft' }))).toEqual([1, 3]);
      expect(ids(await store.list({ state: ['active', 'deleted'] }))).toEqual([2]);
      expect(ids(await store.list({ organizationId: 'org-b', provider: 'gcp' }))).toEqual([]);
    });

    it('pages in creation order with limit and after, filters applied before the limit', async () => {
      const store = await factory();
      for (const index of [5, 1, 4, 2, 3, 6]) {
        await store.insert(cloudNumber(index, index % 2 === 0 ? { organizationId: 'org-b' } : {}));
      }
      const ids = (clouds: CustomCloud[]) => clouds.map((cloud) => Number(cloud.id.slice(-1)));
      expect(ids(await store.list({ limit: 2 }))).toEqual([1, 2]);
      expect(ids(await store.list({ limit: 2, after: cloudNumber(2).id }))).toEqual([3, 4]);
      expect(ids(await store.list({ limit: 2, after: cloudNumber(6).id }))).toEqual([]);
      expect(ids(await store.list({ organizationId: 'org-b', limit: 2 }))).toEqual([2, 4]);
      expect(ids(await store.list({ organizationId: 'org-b', limit: 2, after: cloudNumber(4).id }))).toEqual([6]);
      // The cursor may be a cloud of the organization the other filters leave out: it only marks a place.
      expect(ids(await store.list({ organizationId: 'org-b', provider: 'gcp', after: cloudNumber(2).id }))).toEqual([]);
      expect(ids(await store.list({ state: 'active', after: cloudNumber(3).id }))).toEqual([]);
      expect(await codeOf(store.list({ after: '00000000-0000-4000-8000-999999999999' }))).toBe('LIST_CURSOR_INVALID');
    });

    it('keeps two organizations apart: lists, pages and cursors never cross', async () => {
      const store = await factory();
      for (let index = 1; index <= 8; index++) {
        await store.insert(cloudNumber(index, index % 2 === 0 ? { organizationId: 'org-b' } : {}));
      }
      const ids = (clouds: CustomCloud[]) => clouds.map((cloud) => Number(cloud.id.slice(-1)));
      const walk = async (organizationId: string) => {
        const seen: number[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.list({ organizationId, limit: 3, ...(after ? { after } : {}) });
          if (page.length === 0) return seen;
          expect(page.every((cloud) => cloud.organizationId === organizationId)).toBe(true);
          seen.push(...ids(page));
          after = page.at(-1)?.id;
        }
      };
      expect(await walk('org-a')).toEqual([1, 3, 5, 7]);
      expect(await walk('org-b')).toEqual([2, 4, 6, 8]);
      expect(await walk('org-c')).toEqual([]);
      // A cursor of another organization's cloud is no cursor of this one: the same error as an
      // unknown id, so a caller learns nothing of where that cloud sits.
      for (const [organizationId, foreign] of [
        ['org-b', 3],
        ['org-a', 4],
        ['org-c', 1],
      ] as const) {
        const refused = store.list({ organizationId, after: cloudNumber(foreign).id });
        expect(await codeOf(refused)).toBe('LIST_CURSOR_INVALID');
      }
      const unknown = await store.list({ organizationId: 'org-a', after: '00000000-0000-4000-8000-999999999999' }).catch((error) => error);
      const foreign = await store.list({ organizationId: 'org-a', after: cloudNumber(4).id }).catch((error) => error);
      expect(foreign.message.replace(cloudNumber(4).id, '<id>')).toBe(
        unknown.message.replace('00000000-0000-4000-8000-999999999999', '<id>'),
      );
      // The external ID lookup is scoped the same way.
      const holder = cloudNumber(2);
      expect(ids(await store.list({ organizationId: 'org-b', externalId: holder.externalId }))).toEqual([2]);
      expect(await store.list({ organizationId: 'org-a', externalId: holder.externalId })).toEqual([]);
    });

    it('walks every cloud exactly once, page by page', async () => {
      const store = await factory();
      for (let index = 1; index <= 23; index++) await store.insert(cloudNumber(index));
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.list({ limit: 5, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        seen.push(...page.map((cloud) => cloud.id));
        after = page.at(-1)?.id;
      }
      expect(seen).toEqual(Array.from({ length: 23 }, (_, index) => cloudNumber(index + 1).id));
    });

    it('finds a cloud by external ID and refuses a second cloud with the same one', async () => {
      const store = await factory();
      await store.insert(cloudNumber(1));
      await store.insert(cloudNumber(2));
      expect((await store.list({ externalId: cloudNumber(2).externalId })).map((cloud) => cloud.id)).toEqual([cloudNumber(2).id]);
      expect(await store.list({ externalId: 'NoSuchExternalId0000000000000000' })).toEqual([]);
      expect(await codeOf(store.insert(cloudNumber(3, { externalId: cloudNumber(1).externalId })))).toBe('EXTERNAL_ID_IN_USE');
      expect(await store.get(cloudNumber(3).id)).toBeUndefined();
      expect(
        await codeOf(store.update({ ...cloudNumber(2), externalId: cloudNumber(1).externalId, version: 2 }, { expectedVersion: 1 })),
      ).toBe('EXTERNAL_ID_IN_USE');
      expect((await store.get(cloudNumber(2).id))?.version).toBe(1);
    });

    it.skipIf(!options.countsByState)('counts the clouds in each state, every organization together, and follows updates', async () => {
      const store = await factory();
      const count = store.countByState?.bind(store);
      if (!count) throw new Error('countsByState is set, but the store has no countByState');
      const present = async () => Object.fromEntries(Object.entries(await count()).filter(([, value]) => value !== 0));
      expect(await present()).toEqual({});
      await store.insert(cloudNumber(1));
      await store.insert(cloudNumber(2, { organizationId: 'org-b' }));
      await store.insert(cloudNumber(3, { state: 'active' }));
      await store.insert(cloudNumber(4, { state: 'deleted' }));
      expect(await present()).toEqual({ draft: 2, active: 1, deleted: 1 });
      await store.update({ ...cloudNumber(1), state: 'validating', version: 2 }, { expectedVersion: 1 });
      expect(await present()).toEqual({ draft: 1, validating: 1, active: 1, deleted: 1 });
      // A refused update counts nothing.
      await codeOf(store.update({ ...cloudNumber(3), state: 'deleting', version: 2 }, { expectedVersion: 5 }));
      expect(await present()).toEqual({ draft: 1, validating: 1, active: 1, deleted: 1 });
    });

    it('updates at the expected version and refuses any other with VERSION_CONFLICT', async () => {
      const store = await factory();
      const cloud = cloudNumber(1);
      await store.insert(cloud);
      await store.update({ ...cloud, displayName: 'v2', version: 2 }, { expectedVersion: 1 });
      expect(await codeOf(store.update({ ...cloud, displayName: 'stale', version: 2 }, { expectedVersion: 1 }))).toBe('VERSION_CONFLICT');
      expect(await store.get(cloud.id)).toMatchObject({ displayName: 'v2', version: 2 });
    });

    it('refuses to update an unknown cloud', async () => {
      const store = await factory();
      expect(await codeOf(store.update(cloudNumber(1), { expectedVersion: 1 }))).toBe('CUSTOM_CLOUD_NOT_FOUND');
    });

    it('keeps template manifests by version: the first one put wins, an unknown version is undefined', async () => {
      const store = await factory();
      const templates = store.templates;
      if (!templates) return;
      const manifest = {
        version: 'tv1-0123456789abcdef',
        items: [{ kind: 'permission' as const, key: 'vendor Allow s3:GetObject on *', description: 'The vendor may read objects.' }],
      };
      expect(await templates.get(manifest.version)).toBeUndefined();
      await templates.put(manifest);
      await templates.put({ ...manifest, items: [] });
      expect(await templates.get(manifest.version)).toEqual(manifest);
      expect(await templates.get('tv1-ffffffffffffffff')).toBeUndefined();
    });

    it('stores the events of an update with it, hands them out in order, and forgets them once delivered', async () => {
      const store = await factory();
      const outbox = store.outbox;
      if (!outbox) return;
      const cloud = cloudNumber(1);
      const other = cloudNumber(2);
      await store.insert(cloud);
      await store.insert(other);
      const moved = transition(cloud, { type: 'submitAccess', at: '2026-01-01T00:01:00.000Z', actor: 'test' });
      const next = { ...moved, version: 2 };
      const events = transitionEventsOf(cloud, next);
      await store.update(next, { expectedVersion: 1, events });
      const later = transition(next, { type: 'accessVerified', at: '2026-01-01T00:02:00.000Z', actor: 'test' });
      await store.update({ ...later, version: 3 }, { expectedVersion: 2, events: transitionEventsOf(next, { ...later, version: 3 }) });
      const pending = await outbox.pending(cloud.id);
      expect(pending.map((event) => [event.id, event.sequence, event.to])).toEqual([
        [`${cloud.id}/1`, 1, 'validating'],
        [`${cloud.id}/2`, 2, 'creating'],
      ]);
      expect(pending[0]).toEqual(events[0]);
      expect(await outbox.pending(other.id)).toEqual([]);
      expect(await outbox.pendingClouds({ olderThanMs: 0, limit: 10 })).toEqual([cloud.id]);
      await outbox.markDelivered(cloud.id, [`${cloud.id}/1`]);
      expect((await outbox.pending(cloud.id)).map((event) => event.sequence)).toEqual([2]);
      await outbox.markDelivered(cloud.id, [`${cloud.id}/2`]);
      expect(await outbox.pending(cloud.id)).toEqual([]);
      expect(await outbox.pendingClouds({ olderThanMs: 0, limit: 10 })).toEqual([]);
    });

    it('writes no event of an update it refuses', async () => {
      const store = await factory();
      if (!store.outbox) return;
      const cloud = cloudNumber(1);
      await store.insert(cloud);
      const moved = { ...transition(cloud, { type: 'submitAccess', at: '2026-01-01T00:01:00.000Z', actor: 'test' }), version: 3 };
      expect(await codeOf(store.update(moved, { expectedVersion: 2, events: transitionEventsOf(cloud, moved) }))).toBe('VERSION_CONFLICT');
      expect(await store.outbox.pending(cloud.id)).toEqual([]);
      expect(await store.get(cloud.id)).toEqual(cloud);
    });

    const auditEntry = (cloud: CustomCloud, second: number, suffix: string): AuditEntry => ({
      id: `${Date.UTC(2026, 0, 1, 0, 0, second).toString(36).padStart(10, '0')}-${suffix.padStart(10, '0')}`,
      cloudId: cloud.id,
      organizationId: cloud.organizationId,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
      kind: 'health-check',
      actor: 'health-monitor',
      sourceIdentity: 'health-monitor',
      outcome: 'ok',
      checks: [{ id: 'assume_role_with_external_id', ok: true }],
    });

    it.skipIf(options.audit === false)(
      "keeps each cloud's audit trail in id order, paged with after and limit, never mixed with another cloud's",
      async () => {
        const store = await factory();
        expect(store.audit, 'the store has no audit trail; pass { audit: false } to testStore if it keeps none').toBeDefined();
        const [one, two] = [cloudNumber(1), cloudNumber(2, { organizationId: 'org-b' })];
        await store.insert(one);
        await store.insert(two);
        // Appended out of order, and interleaved with the other cloud's.
        await store.audit?.append([auditEntry(one, 30, 'c'), auditEntry(two, 10, 'x')]);
        await store.audit?.append([auditEntry(one, 10, 'a'), auditEntry(one, 20, 'b')]);
        const ids = (entries: readonly AuditEntry[]) => entries.map((entry) => entry.id.slice(-1));
        expect(ids((await store.audit?.list(one.id)) ?? [])).toEqual(['a', 'b', 'c']);
        expect(await store.audit?.list(one.id)).toEqual([auditEntry(one, 10, 'a'), auditEntry(one, 20, 'b'), auditEntry(one, 30, 'c')]);
        const first = (await store.audit?.list(one.id, { limit: 2 })) ?? [];
        expect(ids(first)).toEqual(['a', 'b']);
        expect(ids((await store.audit?.list(one.id, { after: first.at(-1)?.id, limit: 2 })) ?? [])).toEqual(['c']);
        expect(ids((await store.audit?.list(two.id)) ?? [])).toEqual(['x']);
        expect(await store.audit?.list(cloudNumber(3).id)).toEqual([]);
      },
    );

    it.skipIf(options.audit === false)('writes the audit entries of an update with it, and none of an update it refuses', async () => {
      const store = await factory();
      const cloud = cloudNumber(1);
      await store.insert(cloud);
      const moved = { ...transition(cloud, { type: 'submitAccess', at: '2026-01-01T00:01:00.000Z', actor: 'test' }), version: 2 };
      const entry = { ...auditEntry(cloud, 60, 't'), kind: 'transition' as const, actor: 'test', outcome: 'draft -> validating' };
      const refused = { ...moved, version: 3 };
      expect(await codeOf(store.update(refused, { expectedVersion: 2, audit: [entry] }))).toBe('VERSION_CONFLICT');
      expect(await store.audit?.list(cloud.id)).toEqual([]);
      await store.update(moved, { expectedVersion: 1, events: transitionEventsOf(cloud, moved), audit: [entry] });
      expect(await store.audit?.list(cloud.id)).toEqual([entry]);
    });

    it.skipIf(options.audit === false)(
      'lists the newest failed checks of every cloud, newest first, leaving out passes and transitions',
      async () => {
        const store = await factory();
        const recent = store.audit?.recentFailures?.bind(store.audit);
        if (!recent) return;
        const [one, two] = [cloudNumber(1), cloudNumber(2, { organizationId: 'org-b' })];
        const failed = (cloud: CustomCloud, second: number, suffix: string, outcome: string): AuditEntry => ({
          ...auditEntry(cloud, second, suffix),
          outcome,
          code: 'ACCESS_REVOKED',
          detail: 'The role was deleted.',
        });
        await store.audit?.append([failed(one, 10, 'a', 'failed'), auditEntry(one, 20, 'b'), failed(two, 30, 'c', 'inconclusive')]);
        await store.audit?.append([
          { ...auditEntry(two, 40, 'd'), kind: 'transition', outcome: 'active -> disconnected', code: 'connectionLost' },
          { ...failed(one, 50, 'e', 'failed'), kind: 'verification' },
        ]);
        const suffixes = (entries: readonly AuditEntry[]) => entries.map((entry) => entry.id.slice(-1));
        expect(suffixes(await recent())).toEqual(['e', 'c', 'a']);
        expect(suffixes(await recent({ limit: 2 }))).toEqual(['e', 'c']);
        expect((await recent({ limit: 1 }))[0]).toEqual({ ...failed(one, 50, 'e', 'failed'), kind: 'verification' });
      },
    );

    it('gives the delivery of a cloud to one holder at a time, until its lease lapses or it lets go', async () => {
      const store = await factory();
      const outbox = store.outbox;
      if (!outbox) return;
      const id = cloudNumber(1).id;
      expect(await outbox.claimDelivery(id, 'worker-a', 60_000)).toBe(true);
      expect(await outbox.claimDelivery(id, 'worker-b', 60_000)).toBe(false);
      expect(await outbox.claimDelivery(id, 'worker-a', 60_000)).toBe(true);
      await outbox.releaseDelivery(id, 'worker-b');
      expect(await outbox.claimDelivery(id, 'worker-b', 60_000)).toBe(false);
      await outbox.releaseDelivery(id, 'worker-a');
      expect(await outbox.claimDelivery(id, 'worker-b', 50)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await outbox.claimDelivery(id, 'worker-a', 60_000)).toBe(true);
    });

    it('loses no acknowledged update among 50 concurrent writers: each lands or gets VERSION_CONFLICT', async () => {
      const store = await factory();
      const cloud = cloudNumber(1);
      await store.insert(cloud);
      const results = await Promise.all(Array.from({ length: 50 }, (_, index) => writeOnce(store, cloud.id, `writer-${index}`)));
      expectNoLostUpdate(await store.get(cloud.id), results);
    });

    it.skipIf(options.processes === undefined)(
      'loses no acknowledged update among 50 concurrent writers spread over several processes',
      { timeout: 60_000 },
      async () => {
        const processes = options.processes as NonNullable<TestStoreOptions['processes']>;
        const store = await factory();
        const cloud = cloudNumber(1);
        await store.insert(cloud);
        const config = processes.config(store);
        const startAt = Date.now() + 2_500;
        const perProcess = Array.from({ length: processes.count }, (_, index) =>
          Array.from({ length: 50 }, (_, writer) => writer).filter((writer) => writer % processes.count === index),
        );
        const results = (
          await Promise.all(
            perProcess.map((writers, index) =>
              runWriters(processes.module, { config, cloudId: cloud.id, writers, startAt, process: index }),
            ),
          )
        ).flat();
        expect(results).toHaveLength(50);
        expectNoLostUpdate(await store.get(cloud.id), results);
      },
    );

    it('lets exactly one of many concurrent updates at one version through', async () => {
      const store = await factory();
      const cloud = cloudNumber(1);
      await store.insert(cloud);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          store.update({ ...cloud, displayName: `writer ${index}`, version: 2 }, { expectedVersion: 1 }),
        ),
      );
      const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect((result.reason as ByocError).code).toBe('VERSION_CONFLICT');
      }
      expect((await store.get(cloud.id))?.displayName).toBe(`writer ${winners[0]}`);
    });
  });
}

/** One writer: reads the cloud, adds its name to the projects, writes at the version it read. */
async function writeOnce(store: CustomCloudStore, id: string, writer: string): Promise<WriteResult> {
  const current = (await store.get(id)) as CustomCloud;
  const projects = current.availability.mode === 'selection' ? current.availability.projects : [];
  const next: CustomCloud = {
    ...current,
    availability: { mode: 'selection', organizationUnits: [], projects: [...projects, writer] },
    version: current.version + 1,
  };
  try {
    await store.update(next, { expectedVersion: current.version });
    return { writer, outcome: 'landed' };
  } catch (error) {
    if (ByocError.hasCode(error, 'VERSION_CONFLICT')) return { writer, outcome: 'conflict' };
    return { writer, outcome: `error ${(error as Error).message}` };
  }
}

interface WriteResult {
  readonly writer: string;
  readonly outcome: string;
}

/** Every write that landed is in the cloud, the version counts them, and nothing else happened. */
function expectNoLostUpdate(cloud: CustomCloud | undefined, results: readonly WriteResult[]): void {
  const landed = results.filter((result) => result.outcome === 'landed').map((result) => result.writer);
  expect(results.filter((result) => result.outcome !== 'landed' && result.outcome !== 'conflict')).toEqual([]);
  expect(landed.length).toBeGreaterThan(0);
  expect(cloud?.version).toBe(1 + landed.length);
  const projects = cloud?.availability.mode === 'selection' ? cloud.availability.projects : [];
  expect([...projects].sort()).toEqual([...landed].sort());
}

/** Runs writers in a child process that opens the store through `module`'s `openStore(config)`. */
function runWriters(
  module: string,
  job: { config: Record<string, unknown>; cloudId: string; writers: number[]; startAt: number; process: number },
): Promise<WriteResult[]> {
  const code = `
    const { openStore } = await import(${JSON.stringify(module)});
    const job = JSON.parse(process.env.BYOC_WRITER_JOB);
    const store = await openStore(job.config);
    const id = job.cloudId;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())));
    const results = await Promise.all(job.writers.map(async (writer) => {
      const name = 'writer-' + writer;
      const current = await store.get(id);
      const projects = current.availability.mode === 'selection' ? current.availability.projects : [];
      const next = { ...current, availability: { mode: 'selection', organizationUnits: [], projects: [...projects, name] }, version: current.version + 1 };
      try {
        await store.update(next, { expectedVersion: current.version });
        return { writer: name, outcome: 'landed' };
      } catch (error) {
        return { writer: name, outcome: error.code === 'VERSION_CONFLICT' ? 'conflict' : 'error ' + error.message };
      }
    }));
    await store.close?.();
    process.stdout.write(JSON.stringify(results));
  `;
  const loader = module.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...loader, '--input-type=module', '-e', code],
      { env: { ...process.env, BYOC_WRITER_JOB: JSON.stringify(job) }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`writer process ${job.process} failed: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout) as WriteResult[]);
      },
    );
  });
}
