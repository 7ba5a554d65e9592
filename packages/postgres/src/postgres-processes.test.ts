import type { ChildProcess } from 'node:child_process';
import { createAwsProvider } from '@byoc-kit/aws';
import { type StsStandIn, startStsStandIn } from '@byoc-kit/aws/testing';
import { type CustomCloud, createByoc } from '@byoc-kit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresJobQueue } from './postgres-job-queue.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import { describeWithServer, dropSchemas, freshSchema, postgresUrl } from './test-database.js';
import { type Delivery, spawnWorker, startSink, testAwsSettings } from './test-processes.js';

// Replicas in separate processes on one PostgreSQL database: an API replica submits, worker
// replicas verify against a loopback STS playing the customers' accounts, one of them is killed
// with SIGKILL mid-run, and every cloud still ends where it should, each transition stored once and
// delivered at least once with one id.

const schema = freshSchema();
const bossSchema = freshSchema('pgboss_p');
let sts: StsStandIn;
let sink: Awaited<ReturnType<typeof startSink>>;
let store: PostgresStore;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!postgresUrl) return;
  sts = await startStsStandIn({ unknownRoles: 'deny', latencyMs: 40 });
  sink = await startSink();
  store = createPostgresStore({ connectionString: postgresUrl }, { schema });
  await store.migrate();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await store?.close();
  await sts?.close();
  await sink?.close();
  await dropSchemas([schema, bossSchema]);
});

const workerEnv = (index: number) => ({
  BYOC_POSTGRES_URL: postgresUrl as string,
  BYOC_TEST_SCHEMA: schema,
  BYOC_TEST_BOSS_SCHEMA: bossSchema,
  BYOC_TEST_SINK: sink.url,
  BYOC_TEST_WORKER: String(index),
  BYOC_TEST_LEASE_MS: '8000',
  AWS_ENDPOINT_URL_STS: sts.url,
  AWS_ENDPOINT_URL_IAM: sts.url,
});

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describeWithServer('replicas in separate processes', () => {
  it('finish 200 submitted verifications with 4 workers, one killed with SIGKILL mid-run', { timeout: 180_000 }, async () => {
    const jobs = createPostgresJobQueue(
      { connectionString: postgresUrl as string, schema: bossSchema, max: 4 },
      { pollingIntervalSeconds: 0.5 },
    );
    const api = createByoc({ providers: [createAwsProvider(testAwsSettings)], store, jobs, onBackgroundError: () => undefined });
    const workers = await Promise.all([0, 1, 2, 3].map((index) => spawnWorker(workerEnv(index))));
    children.push(...workers);

    // The customers: most applied the template, some did not (denied), some opened the trust.
    const clouds: { cloud: CustomCloud; roleArn: string; expected: 'creating' | 'draft'; code?: string }[] = [];
    for (let index = 0; index < 200; index++) {
      const cloud = await api.create({
        organizationId: `org-${index % 10}`,
        displayName: `Cloud ${index}`,
        provider: 'aws',
        region: 'us-east-1',
        reservedCidr: '10.0.0.0/16',
        contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
      });
      const roleArn = `arn:aws:iam::123456789012:role/cce-${cloud.id.slice(0, 8)}-iam-role`;
      const role = sts.role(roleArn).trust(cloud.externalId);
      if (index % 8 === 3) {
        role.deny();
        clouds.push({ cloud, roleArn, expected: 'draft', code: 'PROPAGATION_TIMEOUT' });
      } else if (index % 8 === 5) {
        role.openTrust('any_external_id');
        clouds.push({ cloud, roleArn, expected: 'draft', code: 'TRUST_EXTERNAL_ID_NOT_ENFORCED' });
      } else {
        clouds.push({ cloud, roleArn, expected: 'creating' });
      }
    }

    const latencies: number[] = [];
    for (const entry of clouds) {
      const started = performance.now();
      const submitted = await api.submitAccess(entry.cloud.id, entry.roleArn);
      latencies.push(performance.now() - started);
      expect(submitted.state).toBe('validating');
    }
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length * 0.99)]).toBeLessThan(1_000);

    // Mid-run: some clouds still validating when the worker dies.
    const validating = await waitUntil(
      async () => (await store.list({ state: 'validating' })).length,
      (count) => count < 190,
      30_000,
    );
    expect(validating).toBeGreaterThan(0);
    workers[1]?.kill('SIGKILL');

    const settled = await waitUntil(
      () => store.list({ state: 'validating' }),
      (left) => left.length === 0,
      90_000,
    );
    expect(settled.map((cloud) => cloud.id)).toEqual([]);

    for (const entry of clouds) {
      const cloud = (await store.get(entry.cloud.id)) as CustomCloud;
      expect(cloud.state, `${entry.cloud.displayName}: ${JSON.stringify(cloud.errors)}`).toBe(entry.expected);
      // Each transition stored once, whatever crashed.
      expect(cloud.history.map((step) => step.event)).toEqual([
        'submitAccess',
        entry.expected === 'creating' ? 'accessVerified' : 'accessRejected',
      ]);
      if (entry.code) expect(cloud.errors.map((error) => error.code)).toEqual([entry.code]);
    }

    // Every stored transition reaches onTransition at least once, always under the same id.
    const deliveries = await waitUntil(
      async () => sink.deliveries,
      (all) => new Set(all.map((delivery) => delivery.event.id)).size >= clouds.length * 2,
      60_000,
    );
    const byId = new Map<string, Delivery[]>();
    for (const delivery of deliveries) byId.set(delivery.event.id, [...(byId.get(delivery.event.id) ?? []), delivery]);
    for (const { cloud } of clouds) {
      const stored = (await store.get(cloud.id)) as CustomCloud;
      stored.history.forEach((step, index) => {
        const copies = byId.get(`${cloud.id}/${index + 1}`) ?? [];
        expect(copies.length, `${cloud.id}/${index + 1}`).toBeGreaterThan(0);
        for (const copy of copies)
          expect({ from: copy.event.from, to: copy.event.to, at: copy.event.at }).toEqual({ from: step.from, to: step.to, at: step.at });
      });
    }
    expect(byId.size).toBe(clouds.length * 2);
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGTERM');
    await jobs.stop();
  });

  it('disconnects an active cloud whose role the customer deletes, after exactly 3 failed checks, and reconnects it', {
    timeout: 120_000,
  }, async () => {
    const healthSchema = freshSchema();
    const healthBoss = freshSchema('pgboss_h');
    const healthStore = createPostgresStore({ connectionString: postgresUrl as string }, { schema: healthSchema });
    await healthStore.migrate();
    const jobs = createPostgresJobQueue({ connectionString: postgresUrl as string, schema: healthBoss, max: 2 });
    // Every replica runs with the same health settings: the API replica queues the first check.
    const api = createByoc({
      providers: [createAwsProvider(testAwsSettings)],
      store: healthStore,
      jobs,
      health: { intervalMs: 2_000, failuresBeforeDisconnect: 3, checkDeadlineMs: 2_000 },
      onBackgroundError: () => undefined,
    });
    try {
      const cloud = await api.create({
        organizationId: 'org-health',
        displayName: 'Monitored',
        provider: 'aws',
        region: 'us-east-1',
        reservedCidr: '10.0.0.0/16',
        contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
      });
      const roleArn = `arn:aws:iam::123456789012:role/cce-${cloud.id.slice(0, 8)}-iam-role`;
      const role = sts.role(roleArn).trust(cloud.externalId);
      process.env.AWS_ENDPOINT_URL_STS = sts.url;
      process.env.AWS_ENDPOINT_URL_IAM = sts.url;
      process.env.AWS_ACCESS_KEY_ID ??= 'AKIAVENDOREXAMPLE000';
      process.env.AWS_SECRET_ACCESS_KEY ??= 'vendor-secret-for-the-stand-in';
      expect((await api.provision(cloud.id, roleArn)).cloud.state).toBe('creating');
      await api.markActive(cloud.id);
      const worker = await spawnWorker({
        ...workerEnv(9),
        BYOC_TEST_SCHEMA: healthSchema,
        BYOC_TEST_BOSS_SCHEMA: healthBoss,
        BYOC_TEST_HEALTH_INTERVAL_MS: '2000',
      });
      children.push(worker);
      await waitUntil(
        () => api.get(cloud.id),
        (current) => current.health?.lastResult === 'ok',
        30_000,
      );
      role.remove();
      const lost = await waitUntil(
        () => api.get(cloud.id),
        (current) => current.state === 'disconnected',
        60_000,
      );
      expect(lost.state).toBe('disconnected');
      expect(lost.health?.consecutiveFailures).toBe(3);
      expect(lost.errors.map((error) => error.code)).toEqual(['ACCESS_REVOKED']);
      role.allow();
      const back = await waitUntil(
        () => api.get(cloud.id),
        (current) => current.state === 'active',
        60_000,
      );
      expect(back.history.slice(-3).map((step) => step.event)).toEqual(['connectionLost', 'reconnect', 'reconnected']);
      worker.kill('SIGTERM');
    } finally {
      await jobs.stop();
      await healthStore.close();
      await dropSchemas([healthSchema, healthBoss]);
    }
  });
});
