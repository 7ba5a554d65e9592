import { afterEach, describe, expect, it } from 'vitest';
import type { CustomCloud, CustomCloudState, TransitionEvent } from '../domain/index.js';
import type { VerificationReport } from '../provider/index.js';
import { type ByocWorker, type JobQueue, jobNames } from '../runtime/index.js';
import { type Byoc, type ByocOptions, createByoc } from '../service/index.js';
import type { CustomCloudStore } from '../store/index.js';
import { createFakeProvider } from './fake-provider.js';

/** What the runtime suite runs on: one store, and as many queue connections as it asks for. */
export interface RuntimeBackend {
  /** The store every service of a test shares. */
  readonly store: CustomCloudStore;
  /** A queue on the shared backing (a new connection each call for a durable queue; the same queue in one process). */
  queue(): JobQueue;
  /** How long the backend takes to notice a job at the earliest, in ms: its polling interval. */
  readonly latencyMs: number;
  close(): Promise<void>;
}

/** What the fake cloud answers for an identity, changed by the tests as a customer would. */
type Answer = 'ok' | 'denied' | 'unreachable' | { readonly delayMs: number };

const input = {
  organizationId: 'org-runtime',
  displayName: 'Runtime',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
};

/**
 * The conformance suite of byoc-kit's runtime on a store and a job queue: background verification,
 * the health monitor, delivery of transitions, and what a stop or a crash leaves behind. The
 * in-process queue runs it in core; `@byoc-kit/postgres` runs it on pg-boss. Behaviour across
 * processes (a worker killed mid-run) is tested beside it, where processes are at hand.
 */
export function testRuntime(name: string, backend: () => Promise<RuntimeBackend>): void {
  describe(`${name} runs byoc-kit's background work`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** `health` may depend on the backend's latency: a polling queue cannot keep intervals shorter than its polls. */
    async function setup(
      options: { health?: (latencyMs: number) => ByocOptions['health']; verification?: ByocOptions['verification'] } = {},
    ) {
      const shared = await backend();
      cleanups.push(() => shared.close());
      const answers = new Map<string, Answer>();
      // `at` on the monotonic clock: a spread is measured in elapsed time, whatever the date.
      const verifications: { identity: string; at: number }[] = [];
      const provider = createFakeProvider({
        async verify(_cloud, access, signal): Promise<VerificationReport> {
          verifications.push({ identity: access.identity, at: performance.now() });
          const answer = answers.get(access.identity) ?? 'ok';
          if (typeof answer === 'object') {
            await new Promise<void>((resolve, reject) => {
              const timer = setTimeout(resolve, answer.delayMs);
              signal?.addEventListener('abort', () => {
                clearTimeout(timer);
                reject(signal.reason);
              });
            });
            return { ok: true, checks: [{ id: 'slow', ok: true, detail: 'ok after a while' }], attempts: 1, elapsedMs: answer.delayMs };
          }
          if (answer === 'ok') return { ok: true, checks: [{ id: 'fake', ok: true, detail: 'trusted' }], attempts: 1, elapsedMs: 0 };
          const transport = answer === 'unreachable';
          return {
            ok: false,
            checks: [{ id: 'fake', ok: false, detail: answer }],
            error: transport
              ? { code: 'FAKE_UNREACHABLE', message: 'The fake cloud did not answer.', fault: 'transport' }
              : { code: 'ACCESS_DENIED', message: 'The fake cloud denied the role.', fault: 'customer' },
            attempts: 1,
            elapsedMs: 0,
          };
        },
      });
      const services: Byoc[] = [];
      const service = () => {
        const byoc = createByoc({
          providers: [provider],
          store: shared.store,
          jobs: shared.queue(),
          health: {
            intervalMs: Math.max(400, shared.latencyMs * 3),
            failuresBeforeDisconnect: 3,
            checkDeadlineMs: 5_000,
            ...options.health?.(shared.latencyMs),
          },
          ...(options.verification ? { verification: options.verification } : {}),
          onBackgroundError: () => undefined,
        });
        services.push(byoc);
        return byoc;
      };
      const workers: ByocWorker[] = [];
      const delivered: TransitionEvent[] = [];
      const start = async (
        byoc: Byoc,
        onTransition: (event: TransitionEvent) => void | Promise<void> = (event) => void delivered.push(event),
      ) => {
        const worker = await byoc.startWorker({ concurrency: 4, onTransition, sweepIntervalMs: 500 });
        workers.push(worker);
        cleanups.push(() => worker.stop({ graceMs: 1_000 }));
        return worker;
      };
      const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> => {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const value = await read();
          if (done(value)) return value;
          if (Date.now() > until) throw new Error(`timed out waiting; last value: ${JSON.stringify(value).slice(0, 500)}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      const stateOf = (byoc: Byoc, id: string, states: CustomCloudState[]) =>
        waitFor(
          () => byoc.get(id),
          (cloud: CustomCloud) => states.includes(cloud.state),
        );
      return { shared, answers, verifications, service, start, delivered, waitFor, stateOf };
    }

    it('returns from submitAccess at once with the cloud validating; a worker finishes the verification', async () => {
      const { service, start, stateOf, answers } = await setup();
      const api = service();
      const ok = await api.create(input);
      const denied = await api.create(input);
      answers.set('fake:denied-role', 'denied');
      const submitted = await api.submitAccess(ok.id, 'fake:role');
      expect(submitted.state).toBe('validating');
      expect((await api.submitAccess(denied.id, 'fake:denied-role')).state).toBe('validating');
      await start(service());
      const verified = await stateOf(api, ok.id, ['creating']);
      expect(verified.errors).toEqual([]);
      expect(verified.lastVerification).toMatchObject({ ok: true, checks: [{ id: 'fake', ok: true, detail: 'trusted' }] });
      const back = await stateOf(api, denied.id, ['draft']);
      expect(back.errors.map((error) => error.code)).toEqual(['ACCESS_DENIED']);
      expect(back.verification).toBeNull();
      // What each check observed stays with the cloud, for the customer's page and the vendor's support.
      expect(back.lastVerification).toMatchObject({ ok: false, checks: [{ id: 'fake', ok: false, detail: 'denied' }] });
    });

    it('refuses a malformed identity in submitAccess before anything is stored or queued', async () => {
      const { service, start, verifications } = await setup();
      const api = service();
      const cloud = await api.create(input);
      await expect(api.submitAccess(cloud.id, 'not fake')).rejects.toMatchObject({ code: 'ACCESS_INVALID' });
      expect(await api.get(cloud.id)).toEqual(cloud);
      await start(service());
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(verifications).toEqual([]);
    });

    it('delivers every transition to onTransition in order per cloud, with stable ids, again after a failure', async () => {
      const { service, start, stateOf, waitFor } = await setup();
      const api = service();
      const seen: TransitionEvent[] = [];
      let failures = 1;
      await start(service(), (event) => {
        if (event.to === 'creating' && failures-- > 0) throw new Error('the vendor system is down');
        seen.push(event);
      });
      const clouds = await Promise.all([api.create(input), api.create(input), api.create(input)]);
      for (const cloud of clouds) await api.submitAccess(cloud.id, 'fake:role');
      for (const cloud of clouds) {
        await stateOf(api, cloud.id, ['creating']);
        await api.markActive(cloud.id);
      }
      await waitFor(
        async () => seen.length,
        (count) => count === clouds.length * 3,
      );
      for (const cloud of clouds) {
        const events = seen.filter((event) => event.cloudId === cloud.id);
        expect(events.map((event) => `${event.from}>${event.to}`)).toEqual(['draft>validating', 'validating>creating', 'creating>active']);
        expect(events.map((event) => event.id)).toEqual([`${cloud.id}/1`, `${cloud.id}/2`, `${cloud.id}/3`]);
        expect(events.map((event) => event.sequence)).toEqual([1, 2, 3]);
      }
      expect(await api.get(clouds[0]?.id as string)).toMatchObject({ state: 'active' });
    });

    it('runs one verification at a time per cloud, whatever the number of workers, and stores each transition once', async () => {
      const { service, start, stateOf, verifications, answers } = await setup();
      const api = service();
      answers.set('fake:slow', { delayMs: 300 });
      const clouds = await Promise.all(Array.from({ length: 6 }, () => api.create(input)));
      for (const cloud of clouds) await api.submitAccess(cloud.id, 'fake:slow');
      await Promise.all([start(service()), start(service()), start(service())]);
      for (const cloud of clouds) {
        const done = await stateOf(api, cloud.id, ['creating']);
        expect(done.history.map((entry) => entry.event)).toEqual(['submitAccess', 'accessVerified']);
      }
      expect(verifications.filter((entry) => entry.identity === 'fake:slow')).toHaveLength(clouds.length);
    });

    it('disconnects an active cloud after exactly failuresBeforeDisconnect failed checks, and reconnects it when the role works again', async () => {
      const { service, start, stateOf, answers, waitFor } = await setup({ health: () => ({ failuresBeforeDisconnect: 3 }) });
      const api = service();
      const cloud = await api.create(input);
      await api.provision(cloud.id, 'fake:monitored');
      await api.markActive(cloud.id);
      await start(service());
      await waitFor(
        () => api.get(cloud.id),
        (current) => current.health?.lastResult === 'ok',
      );
      answers.set('fake:monitored', 'denied');
      const lost = await stateOf(api, cloud.id, ['disconnected']);
      expect(lost.health?.consecutiveFailures).toBe(3);
      expect(lost.errors).toEqual([{ category: 'connectivity', code: 'ACCESS_DENIED', message: 'The fake cloud denied the role.' }]);
      expect(lost.history.filter((entry) => entry.event === 'connectionLost')).toHaveLength(1);
      answers.set('fake:monitored', 'ok');
      const back = await stateOf(api, cloud.id, ['active']);
      expect(back.history.slice(-3).map((entry) => `${entry.from}>${entry.to}`)).toEqual([
        'active>disconnected',
        'disconnected>reconnecting',
        'reconnecting>active',
      ]);
      expect(back.health).toMatchObject({ consecutiveFailures: 0, lastResult: 'ok' });
    });

    it('keeps a cloud active through one failed check followed by a good one, and through checks the network spoils', async () => {
      const { service, start, answers, waitFor } = await setup({ health: () => ({ failuresBeforeDisconnect: 2 }) });
      const api = service();
      const cloud = await api.create(input);
      await api.provision(cloud.id, 'fake:flaky');
      await api.markActive(cloud.id);
      answers.set('fake:flaky', 'denied');
      await start(service());
      await waitFor(
        () => api.get(cloud.id),
        (current) => current.health?.lastResult === 'failed',
      );
      answers.set('fake:flaky', 'ok');
      await waitFor(
        () => api.get(cloud.id),
        (current) => current.health?.lastResult === 'ok',
      );
      answers.set('fake:flaky', 'unreachable');
      const spoiled = await waitFor(
        () => api.get(cloud.id),
        (current) => current.health?.lastResult === 'inconclusive',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const after = await api.get(cloud.id);
      expect(after.state).toBe('active');
      expect(after.health?.consecutiveFailures).toBe(0);
      expect(spoiled.health?.lastError?.code).toBe('FAKE_UNREACHABLE');
    });

    it('counts a manual checkHealth as the monitor does, and refuses one for a cloud not yet active', async () => {
      const { service, answers } = await setup({ health: () => ({ failuresBeforeDisconnect: 2 }) });
      const api = service();
      const cloud = await api.create(input);
      await expect(api.checkHealth(cloud.id)).rejects.toMatchObject({ code: 'HEALTH_CHECK_NOT_APPLICABLE' });
      await api.provision(cloud.id, 'fake:checked');
      await api.markActive(cloud.id);
      expect((await api.checkHealth(cloud.id)).report.ok).toBe(true);
      answers.set('fake:checked', 'denied');
      expect((await api.checkHealth(cloud.id)).cloud.state).toBe('active');
      const second = await api.checkHealth(cloud.id);
      expect(second.cloud.state).toBe('disconnected');
      expect(second.report.error?.code).toBe('ACCESS_DENIED');
    });

    it('hands a running verification back on a graceful stop; another worker finishes it, none is lost', async () => {
      const { service, start, stateOf, answers, verifications, waitFor } = await setup();
      const api = service();
      answers.set('fake:slow-stop', { delayMs: 1_500 });
      const cloud = await api.create(input);
      const first = await start(service());
      await api.submitAccess(cloud.id, 'fake:slow-stop');
      await waitFor(
        async () => verifications.some((entry) => entry.identity === 'fake:slow-stop'),
        (running) => running,
      );
      await first.stop({ graceMs: 100 });
      const released = await api.get(cloud.id);
      expect(released.state).toBe('validating');
      expect(released.verification?.holder ?? null).toBeNull();
      answers.set('fake:slow-stop', 'ok');
      await start(service());
      const done = await stateOf(api, cloud.id, ['creating']);
      expect(done.history.map((entry) => entry.event)).toEqual(['submitAccess', 'accessVerified']);
    });

    it('lets a running verification finish within the grace period of a stop', async () => {
      const { service, start, answers, verifications, waitFor } = await setup();
      const api = service();
      answers.set('fake:finishes', { delayMs: 300 });
      const cloud = await api.create(input);
      const worker = await start(service());
      await api.submitAccess(cloud.id, 'fake:finishes');
      await waitFor(
        async () => verifications.some((entry) => entry.identity === 'fake:finishes'),
        (running) => running,
      );
      await worker.stop({ graceMs: 5_000 });
      expect((await api.get(cloud.id)).state).toBe('creating');
    });

    it('finds a verification a crashed worker left behind once its lease has lapsed', async () => {
      const { shared, service, start, stateOf } = await setup({ verification: { leaseMs: 1_000 } });
      const api = service();
      const cloud = await api.create(input);
      await api.submitAccess(cloud.id, 'fake:orphan');
      // What a worker killed mid-verification leaves: the cloud claimed by it, its lease running out.
      const stored = (await shared.store.get(cloud.id)) as CustomCloud;
      const leaseUntil = new Date(Date.now() + 800).toISOString();
      await shared.store.update(
        {
          ...stored,
          version: stored.version + 1,
          verification: { ...(stored.verification as NonNullable<CustomCloud['verification']>), holder: 'dead-worker', leaseUntil },
        },
        { expectedVersion: stored.version },
      );
      await start(service());
      const done = await stateOf(api, cloud.id, ['creating']);
      expect(done.history.filter((entry) => entry.event === 'accessVerified')).toHaveLength(1);
    });

    it('spreads the checks of many clouds over the interval instead of sending them at once', async () => {
      // Eight polls to an interval, so a polling queue's latency blurs the spread by half a quarter at most.
      const intervalFor = (latencyMs: number) => Math.max(2_000, latencyMs * 8);
      const { service, start, verifications, shared } = await setup({ health: (latencyMs) => ({ intervalMs: intervalFor(latencyMs) }) });
      const interval = intervalFor(shared.latencyMs);
      const api = service();
      // The worker runs first: each cloud's first check is measured from its own activation, never
      // from a start that finds the early clouds' checks overdue.
      await start(service());
      const clouds = await Promise.all(Array.from({ length: 40 }, () => api.create(input)));
      const activatedAt = new Map<string, number>();
      for (const cloud of clouds) {
        const identity = `fake:spread-${cloud.id.slice(0, 8)}`;
        await api.provision(cloud.id, identity);
        await api.markActive(cloud.id);
        activatedAt.set(identity, performance.now());
      }
      const firstChecks = new Map<string, number>();
      const until = performance.now() + interval + 2_000;
      while (firstChecks.size < clouds.length && performance.now() < until) {
        for (const entry of verifications) {
          const activated = activatedAt.get(entry.identity);
          if (activated !== undefined && entry.at > activated && !firstChecks.has(entry.identity)) {
            firstChecks.set(entry.identity, entry.at - activated);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(firstChecks.size).toBe(clouds.length);
      // Quarters of the interval each get some checks, and none gets more than half of them.
      const quarters = [0, 0, 0, 0];
      for (const at of firstChecks.values()) {
        const quarter = Math.min(3, Math.floor((at / interval) * 4));
        quarters[quarter] = (quarters[quarter] ?? 0) + 1;
      }
      expect(Math.max(...quarters), `first checks by quarter: ${quarters.join(', ')}`).toBeLessThanOrEqual(clouds.length / 2);
      expect(Math.min(...quarters), `first checks by quarter: ${quarters.join(', ')}`).toBeGreaterThan(0);
    });

    it('does not probe clouds verified by people', async () => {
      const { shared } = await setup();
      const people = createFakeProvider({ id: 'azure', automatedVerification: false });
      const api = createByoc({
        providers: [people],
        store: shared.store,
        jobs: shared.queue(),
        health: { intervalMs: 400 },
        onBackgroundError: () => undefined,
      });
      const cloud = await api.create({ ...input, provider: 'azure', region: 'westeurope' });
      const submitted = await api.provision(cloud.id, 'fake:team');
      expect(submitted.cloud.state).toBe('validating');
      expect(submitted.cloud.verification?.awaitingPeople).toBe(true);
      await api.confirmAccess(cloud.id);
      await api.markActive(cloud.id);
      const worker = await api.startWorker({ sweepIntervalMs: 200 });
      cleanups.push(() => worker.stop({ graceMs: 500 }));
      const before = people.verifications.length;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(people.verifications.length).toBe(before);
      expect((await api.checkHealth(cloud.id)).report.checks[0]?.id).toBe('not_probed');
    });

    it('tells what waits in each queue and how long the oldest has waited, jobs due later left out', async () => {
      const { shared } = await setup();
      const queue = shared.queue();
      if (!queue.stats) return;
      await queue.start();
      const before = await queue.stats();
      expect(before.map((stats) => stats.name).sort()).toEqual([...jobNames].sort());
      await queue.send('byoc-health', { cloudId: 'waiting-now' });
      await queue.send('byoc-health', { cloudId: 'due-in-a-minute' }, { delayMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const health = (await queue.stats()).find((stats) => stats.name === 'byoc-health');
      expect(health?.waiting).toBe(1);
      // Measured by the queue's clock (the database's for a durable queue): give a little either way.
      expect(health?.oldestWaitingMs).toBeGreaterThanOrEqual(900);
      expect(health?.oldestWaitingMs).toBeLessThan(30_000);
      expect((await queue.stats()).find((stats) => stats.name === 'byoc-verify')).toEqual({
        name: 'byoc-verify',
        waiting: 0,
        oldestWaitingMs: 0,
      });
      const taken: string[] = [];
      const worker = await queue.work('byoc-health', { concurrency: 1, timeoutMs: 5_000 }, async (job) => {
        taken.push(String(job.data.cloudId));
      });
      cleanups.push(() => worker.stop({ graceMs: 500 }));
      const deadline = Date.now() + 10_000;
      while (taken.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(taken).toEqual(['waiting-now']);
      expect((await queue.stats()).find((stats) => stats.name === 'byoc-health')).toEqual({
        name: 'byoc-health',
        waiting: 0,
        oldestWaitingMs: 0,
      });
    });
  });
}
