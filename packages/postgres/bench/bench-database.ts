import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomCloud } from '@byoc-kit/core';
import pg from 'pg';

/**
 * The PostgreSQL server of a benchmark: `BYOC_POSTGRES_URL` when set, else a throwaway server
 * started with the repository's `.ci/postgres.sh` (stopped again by `stop`).
 */
export function benchDatabase(): { url: string; stop(): void } {
  if (process.env.BYOC_POSTGRES_URL) return { url: process.env.BYOC_POSTGRES_URL, stop: () => undefined };
  const script = fileURLToPath(new URL('../../../.ci/postgres.sh', import.meta.url));
  const folder = mkdtempSync(join(tmpdir(), 'byoc-bench-pg-'));
  chmodSync(folder, 0o755);
  const output = execFileSync('bash', [script, 'start', join(folder, 'pg')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /BYOC_POSTGRES_URL=(\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`.ci/postgres.sh printed no URL:\n${output}`);
  console.log('started a throwaway PostgreSQL server for the benchmark (set BYOC_POSTGRES_URL to use yours)');
  return { url, stop: () => execFileSync('bash', [script, 'stop', join(folder, 'pg')], { stdio: 'ignore' }) };
}

/** Inserts clouds in batches of 1,000 rows, as a migration of existing data would: fast set-up. */
export async function seedClouds(url: string, schema: string, clouds: readonly CustomCloud[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let start = 0; start < clouds.length; start += 1_000) {
      const batch = clouds.slice(start, start + 1_000);
      await client.query(
        `INSERT INTO "${schema}".custom_clouds (id, organization_id, provider, state, external_id, version, created_at, updated_at, document)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::jsonb[])`,
        [
          batch.map((cloud) => cloud.id),
          batch.map((cloud) => cloud.organizationId),
          batch.map((cloud) => cloud.provider),
          batch.map((cloud) => cloud.state),
          batch.map((cloud) => cloud.externalId),
          batch.map((cloud) => cloud.version),
          batch.map((cloud) => cloud.createdAt),
          batch.map((cloud) => cloud.updatedAt),
          batch.map((cloud) => JSON.stringify(cloud)),
        ],
      );
    }
    await client.query(`ANALYZE "${schema}".custom_clouds`);
  } finally {
    await client.end();
  }
}

/** Drops a benchmark's schemas. */
export async function dropBenchSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
