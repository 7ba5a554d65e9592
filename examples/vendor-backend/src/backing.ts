import { join } from 'node:path';
import { type CustomCloudStore, createInProcessJobQueue, createJsonFileStore, type JobQueue } from '@byoc-kit/core';
import { createPostgresJobQueue, createPostgresStore } from '@byoc-kit/postgres';
import type { ApiTokenStore } from './auth/api-tokens.js';
import { createTokenFileStore } from './auth/token-file-store.js';
import { createPostgresTokenStore } from './auth/token-postgres-store.js';

/** Where the backend keeps its clouds, its background work and its API tokens. */
export interface Backing {
  readonly store: CustomCloudStore;
  readonly jobs: JobQueue;
  /** API tokens, hashed: `tokens.ts` creates and revokes them. */
  readonly tokens: ApiTokenStore;
  /** Where the clouds are, in words (no password). */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The reference deployment: with `BYOC_POSTGRES_URL`, the PostgreSQL store and pg-boss jobs in the
 * schema `BYOC_POSTGRES_SCHEMA` (default `byoc`) and the tokens in `<schema>_auth`, so replicas on
 * one database share clouds, verifications, events and tokens. Without it, the JSON files
 * `BYOC_STORE` (default `.byoc/clouds.json`) and `BYOC_TOKENS` (default `.byoc/api-tokens.json`)
 * and an in-process queue: one process, nothing to install. `jobs: false` opens no queue (the tokens CLI).
 */
export async function openBacking(environment: NodeJS.ProcessEnv = process.env, options: { jobs?: boolean } = {}): Promise<Backing> {
  const url = environment.BYOC_POSTGRES_URL;
  if (!url) {
    const path = environment.BYOC_STORE ?? join('.byoc', 'clouds.json');
    const jobs = createInProcessJobQueue();
    return {
      store: createJsonFileStore({ path }),
      jobs,
      tokens: createTokenFileStore(environment.BYOC_TOKENS ?? join('.byoc', 'api-tokens.json')),
      description: `JSON file ${path}`,
      close: () => jobs.stop(),
    };
  }
  const schema = environment.BYOC_POSTGRES_SCHEMA ?? 'byoc';
  const store = createPostgresStore({ connectionString: url }, { schema });
  await store.migrate();
  const tokens = createPostgresTokenStore({ connectionString: url, schema: `${schema}_auth` });
  await tokens.migrate();
  const jobs =
    options.jobs === false ? createInProcessJobQueue() : createPostgresJobQueue({ connectionString: url, schema: `${schema}_jobs` });
  const where = new URL(url);
  return {
    store,
    jobs,
    tokens,
    description: `PostgreSQL ${where.hostname}:${where.port}${where.pathname}, schema ${schema}`,
    async close() {
      await jobs.stop();
      await tokens.close();
      await store.close();
    },
  };
}
