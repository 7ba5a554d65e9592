import { describe, expect, it } from 'vitest';
import type { CustomCloud, TransitionEvent } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { CloudProviderV1 } from '../provider/index.js';
import { createMemoryStore } from '../store/index.js';
import { createFakeProvider, type FakeVerification } from '../testing/fake-provider.js';
import { createByoc } from './create-byoc.js';

const input = {
  organizationId: 'org-a',
  displayName: 'Acme on AWS',
  provider: 'aws',
  region: 'aws-eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'admin' }],
};

function setup(options: { verify?: FakeVerification; providers?: CloudProviderV1[] } = {}) {
  const store = createMemoryStore();
  let tick = 0;
  let ids = 0;
  const byoc = createByoc({
    providers: options.providers ?? [
      createFakeProvider(options.verify === undefined ? {} : { verify: options.verify }),
      createFakeProvider({ id: 'gcp' }),
    ],
    store,
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
    generateId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    generateExternalId: () => `ExternalId${String(ids).padStart(22, '0')}`,
  });
  const events: TransitionEvent[] = [];
  byoc.on('transition', (event) => events.push(event));
  return { byoc, store, events };
}

async function cloudIn(state: CustomCloud['state'], context = setup()) {
  const { byoc } = context;
  const cloud = await byoc.create(input);
  if (state === 'draft') return cloud;
  if (state === 'deleted') return (await byoc.delete(cloud.id)).cloud;
  await byoc.provision(cloud.id, 'fake:role');
  if (state === 'creating') return byoc.get(cloud.id);
  if (state === 'creation_failed') return byoc.markFailed(cloud.id, { code: 'QUOTA', message: 'No capacity.' });
  await byoc.markActive(cloud.id);
  if (state === 'active') return byoc.get(cloud.id);
  if (state === 'disconnected') return byoc.markDisconnected(cloud.id, { code: 'LOST', message: 'Gone.' });
  if (state === 'deleting') return (await byoc.delete(cloud.id)).cloud;
  throw new Error(`no path to ${state} in this helper`);
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (ByocError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected a ByocError');
}

describe('createByoc', () => {
  describe('providers', () => {
    it.each([
      ['an unknown specification version', [{ ...createFakeProvider(), specificationVersion: 'v2' }], 'PROVIDER_SPEC_UNSUPPORTED'],
      ['a provider without a version', [{ id: 'aws' }], 'PROVIDER_SPEC_UNSUPPORTED'],
      ['two providers for one cloud', [createFakeProvider(), createFakeProvider()], 'PROVIDER_DUPLICATE'],
      ['an unknown cloud id', [{ ...createFakeProvider(), id: 'oracle' }], 'PROVIDER_INVALID'],
      ['a non-list', 'aws', 'INPUT_INVALID'],
    ])('refuses %s', (_, providers, code) => {
      let error: unknown;
      try {
        createByoc({ providers: providers as never, store: createMemoryStore() });
      } catch (caught) {
        error = caught;
      }
      expect((error as ByocError).code).toBe(code);
    });

    it("accepts DESIGN.md's clock option as well as now", async () => {
      const byoc = createByoc({
        providers: [createFakeProvider()],
        store: createMemoryStore(),
        clock: { now: () => new Date('2030-05-06T07:08:09Z') },
      });
      expect((await byoc.create(input)).createdAt).toBe('2030-05-06T07:08:09.000Z');
    });
  });

  describe('create', () => {
    it('stores a draft with a fresh external ID and canonical fields', async () => {
      const { byoc, store } = setup();
      const cloud = await byoc.create(input);
      expect(cloud).toMatchObject({
        state: 'draft',
        version: 1,
        region: 'eu-north-1',
        access: null,
        errors: [],
        history: [],
        contacts: [{ role: 'Admin' }],
      });
      expect(cloud.externalId).toMatch(/^[A-Za-z0-9-]{32,}$/);
      expect(await store.get(cloud.id)).toEqual(cloud);
    });

    it('generates a different external ID per cloud by default', async () => {
      const byoc = createByoc({ providers: [createFakeProvider()], store: createMemoryStore() });
      const [a, b] = [await byoc.create(input), await byoc.create(input)];
      expect(a.externalId).not.toBe(b.externalId);
      expect(a.id).not.toBe(b.id);
    });
  });

  describe('bad input leaves the store untouched', () => {
    type Case = [string, CustomCloud['state'], (byoc: ReturnType<typeof setup>['byoc'], id: string) => Promise<unknown>, string];
    const cases: Case[] = [
      ['create with a public CIDR', 'draft', (byoc) => byoc.create({ ...input, reservedCidr: '8.8.8.0/24' }), 'CIDR_NOT_PRIVATE'],
      ['create with an unknown key', 'draft', (byoc) => byoc.create({ ...input, state: 'active' }), 'INPUT_UNKNOWN_KEY'],
      ['create with a customer external ID', 'draft', (byoc) => byoc.create({ ...input, externalId: 'x'.repeat(40) }), 'INPUT_UNKNOWN_KEY'],
      [
        'create on an unregistered cloud',
        'draft',
        (byoc) => byoc.create({ ...input, provider: 'azure', region: 'westeurope' }),
        'PROVIDER_NOT_REGISTERED',
      ],
      [
        'create with bad contacts',
        'draft',
        (byoc) => byoc.create({ ...input, contacts: [{ email: 'x', role: 'Admin' }] }),
        'CONTACTS_INVALID',
      ],
      ['get an unknown id', 'draft', (byoc) => byoc.get('00000000-0000-4000-8000-999999999999'), 'CUSTOM_CLOUD_NOT_FOUND'],
      ['get a non-string id', 'draft', (byoc) => byoc.get(42 as never), 'CUSTOM_CLOUD_NOT_FOUND'],
      ['list by an unknown state', 'draft', (byoc) => byoc.list({ state: 'running' as never }), 'INPUT_INVALID'],
      ['list by an unknown provider', 'draft', (byoc) => byoc.list({ provider: 'oracle' as never }), 'INPUT_INVALID'],
      ['list with an unknown filter', 'draft', (byoc) => byoc.list({ owner: 'x' } as never), 'INPUT_UNKNOWN_KEY'],
      [
        'getTemplate in a made-up format',
        'draft',
        (byoc, id) => byoc.getTemplate(id, { format: 'pulumi' as never }),
        'TEMPLATE_FORMAT_UNSUPPORTED',
      ],
      ['getTemplate of a deleted cloud', 'deleted', (byoc, id) => byoc.getTemplate(id), 'CUSTOM_CLOUD_DELETED'],
      ['provision a deleted cloud', 'deleted', (byoc, id) => byoc.provision(id, 'fake:role'), 'INVALID_TRANSITION'],
      [
        'permissions.add on a deleted cloud',
        'deleted',
        (byoc, id) => byoc.permissions.add(id, { projects: ['web'] }),
        'CUSTOM_CLOUD_DELETED',
      ],
      ['contacts.set on a deleted cloud', 'deleted', (byoc, id) => byoc.contacts.set(id, []), 'CUSTOM_CLOUD_DELETED'],
      ['update with an unknown key', 'draft', (byoc, id) => byoc.update(id, { state: 'active' }), 'INPUT_UNKNOWN_KEY'],
      ['update with a bad tag', 'draft', (byoc, id) => byoc.update(id, { tags: { 'aws-x': 'y' } }), 'TAG_INVALID'],
      ['update with a foreign region', 'draft', (byoc, id) => byoc.update(id, { region: 'westeurope' }), 'REGION_INVALID'],
      ['update the CIDR after draft', 'active', (byoc, id) => byoc.update(id, { reservedCidr: '10.1.0.0/16' }), 'FIELD_IMMUTABLE'],
      ['update the region after draft', 'creating', (byoc, id) => byoc.update(id, { region: 'us-east-1' }), 'FIELD_IMMUTABLE'],
      ['update the model after draft', 'active', (byoc, id) => byoc.update(id, { deploymentModel: 'standard_public' }), 'FIELD_IMMUTABLE'],
      [
        'update the provider after draft',
        'active',
        (byoc, id) => byoc.update(id, { provider: 'gcp', region: 'europe-north1' }),
        'FIELD_IMMUTABLE',
      ],
      [
        'update at a stale version',
        'draft',
        (byoc, id) => byoc.update(id, { displayName: 'x' }, { expectedVersion: 7 }),
        'VERSION_CONFLICT',
      ],
      [
        'update with a malformed version',
        'draft',
        (byoc, id) => byoc.update(id, { displayName: 'x' }, { expectedVersion: -1 }),
        'INPUT_INVALID',
      ],
      ['update a deleted cloud', 'deleted', (byoc, id) => byoc.update(id, { displayName: 'x' }), 'CUSTOM_CLOUD_DELETED'],
      [
        'getTemplate in an unknown format',
        'draft',
        (byoc, id) => byoc.getTemplate(id, { format: 'cloudformation' }),
        'TEMPLATE_FORMAT_UNSUPPORTED',
      ],
      ['provision with malformed access', 'draft', (byoc, id) => byoc.provision(id, 'arn:aws:iam::1:role/x'), 'ACCESS_INVALID'],
      ['provision an active cloud', 'active', (byoc, id) => byoc.provision(id, 'fake:role'), 'INVALID_TRANSITION'],
      ['markActive a draft', 'draft', (byoc, id) => byoc.markActive(id), 'INVALID_TRANSITION'],
      ['markFailed without a message', 'creating', (byoc, id) => byoc.markFailed(id, { code: 'X' } as never), 'INPUT_INVALID'],
      ['markDisconnected without a code', 'active', (byoc, id) => byoc.markDisconnected(id, { message: 'x' } as never), 'INPUT_INVALID'],
      ['markDisconnected a draft', 'draft', (byoc, id) => byoc.markDisconnected(id, { code: 'X', message: 'y' }), 'INVALID_TRANSITION'],
      ['markFailed a draft', 'draft', (byoc, id) => byoc.markFailed(id, { code: 'X', message: 'y' }), 'INVALID_TRANSITION'],
      ['retry a draft', 'draft', (byoc, id) => byoc.retry(id), 'INVALID_TRANSITION'],
      ['reconnect an active cloud', 'active', (byoc, id) => byoc.reconnect(id), 'INVALID_TRANSITION'],
      [
        'permissions.add a bad project',
        'draft',
        (byoc, id) => byoc.permissions.add(id, { projects: ['bad name'] }),
        'AVAILABILITY_INVALID',
      ],
      [
        'permissions.remove from all projects',
        'draft',
        (byoc, id) => byoc.permissions.remove(id, { projects: ['web'] }),
        'AVAILABILITY_INVALID',
      ],
      [
        'permissions.set an unknown mode',
        'draft',
        (byoc, id) => byoc.permissions.set(id, { mode: 'some' } as never),
        'AVAILABILITY_INVALID',
      ],
      [
        'contacts.set without an Admin on an active cloud',
        'active',
        (byoc, id) => byoc.contacts.set(id, [{ email: 'a@example.com', role: 'Billing' }]),
        'CONTACTS_INVALID',
      ],
      [
        'contacts.add a bad email',
        'draft',
        (byoc, id) => byoc.contacts.add(id, { email: 'a@@example.com', role: 'Admin' }),
        'CONTACTS_INVALID',
      ],
      [
        'contacts.remove the last Admin of an active cloud',
        'active',
        (byoc, id) => byoc.contacts.remove(id, 'ADMIN@acme.example'),
        'CONTACTS_INVALID',
      ],
      ['contacts.set an empty list on a disconnected cloud', 'disconnected', (byoc, id) => byoc.contacts.set(id, []), 'CONTACTS_INVALID'],
      [
        'contacts.remove the last Admin of a disconnected cloud',
        'disconnected',
        (byoc, id) => byoc.contacts.remove(id, 'admin@acme.example'),
        'CONTACTS_INVALID',
      ],
      [
        'update to Technical contacts only on an active cloud',
        'active',
        (byoc, id) => byoc.update(id, { contacts: [{ email: 'tech@acme.example', role: 'Technical' }] }),
        'CONTACTS_INVALID',
      ],
      [
        'update to the Admin demoted on an active cloud',
        'active',
        (byoc, id) => byoc.update(id, { displayName: 'Renamed', contacts: [{ email: 'admin@acme.example', role: 'Billing' }] }),
        'CONTACTS_INVALID',
      ],
      [
        'update to no contacts on a disconnected cloud',
        'disconnected',
        (byoc, id) => byoc.update(id, { contacts: [] }),
        'CONTACTS_INVALID',
      ],
      ['delete a cloud being created', 'creating', (byoc, id) => byoc.delete(id), 'INVALID_TRANSITION'],
      ['delete a deleted cloud', 'deleted', (byoc, id) => byoc.delete(id), 'INVALID_TRANSITION'],
      ['markDeleted an active cloud', 'active', (byoc, id) => byoc.markDeleted(id), 'INVALID_TRANSITION'],
    ];

    it.each(cases)('%s: %s -> %s', async (_, state, call, code) => {
      const context = setup();
      const cloud = await cloudIn(state, context);
      const before = await context.store.list();
      const eventCount = context.events.length;
      expect(await codeOf(() => call(context.byoc, cloud.id))).toBe(code);
      expect(await context.store.list()).toEqual(before);
      expect(context.events).toHaveLength(eventCount);
    });
  });

  describe('get and list', () => {
    it('lists by organization, provider and state, without deleted clouds unless asked', async () => {
      const { byoc } = setup();
      const a = await byoc.create(input);
      const b = await byoc.create({ ...input, organizationId: 'org-b' });
      const c = await byoc.create({ ...input, provider: 'gcp', region: 'europe-north1' });
      await byoc.delete(b.id);
      expect((await byoc.list()).map((cloud) => cloud.id)).toEqual([a.id, c.id]);
      expect((await byoc.list({ includeDeleted: true })).map((cloud) => cloud.id)).toEqual([a.id, b.id, c.id]);
      expect((await byoc.list({ provider: 'gcp' })).map((cloud) => cloud.id)).toEqual([c.id]);
      expect((await byoc.list({ state: 'deleted' })).map((cloud) => cloud.id)).toEqual([b.id]);
      expect((await byoc.list({ organizationId: 'org-a', provider: 'aws' })).map((cloud) => cloud.id)).toEqual([a.id]);
    });
  });

  describe('update', () => {
    it('changes any field in draft, bumping the version', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      const updated = await byoc.update(
        cloud.id,
        { reservedCidr: '10.1.0.0/20', provider: 'gcp', region: 'google-europe-north1', tags: { env: 'dev' } },
        { expectedVersion: 1 },
      );
      expect(updated).toMatchObject({
        version: 2,
        provider: 'gcp',
        region: 'europe-north1',
        reservedCidr: '10.1.0.0/20',
        tags: { env: 'dev' },
      });
    });

    it('changes display name, tags and object storage after draft, and accepts an unchanged immutable field', async () => {
      const context = setup();
      const { byoc } = context;
      const cloud = await cloudIn('active', context);
      const updated = await byoc.update(cloud.id, { displayName: 'Renamed', reservedCidr: cloud.reservedCidr, tags: { team: 'x' } });
      expect(updated).toMatchObject({ displayName: 'Renamed', tags: { team: 'x' }, state: 'active' });
    });
  });

  describe('concurrency', () => {
    it('lets 50 concurrent updates at one version through once and refuses the rest with VERSION_CONFLICT', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, index) =>
          byoc.update(cloud.id, { displayName: `writer ${index}` }, { expectedVersion: cloud.version }),
        ),
      );
      const landed = results.flatMap((result, index) => (result.status === 'fulfilled' ? [{ index, cloud: result.value }] : []));
      expect(landed).toHaveLength(1);
      expect(landed[0]?.cloud.version).toBe(cloud.version + 1);
      for (const result of results) if (result.status === 'rejected') expect((result.reason as ByocError).code).toBe('VERSION_CONFLICT');
      expect(await byoc.get(cloud.id)).toMatchObject({ displayName: `writer ${landed[0]?.index}`, version: 2 });
    });

    it('loses none of 50 concurrent changes made without a version check', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      await byoc.permissions.set(cloud.id, { mode: 'selection', organizationUnits: [], projects: [] });
      await Promise.all(Array.from({ length: 50 }, (_, index) => byoc.permissions.add(cloud.id, { projects: [`project-${index}`] })));
      const final = await byoc.get(cloud.id);
      expect(final.availability.mode === 'selection' && final.availability.projects).toHaveLength(50);
      expect(final.version).toBe(52);
    });

    it('never loses a write silently between two service instances on one store', async () => {
      const store = createMemoryStore();
      const [one, two] = [0, 1].map(() => createByoc({ providers: [createFakeProvider()], store }));
      const cloud = await (one as ReturnType<typeof createByoc>).create(input);
      await one?.permissions.set(cloud.id, { mode: 'selection', organizationUnits: [], projects: [] });
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, index) => (index % 2 ? one : two)?.permissions.add(cloud.id, { projects: [`project-${index}`] })),
      );
      const final = await store.get(cloud.id);
      const projects = final?.availability.mode === 'selection' ? final.availability.projects : [];
      for (const [index, result] of results.entries()) {
        if (result.status === 'fulfilled') expect(projects).toContain(`project-${index}`);
        else expect((result.reason as ByocError).code).toBe('VERSION_CONFLICT');
      }
      expect(final?.version).toBe(2 + results.filter((result) => result.status === 'fulfilled').length);
    });
  });

  describe('provision', () => {
    it('moves draft -> validating -> creating, records the access and emits both transitions', async () => {
      const { byoc, events } = setup();
      const cloud = await byoc.create(input);
      const { cloud: after, report } = await byoc.provision(cloud.id, 'fake:role-1', { actor: 'alice' });
      expect(report.ok).toBe(true);
      expect(after).toMatchObject({ state: 'creating', access: { identity: 'fake:role-1' }, errors: [], version: 3 });
      expect(after.history.map((entry) => `${entry.from}>${entry.to}:${entry.actor}`)).toEqual([
        'draft>validating:alice',
        'validating>creating:alice',
      ]);
      expect(events.map((event) => [event.event, event.cloudId])).toEqual([
        ['submitAccess', cloud.id],
        ['accessVerified', cloud.id],
      ]);
    });

    it("returns a denied cloud to draft with the report's errors", async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      const { cloud: after, report } = await byoc.provision(cloud.id, 'fake:denied-role');
      expect(report.ok).toBe(false);
      expect(after).toMatchObject({ state: 'draft', errors: [{ category: 'verification', code: 'ACCESS_DENIED' }] });
      expect(after.history.map((entry) => entry.event)).toEqual(['submitAccess', 'accessRejected']);
    });

    it('does not leave the cloud in validating when verification throws', async () => {
      const { byoc } = setup({ verify: 'throw' });
      const cloud = await byoc.create(input);
      const { cloud: after, report } = await byoc.provision(cloud.id, 'fake:role');
      expect(report).toMatchObject({ ok: false, error: { code: 'VERIFICATION_ERROR' } });
      expect(after).toMatchObject({ state: 'draft', errors: [{ code: 'VERIFICATION_ERROR' }] });
      expect((await byoc.get(cloud.id)).state).toBe('draft');
    });

    it('records an aborted verification as ABORTED and returns the cloud to draft', async () => {
      const verify: FakeVerification = (_cloud, _access, signal) =>
        new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
        );
      const { byoc } = setup({ verify });
      const cloud = await byoc.create(input);
      const controller = new AbortController();
      const pending = byoc.provision(cloud.id, 'fake:role', { signal: controller.signal });
      setTimeout(() => controller.abort(), 5);
      expect((await pending).cloud).toMatchObject({ state: 'draft', errors: [{ code: 'ABORTED' }] });
    });

    it('lets other changes through while verification runs', async () => {
      let release: () => void = () => undefined;
      const verify: FakeVerification = () =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true, checks: [{ id: 'x', ok: true, detail: 'ok' }], attempts: 1, elapsedMs: 0 });
        });
      const { byoc } = setup({ verify });
      const cloud = await byoc.create(input);
      const pending = byoc.provision(cloud.id, 'fake:role');
      await new Promise((resolve) => setTimeout(resolve, 5));
      await byoc.update(cloud.id, { displayName: 'Renamed while validating' });
      release();
      expect((await pending).cloud).toMatchObject({ state: 'creating', displayName: 'Renamed while validating' });
    });
  });

  describe('after provisioning', () => {
    it('activates, fails, retries, disconnects and reconnects', async () => {
      const context = setup();
      const { byoc } = context;
      const cloud = await cloudIn('creation_failed', context);
      expect(cloud.errors).toEqual([{ category: 'provisioning', code: 'QUOTA', message: 'No capacity.' }]);
      expect((await byoc.retry(cloud.id)).cloud.state).toBe('creating');
      expect((await byoc.markActive(cloud.id)).state).toBe('active');
      expect((await byoc.markDisconnected(cloud.id, { code: 'LOST', message: 'Role deleted.' })).errors[0]?.category).toBe('connectivity');
      expect((await byoc.reconnect(cloud.id)).cloud.state).toBe('active');
    });

    it('returns a reconnect that is denied to disconnected', async () => {
      const context = setup();
      const cloud = await cloudIn('disconnected', context);
      const { cloud: after } = await context.byoc.reconnect(cloud.id, 'fake:denied-role');
      expect(after).toMatchObject({ state: 'disconnected', errors: [{ code: 'ACCESS_DENIED' }] });
    });

    it('will not activate a cloud without an Admin contact', async () => {
      const { byoc, store } = setup();
      const cloud = await byoc.create({ ...input, contacts: [] });
      await byoc.provision(cloud.id, 'fake:role');
      const before = await store.get(cloud.id);
      expect(await codeOf(() => byoc.markActive(cloud.id))).toBe('CONTACTS_INVALID');
      expect(await store.get(cloud.id)).toEqual(before);
      await byoc.contacts.add(cloud.id, { email: 'admin@acme.example', role: 'ADMIN' });
      expect((await byoc.markActive(cloud.id)).state).toBe('active');
    });
  });

  describe('providers verified by people', () => {
    const manual = () => {
      const store = createMemoryStore();
      const byoc = createByoc({ providers: [createFakeProvider({ automatedVerification: false })], store });
      return { byoc, store };
    };

    it('leaves a provisioned cloud in validating until the team confirms, then activates it', async () => {
      const { byoc } = manual();
      const cloud = await byoc.create(input);
      const { cloud: waiting, report } = await byoc.provision(cloud.id, 'fake:subscription');
      expect(report.ok).toBe(true);
      expect(waiting.state).toBe('validating');
      expect((await byoc.confirmAccess(cloud.id, { actor: 'azure-team' })).state).toBe('creating');
      expect((await byoc.markActive(cloud.id)).state).toBe('active');
    });

    it('returns a rejected request to draft with its reason', async () => {
      const { byoc } = manual();
      const cloud = await byoc.create(input);
      await byoc.provision(cloud.id, 'fake:subscription');
      const rejected = await byoc.rejectAccess(cloud.id, { code: 'REQUEST_REJECTED', message: 'No capacity in westeurope.' });
      expect(rejected).toMatchObject({
        state: 'draft',
        errors: [{ category: 'verification', code: 'REQUEST_REJECTED', message: 'No capacity in westeurope.' }],
      });
    });

    it('still returns a cloud to draft when the request could not be delivered', async () => {
      const { byoc } = manual();
      const cloud = await byoc.create(input);
      expect((await byoc.provision(cloud.id, 'fake:denied-delivery')).cloud.state).toBe('draft');
    });

    it('refuses manual confirmation for providers that verify by themselves, changing nothing', async () => {
      const { byoc, store } = setup();
      const cloud = await byoc.create(input);
      await byoc.provision(cloud.id, 'fake:denied-role');
      const before = await store.list();
      expect(await codeOf(() => byoc.confirmAccess(cloud.id))).toBe('MANUAL_VERIFICATION_UNSUPPORTED');
      expect(await codeOf(() => byoc.rejectAccess(cloud.id, { code: 'X', message: 'y' }))).toBe('MANUAL_VERIFICATION_UNSUPPORTED');
      expect(await store.list()).toEqual(before);
    });

    it('refuses rejectAccess without a reason and confirmAccess outside validating', async () => {
      const { byoc, store } = manual();
      const cloud = await byoc.create(input);
      const before = await store.list();
      expect(await codeOf(() => byoc.confirmAccess(cloud.id))).toBe('INVALID_TRANSITION');
      expect(await codeOf(() => byoc.rejectAccess(cloud.id, { code: 'X' } as never))).toBe('INPUT_INVALID');
      expect(await store.list()).toEqual(before);
    });
  });

  describe('permissions and contacts', () => {
    it('adds, removes and sets availability', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      expect((await byoc.permissions.add(cloud.id, { projects: ['web'] })).availability).toEqual({ mode: 'all_projects' });
      await byoc.permissions.set(cloud.id, { mode: 'selection', organizationUnits: ['ou1'], projects: ['web', 'api'] });
      await byoc.permissions.add(cloud.id, { projects: ['batch'] });
      expect((await byoc.permissions.remove(cloud.id, { projects: ['web'], organizationUnits: ['ou1'] })).availability).toEqual({
        mode: 'selection',
        organizationUnits: [],
        projects: ['api', 'batch'],
      });
    });

    it('sets, adds and removes contacts', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      await byoc.contacts.add(cloud.id, { email: 'sec@acme.example', role: 'security' });
      expect((await byoc.contacts.remove(cloud.id, 'SEC@acme.example')).contacts.map((contact) => contact.email)).toEqual([
        'admin@acme.example',
      ]);
      expect((await byoc.contacts.set(cloud.id, [])).contacts).toEqual([]);
    });

    it('lets a draft hold contacts without an Admin on every path, and an active cloud swap its Admin in one change', async () => {
      const { byoc } = setup();
      const draft = await byoc.create(input);
      const technical = [{ email: 'tech@acme.example', role: 'Technical' }];
      expect((await byoc.update(draft.id, { contacts: technical })).contacts).toEqual(technical);
      expect((await byoc.contacts.set(draft.id, [])).contacts).toEqual([]);
      const swapped = [
        { email: 'new-admin@acme.example', role: 'Admin' },
        { email: 'admin@acme.example', role: 'Technical' },
      ];
      const context = setup();
      const cloud = await cloudIn('active', context);
      expect((await context.byoc.update(cloud.id, { contacts: swapped })).contacts.map((contact) => contact.role)).toEqual([
        'Admin',
        'Technical',
      ]);
      expect((await context.byoc.contacts.remove(cloud.id, 'admin@acme.example')).contacts).toHaveLength(1);
    });
  });

  describe('delete', () => {
    it('deletes a draft at once, with the teardown plan', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      const { cloud: after, teardown } = await byoc.delete(cloud.id);
      expect(after.state).toBe('deleted');
      expect(teardown.steps.length).toBeGreaterThan(0);
    });

    it('moves an active cloud to deleting, then deleted once the customer is done', async () => {
      const context = setup();
      const { byoc } = context;
      const cloud = await cloudIn('active', context);
      const { cloud: deleting, teardown } = await byoc.delete(cloud.id);
      expect(deleting.state).toBe('deleting');
      expect(teardown.summary).toContain('Acme on AWS');
      expect((await byoc.markFailed(cloud.id, { code: 'STUCK', message: 'Bucket not empty.' })).state).toBe('deletion_failed');
      expect((await byoc.delete(cloud.id)).cloud.state).toBe('deleting');
      expect((await byoc.markDeleted(cloud.id)).state).toBe('deleted');
    });

    it('with force, goes through deleting to deleted in one call', async () => {
      const context = setup();
      const { byoc, events } = context;
      const cloud = await cloudIn('active', context);
      const { cloud: after } = await byoc.delete(cloud.id, { force: true, actor: 'admin', reason: 'customer left' });
      expect(after.state).toBe('deleted');
      expect(events.slice(-2).map((event) => `${event.from}>${event.to}`)).toEqual(['active>deleting', 'deleting>deleted']);
    });
  });

  describe('events', () => {
    it('unsubscribes, and survives a listener that throws', async () => {
      const warnings: unknown[] = [];
      const byoc = createByoc({
        providers: [createFakeProvider()],
        store: createMemoryStore(),
        onListenerError: (error) => warnings.push(error),
      });
      const seen: string[] = [];
      const off = byoc.on('transition', (event) => seen.push(event.event));
      byoc.on('transition', () => {
        throw new Error('listener bug');
      });
      const cloud = await byoc.create(input);
      await byoc.provision(cloud.id, 'fake:role');
      off();
      await byoc.markActive(cloud.id);
      expect(seen).toEqual(['submitAccess', 'accessVerified']);
      expect(warnings).toHaveLength(3);
    });
  });
});

describe('sealAccess', () => {
  it('stores what the adapter seals, verifies with what parseAccess returned, and stores nothing when sealing fails', async () => {
    const fake = createFakeProvider();
    const parsed: unknown[] = [];
    let fail = false;
    const sealing: CloudProviderV1 = {
      ...fake,
      parseAccess(accessInput) {
        const access = fake.parseAccess(accessInput);
        parsed.push(access);
        return access;
      },
      async sealAccess(_cloud, access) {
        if (fail) throw new ByocError({ code: 'SEAL_FAILED', message: 'The key service is down; provision again later.' });
        return { ...access, attributes: { sealed: 'yes' } };
      },
    };
    const { byoc, store, events } = setup({ providers: [sealing] });
    const cloud = await byoc.create(input);

    fail = true;
    await expect(byoc.provision(cloud.id, 'fake:role')).rejects.toMatchObject({ code: 'SEAL_FAILED' });
    expect(await store.get(cloud.id)).toEqual(cloud);
    expect(events).toEqual([]);

    fail = false;
    const { cloud: after } = await byoc.provision(cloud.id, 'fake:role');
    expect((await store.get(cloud.id))?.access?.attributes).toEqual({ sealed: 'yes' });
    // Sealed attributes stay in the store: what the service returns and emits leaves them out.
    expect(after.access?.attributes).toEqual({});
    expect((await byoc.get(cloud.id)).access?.attributes).toEqual({});
    expect(events.every((event) => !('sealed' in (event.cloud.access?.attributes ?? {})))).toBe(true);
    expect(fake.verifications.at(-1)).toBe(parsed.at(-1));
  });
});
