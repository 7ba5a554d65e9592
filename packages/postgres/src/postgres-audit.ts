import type { AuditEntry, AuditTrail } from '@byoc-kit/core';
import { failedCheck, quoteIdentifier } from './postgres-migrations.js';
import type { Sql } from './postgres-pool.js';

type Query = (text: string, values?: unknown[]) => Promise<unknown>;

/**
 * The audit trail in PostgreSQL: one row an entry, keyed by cloud and id, so a page of one cloud is
 * an index range scan whatever the number of clouds. Entries are kept: retention is the vendor's
 * (`DELETE ... WHERE at < ...`), as its own compliance says.
 */
export function createPostgresAudit(sql: Sql, schema: string): AuditTrail {
  const table = `${quoteIdentifier(schema)}.audit_entries`;
  return {
    append: async (entries) => {
      if (entries.length > 0) await insertAudit((text, values) => sql.query('record audit entries', text, values), schema, entries);
    },
    async list(cloudId, options = {}) {
      const { rows } = await sql.query(
        'read the audit log of a custom cloud',
        `SELECT entry FROM ${table} WHERE cloud_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [cloudId, options.after ?? null, options.limit ?? 100],
      );
      return rows.map(entryOf);
    },
    async recentFailures(options = {}) {
      // The predicate is the partial index audit_entries_failures's, word for word: it walks that index newest first.
      const { rows } = await sql.query(
        'read the recent failed checks',
        `SELECT entry FROM ${table} WHERE ${failedCheck} ORDER BY at DESC, id DESC LIMIT $1`,
        [options.limit ?? 50],
      );
      return rows.map(entryOf);
    },
  };
}

const entryOf = (row: { entry: unknown }) => (typeof row.entry === 'string' ? JSON.parse(row.entry) : row.entry) as AuditEntry;

/** Writes audit entries with `query`: in the update's transaction, or alone. */
export async function insertAudit(query: Query, schema: string, entries: readonly AuditEntry[]): Promise<void> {
  await query(
    `INSERT INTO ${quoteIdentifier(schema)}.audit_entries (cloud_id, id, organization_id, at, entry)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
     ON CONFLICT (cloud_id, id) DO NOTHING`,
    [
      entries.map((entry) => entry.cloudId),
      entries.map((entry) => entry.id),
      entries.map((entry) => entry.organizationId),
      entries.map((entry) => entry.at),
      entries.map((entry) => JSON.stringify(entry)),
    ],
  );
}
