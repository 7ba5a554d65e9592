import { customCloudStates } from '@byoc-kit/core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { countByStateSql, createPostgresStore, type PostgresStore } from './postgres-store.js';
import { describeWithServer, dropSchemas, freshSchema, postgresUrl } from './test-database.js';

// The byoc.clouds gauge reads countByState at every metric collection: on a table of 20,000 clouds
// the server answers it from the state index alone, never reading the documents.

const schema = freshSchema();
let store: PostgresStore | undefined;
afterAll(async () => {
  await store?.close();
  await dropSchemas([schema]);
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** Vacuums the table until the visibility map covers every page, or fails naming what holds it back. */
async function vacuumUntilAllVisible(client: pg.Client, table: string, deadlineMs = 60_000): Promise<void> {
  const started = performance.now();
  for (;;) {
    await client.query(`VACUUM ${table}`);
    const { rows } = await client.query(`SELECT relallvisible, relpages FROM pg_class WHERE oid = '${table}'::regclass`);
    if (rows[0].relallvisible === rows[0].relpages) return;
    if (performance.now() - started > deadlineMs) {
      const { rows: holders } = await client.query(
        `SELECT pid, application_name, state, xact_start, left(query, 80) AS query FROM pg_stat_activity
         WHERE backend_xmin IS NOT NULL AND pid <> pg_backend_pid()`,
      );
      throw new Error(
        `${rows[0].relallvisible} of ${rows[0].relpages} pages all-visible after ${deadlineMs} ms; transactions holding the horizon: ${JSON.stringify(holders)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeWithServer('countByState on a PostgreSQL server', () => {
  it('counts 20,000 clouds by state with index-only scans of the state index', async () => {
    store = createPostgresStore({ connectionString: postgresUrl as string }, { schema });
    await store.migrate();
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const table = `"${schema}".custom_clouds`;
      // Rows straight in SQL, state i mod 4 of four states, each with a document of a real cloud's size
      // (about 1.5 kB: its history, contacts, checks and errors). With documents that small (a few
      // bytes), the heap is as narrow as the index and the planner rightly reads the heap instead.
      await client.query(
        `INSERT INTO ${table} (id, organization_id, provider, state, external_id, version, created_at, updated_at, document)
         SELECT gen_random_uuid(), 'org-' || (i % 50), 'aws', (ARRAY['draft','active','active','disconnected'])[i % 4 + 1],
                'CountsExternalId' || lpad(i::text, 16, '0'), 1, now(), now(), jsonb_build_object('history', (SELECT string_agg(gen_random_uuid()::text, '') FROM generate_series(1, 40 + i % 2)))
         FROM generate_series(1, 20000) AS i`,
      );
      // As autovacuum leaves a table: analysed, its pages marked all-visible. A vacuum marks a page only
      // once the insert's commit is flushed (CI's server commits asynchronously: up to a WAL writer
      // delay later) and no open transaction could still miss its rows (the other test files share
      // this server, some holding a transaction open on purpose): vacuum again until every page is.
      await client.query(`ANALYZE ${table}`);
      await vacuumUntilAllVisible(client, table);
      const counts = await store.countByState?.();
      expect(Object.fromEntries(Object.entries(counts ?? {}).filter(([, count]) => count !== 0))).toEqual({
        draft: 5000,
        active: 10000,
        disconnected: 5000,
      });
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${countByStateSql(table)}`, [customCloudStates]);
      const nodes = nodesOf((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]?.Plan as PlanNode);
      const onClouds = nodes.filter((node) => node['Relation Name'] === 'custom_clouds');
      expect(onClouds.length).toBeGreaterThan(0);
      for (const node of onClouds) expect([node['Node Type'], node['Index Name']]).toEqual(['Index Only Scan', 'custom_clouds_state']);
    } finally {
      await client.end();
    }
  }, 120_000);
});
