// Benchmark of the PostgreSQL store against the memory store, side by side in one run, on 100,000
// clouds in 1,000 organizations: a get, a page of 50 of one organization, updates per second from
// one process, and the process's memory while paging through all 100,000.
//   npx -y pnpm@10 bench       (starts a throwaway server unless BYOC_POSTGRES_URL is set; run with
//   --expose-gc, as the package's bench script does, for the live-heap figure)
import { randomBytes } from 'node:crypto';
import { type CustomCloud, type CustomCloudStore, createMemoryStore } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { formatDuration, seededRandom } from '../../../tools/bench-harness.js';
import { createPostgresStore } from '../src/index.js';
import { benchDatabase, dropBenchSchemas, seedClouds } from './bench-database.js';

const count = 100_000;
const organizations = 1_000;
const random = seededRandom(20261128);
const base = makeCustomCloud({
  organizationId: 'org-0',
  displayName: 'Bench cloud',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  tags: { env: 'bench', team: 'platform' },
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
});
const start = Date.UTC(2026, 0, 1);
const clouds: CustomCloud[] = Array.from({ length: count }, (_, index) => {
  const hex = index.toString(16).padStart(12, '0');
  const at = new Date(start + index * 1_000).toISOString();
  return {
    ...base,
    id: `00000000-0000-4000-8000-${hex}`,
    organizationId: `org-${index % organizations}`,
    displayName: `Bench cloud ${index}`,
    externalId: `BenchExternalId${String(index).padStart(17, '0')}`,
    createdAt: at,
    updatedAt: at,
  };
});

async function timings(samples: number, operation: (index: number) => Promise<unknown>): Promise<{ median: number; p99: number }> {
  await operation(0);
  const results: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = process.hrtime.bigint();
    await operation(index);
    results.push(Number(process.hrtime.bigint() - started));
  }
  results.sort((a, b) => a - b);
  return { median: results[Math.floor(samples / 2)] as number, p99: results[Math.floor(samples * 0.99)] as number };
}

async function updatesPerSecond(store: CustomCloudStore, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const id = clouds[Math.floor((index * 7919) % count)]?.id as string;
        const current = (await store.get(id)) as CustomCloud;
        await store.update(
          { ...current, displayName: `Renamed ${index}`, version: current.version + 1 },
          { expectedVersion: current.version },
        );
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Pages through every cloud; the heap that stays live (after a collection) is sampled every 20 pages. */
async function pageThroughAll(store: CustomCloudStore): Promise<{ clouds: number; growthMb: number; peakMb: number }> {
  const live = () => {
    global.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const before = live();
  let peak = before;
  let seen = 0;
  let pages = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.list({ limit: 500, ...(after ? { after } : {}) });
    seen += page.length;
    if (++pages % 20 === 0) peak = Math.max(peak, live());
    if (page.length < 500) break;
    after = page.at(-1)?.id;
  }
  return { clouds: seen, growthMb: (live() - before) / 2 ** 20, peakMb: (peak - before) / 2 ** 20 };
}

const database = benchDatabase();
const schema = `byoc_bench_${randomBytes(4).toString('hex')}`;
const postgres = createPostgresStore({ connectionString: database.url, max: 10 }, { schema });
try {
  await postgres.migrate();
  const seeding = Date.now();
  await seedClouds(database.url, schema, clouds);
  console.log(
    `seeded ${count.toLocaleString('en-US')} clouds in ${organizations} organizations in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
  );
  const memory = createMemoryStore(clouds);

  const ids = Array.from({ length: 2_000 }, () => clouds[Math.floor(random() * count)]?.id as string);
  const orgs = Array.from({ length: 2_000 }, () => `org-${Math.floor(random() * organizations)}`);
  const measure = async (store: CustomCloudStore) => ({
    get: await timings(ids.length, (index) => store.get(ids[index] as string)),
    page: await timings(orgs.length, (index) => store.list({ organizationId: orgs[index] as string, limit: 50 })),
    nextPage: await timings(500, async (index) => {
      const first = await store.list({ organizationId: orgs[index] as string, limit: 50 });
      return store.list({ organizationId: orgs[index] as string, limit: 50, after: first.at(-1)?.id as string });
    }),
  });
  const onMemory = await measure(memory);
  const onPostgres = await measure(postgres);
  const memoryUpdates = await updatesPerSecond(memory, 20_000, 10);
  const postgresUpdates = await updatesPerSecond(postgres, 5_000, 10);
  const paged = await pageThroughAll(postgres);

  const row = (measure: string, memoryValue: number, postgresValue: number, goal: string, met: boolean) => ({
    measure,
    memory: formatDuration(memoryValue),
    postgres: formatDuration(postgresValue),
    ratio: `${(postgresValue / memoryValue).toFixed(1)}x`,
    goal,
    met: met ? 'yes' : 'NO',
  });
  console.log(`PostgreSQL store against the memory store (node ${process.version}, ${count.toLocaleString('en-US')} clouds)`);
  console.table([
    row('get, median', onMemory.get.median, onPostgres.get.median, '< 1 ms', onPostgres.get.median < 1e6),
    row('get, p99', onMemory.get.p99, onPostgres.get.p99, '', true),
    row('page of 50 of one organization, median', onMemory.page.median, onPostgres.page.median, '< 2 ms', onPostgres.page.median < 2e6),
    row('first and next page (after), median', onMemory.nextPage.median, onPostgres.nextPage.median, '', true),
  ]);
  console.table([
    {
      measure: 'updates per second, one process, 10 at once (read, then write at its version)',
      memory: Math.round(memoryUpdates).toLocaleString('en-US'),
      postgres: Math.round(postgresUpdates).toLocaleString('en-US'),
      ratio: `${(postgresUpdates / memoryUpdates).toFixed(2)}x`,
      goal: '>= 1,000/s',
      met: postgresUpdates >= 1_000 ? 'yes' : 'NO',
    },
    {
      measure: `heap while paging through all ${paged.clouds.toLocaleString('en-US')} clouds, 500 a page`,
      memory: '',
      postgres: `live heap: at most +${paged.peakMb.toFixed(1)} MB on the way, +${paged.growthMb.toFixed(1)} MB after`,
      ratio: '',
      goal: 'flat',
      met: paged.growthMb < 8 && paged.peakMb < 16 ? 'yes' : 'NO',
    },
  ]);
} finally {
  await postgres.close();
  await dropBenchSchemas(database.url, [schema]);
  database.stop();
}
