import { describe, expect, it } from 'vitest';
import type { CustomCloud, TransitionEvent } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { createMemoryStore } from '../store/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import type { Byoc, OrganizationByoc } from './byoc.js';
import { createByoc } from './create-byoc.js';

const input = {
  displayName: 'Acme on AWS',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
  availability: { mode: 'selection', organizationUnits: [], projects: ['p'] },
};
const unknownId = '00000000-0000-4000-8000-999999999999';
const secret = 'a-registration-secret-of-32-characters-or-more';

function setup() {
  const store = createMemoryStore();
  let tick = 0;
  const byoc = createByoc({
    providers: [createFakeProvider({ externalIdTrust: true }), createFakeProvider({ id: 'azure', automatedVerification: false })],
    store,
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
    registration: { secrets: [secret] },
  });
  return { byoc, store, a: byoc.forOrganization('org-a'), b: byoc.forOrganization('org-b') };
}

/** Everything the store holds, as text: clouds (deleted ones too) and undelivered events. */
async function snapshot(store: ReturnType<typeof createMemoryStore>): Promise<string> {
  const clouds = await store.list();
  const events = await Promise.all(clouds.map((cloud) => store.outbox?.pending(cloud.id)));
  return JSON.stringify({ clouds, events });
}

async function thrown(run: () => Promise<unknown>): Promise<ByocError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ByocError.isInstance(error)) throw new Error(`expected a ByocError, got ${String(error)}`);
  return error;
}

/** A cloud of `scope` in a state where `operation` succeeds for its owner. */
async function cloudIn(byoc: Byoc, scope: OrganizationByoc, state: CustomCloud['state']): Promise<CustomCloud> {
  const provider = state === 'validating' ? 'azure' : 'aws';
  const cloud = await scope.create({ ...input, provider, region: provider === 'azure' ? 'westeurope' : 'eu-north-1' });
  if (state === 'draft') return cloud;
  if (state === 'validating') return scope.submitAccess(cloud.id, { tenantId: 'x' }).catch(() => byoc.get(cloud.id));
  await scope.provision(cloud.id, 'fake:role');
  if (state === 'creating') return byoc.get(cloud.id);
  if (state === 'creation_failed') return byoc.markFailed(cloud.id, { code: 'QUOTA', message: 'No capacity.' });
  await byoc.markActive(cloud.id);
  if (state === 'active') return byoc.get(cloud.id);
  if (state === 'disconnected') return byoc.markDisconnected(cloud.id, { code: 'LOST', message: 'Gone.' });
  if (state === 'deleting') return (await byoc.delete(cloud.id)).cloud;
  throw new Error(`no path to ${state}`);
}

type Operation = [name: string, state: CustomCloud['state'], call: (scope: OrganizationByoc, id: string) => Promise<unknown>];

// Every operation that names a cloud, each on a cloud in a state where its owner's call succeeds:
// the refusal below is the scope's, never the lifecycle's.
const operations: Operation[] = [
  ['get', 'draft', (scope, id) => scope.get(id)],
  ['update', 'draft', (scope, id) => scope.update(id, { displayName: 'Taken over' })],
  ['getTemplate', 'draft', (scope, id) => scope.getTemplate(id)],
  ['templateStatus', 'active', (scope, id) => scope.templateStatus(id).catch(notVersioned)],
  ['getTemplateUpgrade', 'active', (scope, id) => scope.getTemplateUpgrade(id).catch(notVersioned)],
  ['registrationToken', 'draft', (scope, id) => scope.registrationToken(id)],
  ['rotateExternalId', 'active', (scope, id) => scope.rotateExternalId(id)],
  ['submitAccess', 'draft', (scope, id) => scope.submitAccess(id, 'fake:intruder')],
  ['provision', 'draft', (scope, id) => scope.provision(id, 'fake:intruder')],
  ['retry', 'creation_failed', (scope, id) => scope.retry(id)],
  ['reconnect', 'disconnected', (scope, id) => scope.reconnect(id, 'fake:intruder')],
  ['checkHealth', 'active', (scope, id) => scope.checkHealth(id)],
  ['markActive', 'creating', (scope, id) => scope.markActive(id)],
  ['markFailed', 'creating', (scope, id) => scope.markFailed(id, { code: 'X', message: 'x' })],
  ['markDisconnected', 'active', (scope, id) => scope.markDisconnected(id, { code: 'X', message: 'x' })],
  ['markDeleted', 'deleting', (scope, id) => scope.markDeleted(id)],
  ['permissions.add', 'draft', (scope, id) => scope.permissions.add(id, { projects: ['p'] })],
  ['permissions.remove', 'draft', (scope, id) => scope.permissions.remove(id, { projects: ['p'] })],
  ['permissions.set', 'draft', (scope, id) => scope.permissions.set(id, { mode: 'selection', organizationUnits: [], projects: [] })],
  ['contacts.set', 'draft', (scope, id) => scope.contacts.set(id, [{ email: 'x@evil.example', role: 'Admin' }])],
  ['contacts.add', 'draft', (scope, id) => scope.contacts.add(id, { email: 'x@evil.example', role: 'Admin' })],
  ['contacts.remove', 'draft', (scope, id) => scope.contacts.remove(id, 'admin@acme.example')],
  ['delete', 'draft', (scope, id) => scope.delete(id)],
];

/** A fake provider has no template versions: its owner's answer is this code, not a cloud. */
function notVersioned(error: unknown): unknown {
  if (ByocError.hasCode(error, 'TEMPLATE_VERSION_UNSUPPORTED')) return 'answered';
  throw error;
}

describe('forOrganization', () => {
  describe.each(operations)('%s', (_, state, call) => {
    it(`answers another organization's cloud as an unknown id, and changes nothing`, async () => {
      const { byoc, store, a, b } = setup();
      const cloud = await cloudIn(byoc, a, state);
      const before = await snapshot(store);
      const foreign = await thrown(() => call(b, cloud.id));
      const unknown = await thrown(() => call(b, unknownId));
      expect(foreign.code).toBe('CUSTOM_CLOUD_NOT_FOUND');
      expect(foreign.message.replace(cloud.id, '<id>')).toBe(unknown.message.replace(unknownId, '<id>'));
      expect(foreign.details).toEqual({ id: cloud.id });
      expect(await snapshot(store)).toBe(before);
    });

    it('lets the owning organization make the same call', async () => {
      const { byoc, a } = setup();
      const cloud = await cloudIn(byoc, a, state);
      await expect(call(a, cloud.id)).resolves.toBeDefined();
    });
  });

  describe('create', () => {
    it("stores the cloud in the scope's organization, whether the input names it or not", async () => {
      const { a } = setup();
      expect((await a.create(input)).organizationId).toBe('org-a');
      expect((await a.create({ ...input, organizationId: 'org-a' })).organizationId).toBe('org-a');
    });

    it('refuses an input naming another organization, storing nothing', async () => {
      const { store, a } = setup();
      const error = await thrown(() => a.create({ ...input, organizationId: 'org-b' }));
      expect(error.code).toBe('ORGANIZATION_ID_INVALID');
      expect(error.message).toContain('act for organization org-a, not "org-b"');
      expect(await store.list()).toEqual([]);
    });

    it("passes other bad input to create's own checks", async () => {
      const { store, a } = setup();
      expect((await thrown(() => a.create('not an object'))).code).toBe('INPUT_INVALID');
      expect((await thrown(() => a.create({ ...input, reservedCidr: '8.8.8.0/24' }))).code).toBe('CIDR_NOT_PRIVATE');
      expect(await store.list()).toEqual([]);
    });
  });

  describe('list', () => {
    it('lists only its organization, page by page', async () => {
      const { a, b } = setup();
      const ours: string[] = [];
      for (let index = 0; index < 7; index++) {
        ours.push((await a.create(input)).id);
        await b.create(input);
      }
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await a.list({ limit: 3, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        seen.push(...page.map((cloud) => cloud.id));
        after = page.at(-1)?.id;
      }
      expect(seen).toEqual(ours);
      expect(await a.list({ organizationId: 'org-a' })).toHaveLength(7);
    });

    it("refuses another organization's cursor as an unknown one, and another organization's filter", async () => {
      const { a, b } = setup();
      await a.create(input);
      const theirs = await b.create(input);
      const foreign = await thrown(() => a.list({ after: theirs.id }));
      const unknown = await thrown(() => a.list({ after: unknownId }));
      expect(foreign.code).toBe('LIST_CURSOR_INVALID');
      expect(foreign.message.replace(theirs.id, '<id>')).toBe(unknown.message.replace(unknownId, '<id>'));
      expect((await thrown(() => a.list({ organizationId: 'org-b' }))).code).toBe('ORGANIZATION_ID_INVALID');
    });

    it("holds even over a store that pages from any organization's cursor", async () => {
      const store = createMemoryStore();
      const lenient = {
        ...store,
        // A store written before the rule: the cursor only marks a place in creation order.
        list: (filter: Parameters<typeof store.list>[0] = {}) => {
          const { organizationId, ...rest } = filter;
          return store
            .list(rest)
            .then((clouds) => clouds.filter((cloud) => organizationId === undefined || cloud.organizationId === organizationId));
        },
      };
      const byoc = createByoc({ providers: [createFakeProvider()], store: lenient });
      const theirs = await byoc.forOrganization('org-b').create(input);
      await byoc.forOrganization('org-a').create(input);
      expect((await thrown(() => byoc.forOrganization('org-a').list({ after: theirs.id }))).code).toBe('LIST_CURSOR_INVALID');
    });
  });

  describe('acceptRegistration', () => {
    it("refuses a token of another organization's cloud as an unknown cloud, and uses nothing up", async () => {
      const { store, a, b } = setup();
      const cloud = await a.create(input);
      const { token } = await a.registrationToken(cloud.id);
      const body = { roleArn: 'fake:stack-role', stackId: `arn:aws:cloudformation:eu-north-1:123456789012:stack/s/${cloud.id}`, token };
      const before = await snapshot(store);
      const refused = await thrown(() => b.acceptRegistration(body));
      expect(refused.code).toBe('CUSTOM_CLOUD_NOT_FOUND');
      expect(await snapshot(store)).toBe(before);
      // The owner's call gets past the organization, to the identity check of the fake provider.
      expect((await thrown(() => a.acceptRegistration(body))).code).toBe('ACCESS_INVALID');
    });
  });

  describe('on', () => {
    it("hears only its organization's transitions", async () => {
      const { a, b } = setup();
      const heard: TransitionEvent[] = [];
      b.on('transition', (event) => heard.push(event));
      const ours = await b.create(input);
      const theirs = await a.create(input);
      await a.provision(theirs.id, 'fake:role');
      await b.provision(ours.id, 'fake:role');
      expect(heard.length).toBeGreaterThan(0);
      expect(new Set(heard.map((event) => event.cloudId))).toEqual(new Set([ours.id]));
    });
  });

  it('refuses a malformed organization id', () => {
    const { byoc } = setup();
    for (const organizationId of ['', 'a b', 'x'.repeat(129), 42]) {
      let error: unknown;
      try {
        byoc.forOrganization(organizationId as string);
      } catch (caught) {
        error = caught;
      }
      expect((error as ByocError).code, String(organizationId)).toBe('ORGANIZATION_ID_INVALID');
    }
  });
});
