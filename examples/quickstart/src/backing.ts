import { join } from 'node:path';
import { type CustomCloudStore, createInProcessJobQueue, createJsonFileStore, type JobQueue } from '@byoc-kit/core';
import { createPostgresJobQueue, createPostgresStore } from '@byoc-kit/postgres';

/** Where the quickstart keeps its clouds and its background work. */
export interface Backing {
  readonly store: CustomCloudStore;
  readonly jobs: JobQueue;
  /** Where the clouds are, in words. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * PostgreSQL when `BYOC_POSTGRES_URL` is set (the store and pg-boss, as a vendor runs replicas;
 * `BYOC_QUICKSTART_SCHEMA` names the schema, default `byoc_quickstart`), else a JSON file and the
 * in-process queue: nothing to install.
 */
export async function openBacking(out: string, shown: (path: string) => string): Promise<Backing> {
  const url = process.env.BYOC_POSTGRES_URL;
  if (!url) {
    const path = join(out, 'clouds.json');
    const jobs = createInProcessJobQueue();
    return { store: createJsonFileStore({ path }), jobs, description: `JSON file ${shown(path)}`, close: () => jobs.stop() };
  }
  const schema = process.env.BYOC_QUICKSTART_SCHEMA ?? 'byoc_quickstart';
  const store = createPostgresStore({ connectionString: url }, { schema });
  await store.migrate();
  const jobs = createPostgresJobQueue({ connectionString: url, schema: `${schema}_jobs` }, { pollingIntervalSeconds: 0.5 });
  const where = new URL(url);
  return {
    store,
    jobs,
    description: `PostgreSQL ${where.hostname}:${where.port}${where.pathname}, schema ${schema}, jobs on pg-boss`,
    async close() {
      await jobs.stop();
      await store.close();
    },
  };
}
