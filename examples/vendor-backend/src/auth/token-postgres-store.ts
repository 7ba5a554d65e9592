import { ByocError } from '@byoc-kit/core';
import pg from 'pg';
import type { ApiTokenRecord, ApiTokenStore } from './api-tokens.js';

/** A token store every replica shares, with `migrate()` to run at start-up. */
export interface PostgresTokenStore extends ApiTokenStore {
  /** Creates the schema and the table when missing; replicas starting together take turns. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

interface TokenRow {
  id: string;
  organization_ids: string[];
  name: string;
  secret_hash: string;
  created_at: Date;
  operator: boolean;
}

/**
 * Tokens in PostgreSQL, in the schema `schema` (default `byoc_auth`), beside the store's: one row
 * a token, its organizations in an indexed array, the secret's hash only.
 */
export function createPostgresTokenStore(options: { connectionString: string; schema?: string }): PostgresTokenStore {
  const schema = options.schema ?? 'byoc_auth';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ByocError({ code: 'INPUT_INVALID', message: `Schema ${JSON.stringify(schema)}: use lower-case letters, digits and "_".` });
  }
  const table = `"${schema}".api_tokens`;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
  const read = (row: TokenRow): ApiTokenRecord => ({
    id: row.id,
    organizationIds: row.organization_ids,
    name: row.name,
    secretHash: row.secret_hash,
    createdAt: row.created_at.toISOString(),
    ...(row.operator ? { operator: true } : {}),
  });
  return {
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // One migrating replica at a time: CREATE ... IF NOT EXISTS races with itself otherwise.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`byoc-kit api tokens ${schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
          id text PRIMARY KEY,
          organization_ids text[] NOT NULL,
          name text NOT NULL,
          secret_hash text NOT NULL,
          created_at timestamptz NOT NULL
        )`);
        await client.query(`CREATE INDEX IF NOT EXISTS api_tokens_organizations ON ${table} USING gin (organization_ids)`);
        // Operator tokens (the status page) came later: a table from before gets the column.
        await client.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS operator boolean NOT NULL DEFAULT false`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async get(id) {
      const { rows } = await pool.query<TokenRow>(`SELECT * FROM ${table} WHERE id = $1`, [id]);
      return rows[0] === undefined ? undefined : read(rows[0]);
    },
    async insert(record) {
      await pool.query(
        `INSERT INTO ${table} (id, organization_ids, name, secret_hash, created_at, operator) VALUES ($1, $2, $3, $4, $5, $6)`,
        [record.id, record.organizationIds, record.name, record.secretHash, record.createdAt, record.operator === true],
      );
    },
    async list(organizationId) {
      const { rows } =
        organizationId === undefined
          ? await pool.query<TokenRow>(`SELECT * FROM ${table} ORDER BY created_at, id`)
          : await pool.query<TokenRow>(`SELECT * FROM ${table} WHERE organization_ids @> ARRAY[$1] ORDER BY created_at, id`, [
              organizationId,
            ]);
      return rows.map(read);
    },
    async revoke(id) {
      return ((await pool.query(`DELETE FROM ${table} WHERE id = $1`, [id])).rowCount ?? 0) > 0;
    },
    async removeOrganization(organizationId) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const changed = await client.query(
          `UPDATE ${table} SET organization_ids = array_remove(organization_ids, $1) WHERE organization_ids @> ARRAY[$1]`,
          [organizationId],
        );
        await client.query(`DELETE FROM ${table} WHERE cardinality(organization_ids) = 0 AND NOT operator`);
        await client.query('COMMIT');
        return changed.rowCount ?? 0;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
