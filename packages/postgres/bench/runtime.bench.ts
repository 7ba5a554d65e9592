// Benchmark of the runtime, against a loopback STS playing the customers' accounts:
// 1. the time from submitAccess to `creating` when the role is assumable at once, with the
//    in-process queue (the baseline), with pg-boss in one process, and with pg-boss and the worker
//    in another process;
// 2. a health sweep of 10,000 active clouds by 2 worker processes: how long until every cloud was
//    checked once, and the peak STS calls per second against the mean.
//   npx -y pnpm@10 bench       (starts a throwaway server unless BYOC_POSTGRES_URL is set)
import { randomBytes } from 'node:crypto';
import { createAwsProvider } from '@byoc-kit/aws';
import { startStsStandIn } from '@byoc-kit/aws/testing';
import { type Byoc, type CustomCloud, createByoc, createInProcessJobQueue, createMemoryStore } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import pg from 'pg';
import { formatDuration } from '../../../tools/bench-harness.js';
import { createPostgresJobQueue, createPostgresStore } from '../src/index.js';
import { spawnWorker, startSink, testAwsSettings } from '../src/test-processes.js';
import { benchDatabase, dropBenchSchemas, seedClouds } from './bench-database.js';

const sts = await startStsStandIn();
process.env.AWS_ENDPOINT_URL_STS = sts.url;
process.env.AWS_ENDPOINT_URL_IAM = sts.url;
process.env.AWS_ACCESS_KEY_ID = 'AKIAVENDOREXAMPLE000';
process.env.AWS_SECRET_ACCESS_KEY = 'vendor-secret-for-the-stand-in';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
const database = benchDatabase();
const schemas: string[] = [];
const fresh = (prefix: string) => {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  return schema;
};
const input = (index: number) => ({
  organizationId: 'org-bench',
  displayName: `Bench ${index}`,
  provider: 'aws',
  region: 'us-east-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
});
const roleOf = (cloud: CustomCloud) => `arn:aws:iam::123456789012:role/cce-${cloud.id.slice(0, 8)}-iam-role`;

/** submitAccess until `creating`, `count` times one after another; `reached` resolves when a cloud is creating. */
async function submitLatencies(byoc: Byoc, count: number, reached: (id: string) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) {
    const cloud = await byoc.create(input(index));
    const started = performance.now();
    const done = reached(cloud.id);
    await byoc.submitAccess(cloud.id, roleOf(cloud));
    await done;
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

const byEvent = (byoc: Byoc) => (id: string) =>
  new Promise<void>((resolve) => {
    const off = byoc.on('transition', (event) => {
      if (event.cloudId === id && event.to === 'creating') {
        off();
        resolve();
      }
    });
  });

const byPolling = (byoc: Byoc) => async (id: string) => {
  for (;;) {
    if ((await byoc.get(id)).state === 'creating') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const provider = () => createAwsProvider(testAwsSettings);
const results: { setup: string; latencies: number[] }[] = [];
const stopLater: (() => Promise<unknown>)[] = [];

try {
  // 1a. In process: memory store, in-process queue, the worker beside the API.
  {
    const jobs = createInProcessJobQueue();
    const byoc = createByoc({ providers: [provider()], store: createMemoryStore(), jobs });
    const worker = await byoc.startWorker();
    results.push({ setup: 'in-process queue, worker in the same process', latencies: await submitLatencies(byoc, 50, byEvent(byoc)) });
    await worker.stop();
    await jobs.stop();
  }
  // 1b. pg-boss, the worker in the same process: a send wakes the local workers.
  {
    const store = createPostgresStore({ connectionString: database.url }, { schema: fresh('byoc_bench') });
    await store.migrate();
    const jobs = createPostgresJobQueue({ connectionString: database.url, schema: fresh('pgboss_bench') });
    const byoc = createByoc({ providers: [provider()], store, jobs });
    const worker = await byoc.startWorker();
    results.push({ setup: 'pg-boss, worker in the same process', latencies: await submitLatencies(byoc, 50, byEvent(byoc)) });
    await worker.stop();
    await jobs.stop();
    await store.close();
  }
  // 1c. pg-boss, the worker in another process: it finds the job at its next poll (0.5 s).
  {
    const schema = fresh('byoc_bench');
    const bossSchema = fresh('pgboss_bench');
    const store = createPostgresStore({ connectionString: database.url }, { schema });
    await store.migrate();
    const jobs = createPostgresJobQueue({ connectionString: database.url, schema: bossSchema });
    const byoc = createByoc({ providers: [provider()], store, jobs });
    const sink = await startSink();
    const child = await spawnWorker({
      BYOC_POSTGRES_URL: database.url,
      BYOC_TEST_SCHEMA: schema,
      BYOC_TEST_BOSS_SCHEMA: bossSchema,
      BYOC_TEST_SINK: sink.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_IAM: sts.url,
    });
    results.push({
      setup: 'pg-boss, worker in another process (polls every 0.5 s)',
      latencies: await submitLatencies(byoc, 30, byPolling(byoc)),
    });
    child.kill('SIGTERM');
    await jobs.stop();
    await store.close();
    await sink.close();
  }

  const baseline = results[0]?.latencies[Math.floor((results[0]?.latencies.length ?? 1) / 2)] as number;
  console.log(`submitAccess to creating, the role assumable at once (node ${process.version}, STS on loopback)`);
  console.table(
    results.map(({ setup, latencies }) => {
      const median = latencies[Math.floor(latencies.length / 2)] as number;
      return {
        setup,
        median: formatDuration(median * 1e6),
        p95: formatDuration((latencies[Math.floor(latencies.length * 0.95)] as number) * 1e6),
        ratio: `${(median / baseline).toFixed(1)}x`,
      };
    }),
  );

  // 2. The health sweep.
  const clouds = Number(process.env.SWEEP_CLOUDS ?? 10_000);
  const intervalMs = Number(process.env.SWEEP_INTERVAL_MS ?? 40_000);
  const schema = fresh('byoc_sweep');
  const bossSchema = fresh('pgboss_sweep');
  const store = createPostgresStore({ connectionString: database.url }, { schema });
  await store.migrate();
  const template = makeCustomCloud(input(0));
  const active: CustomCloud[] = Array.from({ length: clouds }, (_, index) => {
    const hex = index.toString(16).padStart(12, '0');
    const id = `10000000-0000-4000-8000-${hex}`;
    return {
      ...template,
      id,
      externalId: `SweepExternalId${String(index).padStart(17, '0')}`,
      state: 'active',
      access: {
        provider: 'aws',
        kind: 'aws_iam_role',
        identity: `arn:aws:iam::123456789012:role/cce-sweep-${index}`,
        attributes: { partition: 'aws', accountId: '123456789012', path: '/', roleName: `cce-sweep-${index}` },
      },
      createdAt: new Date(Date.UTC(2026, 0, 1) + index).toISOString(),
      // Verified at onboarding, as every active cloud was: its permissions were checked then, so the
      // sweep checks the trust, and IAM only at the AWS adapter's cadence (permissionCheckIntervalMs).
      lastVerification: { ok: true, finishedAt: new Date().toISOString(), checks: [] },
    };
  });
  await seedClouds(database.url, schema, active);
  await store.close();
  const sink = await startSink();
  const callsBefore = sts.calls.length;
  const started = Date.now();
  const workers = await Promise.all(
    [0, 1].map((index) =>
      spawnWorker({
        BYOC_POSTGRES_URL: database.url,
        BYOC_TEST_SCHEMA: schema,
        BYOC_TEST_BOSS_SCHEMA: bossSchema,
        BYOC_TEST_SINK: sink.url,
        BYOC_TEST_WORKER: `sweep-${index}`,
        BYOC_TEST_HEALTH_INTERVAL_MS: String(intervalMs),
        BYOC_TEST_CONCURRENCY: process.env.SWEEP_CONCURRENCY ?? '24',
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_ENDPOINT_URL_IAM: sts.url,
      }),
    ),
  );
  stopLater.push(async () => {
    for (const worker of workers) worker.kill('SIGTERM');
    await sink.close();
  });
  // A cloud is checked once STS answered its check's last call, GetCallerIdentity: counted on the
  // stand-in, so the measuring adds no load to the database under test.
  const checkedRoles = new Set<string>();
  let seen = callsBefore;
  while (checkedRoles.size < clouds && Date.now() - started < 4 * intervalMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (; seen < sts.calls.length; seen++) {
      const call = sts.calls[seen];
      if (call?.action === 'GetCallerIdentity' && call.status === 200 && call.roleArn) checkedRoles.add(call.roleArn);
    }
  }
  const sweepMs = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows: stored } = await client.query(
    `SELECT count(*)::int AS checked FROM "${schema}".custom_clouds WHERE document->'health' IS NOT NULL`,
  );
  const checked = Math.min(checkedRoles.size, stored[0].checked as number);
  const { rows: outcome } = await client.query(
    `SELECT state, document->'health'->>'lastResult' AS result, count(*)::int AS clouds FROM "${schema}".custom_clouds GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  await client.end();
  const calls = sts.calls.slice(callsBefore);
  const first = calls[0]?.at ?? started;
  const last = calls.at(-1)?.at ?? started;
  const perSecond = new Map<number, number>();
  for (const call of calls)
    perSecond.set(Math.floor((call.at - first) / 1000), (perSecond.get(Math.floor((call.at - first) / 1000)) ?? 0) + 1);
  const seconds = Math.max(1, Math.ceil((last - first) / 1000));
  const mean = calls.length / seconds;
  const peak = Math.max(...perSecond.values());
  console.log(`health sweep of ${clouds.toLocaleString('en-US')} active clouds, 2 worker processes, interval ${intervalMs / 1000} s`);
  console.table([
    {
      measure: 'clouds checked',
      figure: `${checked.toLocaleString('en-US')} of ${clouds.toLocaleString('en-US')}`,
      goal: 'all',
      met: checked === clouds ? 'yes' : 'NO',
    },
    {
      measure: 'sweep time, workers started to the last first check',
      figure: `${(sweepMs / 1000).toFixed(1)} s`,
      goal: '< 60 s',
      met: sweepMs < 60_000 ? 'yes' : 'NO',
    },
    { measure: 'STS calls, mean per second', figure: mean.toFixed(0), goal: '', met: '' },
    {
      measure: 'STS calls, peak second',
      figure: `${peak} (${(peak / mean).toFixed(2)}x the mean)`,
      goal: '<= 2x the mean',
      met: peak <= 2 * mean ? 'yes' : 'NO',
    },
  ]);
  console.log(`outcome by state and last result: ${outcome.map((row) => `${row.state}/${row.result}: ${row.clouds}`).join(', ')}`);
} finally {
  for (const stop of stopLater) await stop();
  await sts.close();
  await dropBenchSchemas(database.url, schemas);
  database.stop();
}
