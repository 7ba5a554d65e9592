import { createAwsProvider } from '@byoc-kit/aws';
import { createByoc } from '@byoc-kit/core';
import { createPostgresJobQueue } from './postgres-job-queue.js';
import { createPostgresStore } from './postgres-store.js';
import { testAwsSettings } from './test-processes.js';

/**
 * A vendor backend replica running only a worker, for the tests across processes: PostgreSQL from
 * BYOC_POSTGRES_URL and the schemas in BYOC_TEST_SCHEMA / BYOC_TEST_BOSS_SCHEMA, STS from
 * AWS_ENDPOINT_URL_STS, and every transition POSTed to BYOC_TEST_SINK as the vendor's onTransition.
 */
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset`);
  return value;
};

const store = createPostgresStore({ connectionString: env('BYOC_POSTGRES_URL'), max: 4 }, { schema: env('BYOC_TEST_SCHEMA') });
const jobs = createPostgresJobQueue(
  { connectionString: env('BYOC_POSTGRES_URL'), schema: env('BYOC_TEST_BOSS_SCHEMA'), max: 4 },
  { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
);
const byoc = createByoc({
  providers: [createAwsProvider(testAwsSettings)],
  store,
  jobs,
  verification: { leaseMs: Number(process.env.BYOC_TEST_LEASE_MS ?? 8_000) },
  health: { intervalMs: Number(process.env.BYOC_TEST_HEALTH_INTERVAL_MS ?? 900_000), failuresBeforeDisconnect: 3, checkDeadlineMs: 2_000 },
  onBackgroundError: () => undefined,
});
const name = `worker-${process.env.BYOC_TEST_WORKER ?? process.pid}`;
const sink = env('BYOC_TEST_SINK');
const worker = await byoc.startWorker({
  name,
  concurrency: Number(process.env.BYOC_TEST_CONCURRENCY ?? 8),
  sweepIntervalMs: 1_000,
  deliveryTimeoutMs: 2_000,
  async onTransition(event) {
    const response = await fetch(sink, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ worker: name, event }),
    });
    if (!response.ok) throw new Error(`the sink answered ${response.status}`);
  },
});
process.on('SIGTERM', async () => {
  await worker.stop({ graceMs: 2_000 });
  await jobs.stop({ graceMs: 1_000 });
  await store.close();
  process.exit(0);
});
process.stdout.write('ready\n');
