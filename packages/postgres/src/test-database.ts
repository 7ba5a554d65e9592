import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

/**
 * The real PostgreSQL server of the tests, from `BYOC_POSTGRES_URL` (`.ci/run` starts one). Without
 * it those tests skip and say so; with `BYOC_REQUIRE_POSTGRES=1` its absence fails the run instead.
 */
export const postgresUrl = process.env.BYOC_POSTGRES_URL;

if (!postgresUrl) {
  if (process.env.BYOC_REQUIRE_POSTGRES === '1') {
    throw new Error(
      'BYOC_REQUIRE_POSTGRES=1 but BYOC_POSTGRES_URL is unset: start a server (bash .ci/postgres.sh start <folder>) and export its URL.',
    );
  }
  console.warn('BYOC_POSTGRES_URL is unset: the tests on a real PostgreSQL server are skipped (PGlite still runs the SQL).');
}

/** `describe`, skipped without a server. */
export function describeWithServer(name: string, body: () => void): void {
  describe.skipIf(!postgresUrl)(name, body);
}

/** A schema name no other test uses. */
export function freshSchema(prefix = 'byoc_t'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Drops the schemas a test made. */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (!postgresUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
