import { ByocError } from '@byoc-kit/core';
import type { Sql } from './postgres-pool.js';

/** The audit rows of failed verifications and health checks: the predicate of the index audit_entries_failures and of the query it serves. */
export const failedCheck = "(entry->>'kind') <> 'transition' AND (entry->>'outcome') <> 'ok'";

/** One step of the schema, applied once, in order. */
interface Migration {
  readonly version: number;
  readonly name: string;
  /** Its statements, one by one (PGlite's extended protocol takes one statement per query). */
  readonly sql: (schema: string) => readonly string[];
}

/**
 * The schema, version by version. A version, once released, never changes: a change is a new one.
 * Clouds keep their whole document as jsonb, beside the columns that filters, paging and the
 * version check need; every list and page is an index scan.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'custom clouds, their transition outbox and delivery leases',
    sql: (s) => [
      `CREATE TABLE ${s}.custom_clouds (
        id uuid PRIMARY KEY,
        organization_id text NOT NULL,
        provider text NOT NULL,
        state text NOT NULL,
        external_id text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        document jsonb NOT NULL
      )`,
      `CREATE UNIQUE INDEX custom_clouds_external_id ON ${s}.custom_clouds (external_id)`,
      `CREATE INDEX custom_clouds_created ON ${s}.custom_clouds (created_at, id)`,
      `CREATE INDEX custom_clouds_organization ON ${s}.custom_clouds (organization_id, created_at, id)`,
      `CREATE INDEX custom_clouds_state ON ${s}.custom_clouds (state, created_at, id)`,
      `CREATE INDEX custom_clouds_provider ON ${s}.custom_clouds (provider, created_at, id)`,
      `CREATE TABLE ${s}.transition_events (
        id text PRIMARY KEY,
        cloud_id uuid NOT NULL REFERENCES ${s}.custom_clouds (id),
        sequence integer NOT NULL,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cloud_id, sequence)
      )`,
      `CREATE INDEX transition_events_recorded ON ${s}.transition_events (recorded_at)`,
      `CREATE TABLE ${s}.delivery_leases (
        cloud_id uuid PRIMARY KEY,
        holder text NOT NULL,
        lease_until timestamptz NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'template manifests',
    sql: (s) => [
      `CREATE TABLE ${s}.template_manifests (
        version text PRIMARY KEY,
        manifest jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 3,
    name: 'the audit trail of each cloud',
    sql: (s) => [
      `CREATE TABLE ${s}.audit_entries (
        cloud_id uuid NOT NULL,
        id text NOT NULL,
        organization_id text NOT NULL,
        at timestamptz NOT NULL,
        entry jsonb NOT NULL,
        PRIMARY KEY (cloud_id, id)
      )`,
      `CREATE INDEX audit_entries_at ON ${s}.audit_entries (at)`,
    ],
  },
  {
    version: 4,
    name: 'the failed checks of every cloud, newest first',
    sql: (s) => [`CREATE INDEX audit_entries_failures ON ${s}.audit_entries (at DESC, id DESC) WHERE ${failedCheck}`],
  },
];

/** What `migrate()` did. */
export interface MigrationReport {
  /** The schema version after the call. */
  readonly version: number;
  /** The versions this call applied; empty when the schema was up to date. */
  readonly applied: readonly number[];
}

/**
 * Brings a schema up to the latest version: idempotent, versioned, and safe when several replicas
 * call it at once (they take turns on a transaction-scoped advisory lock; the first applies, the
 * others find nothing to do). Each call is one transaction: a failed migration leaves nothing.
 */
export async function migrate(sql: Sql, schema: string): Promise<MigrationReport> {
  const quoted = quoteIdentifier(schema);
  return sql.transaction('migrate the byoc-kit schema', async (query) => {
    await query('SELECT pg_advisory_xact_lock(hashtext($1))', [`byoc-kit:migrate:${schema}`]);
    await query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await query(`SELECT version FROM ${quoted}.schema_migrations ORDER BY version`);
    const done = new Set(rows.map((row) => Number(row.version)));
    const latest = migrations.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...done);
    if (newest > latest) {
      throw new ByocError({
        code: 'STORE_MIGRATION_NEWER',
        message: `The schema ${schema} is at version ${newest}, newer than this @byoc-kit/postgres knows (${latest}). Upgrade @byoc-kit/postgres on this replica.`,
        details: { schema, version: newest, known: latest },
      });
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.sql(quoted)) await query(statement);
      await query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { version: latest, applied };
  });
}

/** The latest schema version this package knows. */
export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

/** A schema name, checked and quoted: lower-case letters, digits and `_`, as PostgreSQL folds them. */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new ByocError({
      code: 'POSTGRES_SETTINGS_INVALID',
      message: `The schema name ${JSON.stringify(name.slice(0, 70))} is invalid: use 1-63 lower-case letters, digits and "_", starting with a letter or "_".`,
    });
  }
  return `"${name}"`;
}
