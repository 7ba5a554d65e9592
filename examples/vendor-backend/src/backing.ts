import { join } from 'node:path';
import { type CustomCloudStore, createInProcessJobQueue, createJsonFileStore, type JobQueue } from '@byoc-kit/core';
import { createPostgresJobQueue, createPostgresStore } from '@byoc-kit/postgres';

/** Where the backend keeps its clouds and its background work. */
export interface Backing {
  readonly store: CustomCloudStore;
  readonly jobs: JobQueue;
  /** Where the clouds are, in words (no password). */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The reference deployment: with `BYOC_POSTGRES_URL`, the PostgreSQL store and pg-boss jobs in the
 * schema `BYOC_POSTGRES_SCHEMA` (default `byoc`), so replicas on one database share clouds,
 * verifications and events. Without it, the JSON file `BYOC_STORE` (default `.byoc/clouds.json`)
 * and an in-process queue: one process, nothing to install.
 */
export async function openBacking(environment: NodeJS.ProcessEnv = process.env): Promise<Backing> {
  const url = environment.BYOC_POSTGRES_URL;
  if (!url) {
    const path = environment.BYOC_STORE ?? join('.byoc', 'clouds.json');
    const jobs = createInProcessJobQueue();
    return { store: createJsonFileStore({ path }), jobs, description: `JSON file ${path}`, close: () => jobs.stop() };
  }
  const schema = environment.BYOC_POSTGRES_SCHEMA ?? 'byoc';
  const store = createPostgresStore({ connectionString: url }, { schema });
  await store.migrate();
  const jobs = createPostgresJobQueue({ connectionString: url, schema: `${schema}_jobs` });
  const where = new URL(url);
  return {
    store,
    jobs,
    description: `PostgreSQL ${where.hostname}:${where.port}${where.pathname}, schema ${schema}`,
    async close() {
      await jobs.stop();
      await store.close();
    },
  };
}
