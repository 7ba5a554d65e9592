import {
  ByocError,
  type CustomCloud,
  type CustomCloudFilter,
  type CustomCloudStore,
  customCloudStates,
  type StoreUpdateOptions,
  type TransitionEvent,
} from '@byoc-kit/core';
import { parseInput, storeErrors, z } from '@byoc-kit/core/provider-utils';
import pg from 'pg';
import { createPostgresAudit, insertAudit } from './postgres-audit.js';
import { type MigrationReport, migrate, quoteIdentifier } from './postgres-migrations.js';
import { createPostgresOutbox } from './postgres-outbox.js';
import { type PostgresPool, type Sql, sqlOn } from './postgres-pool.js';
import { createPostgresTemplates } from './postgres-templates.js';

/** How to reach PostgreSQL: a connection string (byoc-kit makes and owns the pool), or your pool. */
export type PostgresConnection =
  | {
      /** `postgres://user:password@host:5432/database`; `?sslmode=require` and the other libpq parameters work. */
      connectionString: string;
      /** Connections in the pool, at most. Default 10. */
      max?: number;
      /** A statement running longer is cancelled (`STORE_TIMEOUT`). Default 10,000 ms. */
      statementTimeoutMs?: number;
      /** Giving up on connecting after this long (`STORE_TIMEOUT`). Default 10,000 ms. */
      connectionTimeoutMs?: number;
    }
  | {
      /** A node-postgres `Pool` (or `pglitePool(db)`); byoc-kit never ends it. */
      pool: PostgresPool;
    };

/** Options of `createPostgresStore`. */
export interface PostgresStoreOptions {
  /** The schema that holds byoc-kit's tables. Default `byoc`. */
  schema?: string;
  /** Told of errors of idle pooled connections (the server restarted, say). Default: a process warning. */
  onPoolError?: (error: Error) => void;
}

/** A store of custom clouds in PostgreSQL, with its migration and its pool. */
export interface PostgresStore extends CustomCloudStore {
  readonly schema: string;
  /** Creates or upgrades the schema; idempotent, and safe when several replicas call it at once. */
  migrate(): Promise<MigrationReport>;
  /** Ends the pool byoc-kit made; a pool you passed in stays yours to end. */
  close(): Promise<void>;
}

const connectionSchema = z.union([
  z.strictObject({
    connectionString: z.string().min(1),
    max: z.number().int().min(1).max(1000).default(10),
    statementTimeoutMs: z.number().int().min(1).max(3_600_000).default(10_000),
    connectionTimeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  }),
  z.strictObject({
    pool: z.custom<PostgresPool>(
      (value) => typeof (value as PostgresPool)?.query === 'function' && typeof (value as PostgresPool)?.connect === 'function',
      'Pass a node-postgres Pool.',
    ),
  }),
]);

/**
 * The count of clouds in each state given as `$1`: one count per state, each answered from the
 * `custom_clouds_state` index (an index-only scan once the table is vacuumed), never a read of the documents.
 */
export function countByStateSql(table: string): string {
  return `SELECT states.state, (SELECT count(*) FROM ${table} WHERE ${table}.state = states.state) AS count
    FROM unnest($1::text[]) AS states(state)`;
}

/**
 * The store for vendors running many replicas: clouds in one PostgreSQL table (the document as
 * jsonb, beside the columns filters and paging need), updates compared by version in one
 * statement, and each update's transition events written in the same transaction (the outbox
 * the workers deliver from). Every failure is a `ByocError` with a stable code; nothing is ever
 * half-written. Call `migrate()` once at start-up.
 */
export function createPostgresStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): PostgresStore {
  const parsed = parseInput(connectionSchema, connection, { what: 'PostgreSQL connection', code: 'POSTGRES_SETTINGS_INVALID' });
  const schema = options.schema ?? 'byoc';
  const table = `${quoteIdentifier(schema)}.custom_clouds`;
  let owned: pg.Pool | undefined;
  let pool: PostgresPool;
  if ('pool' in parsed) {
    pool = parsed.pool;
  } else {
    owned = new pg.Pool({
      connectionString: parsed.connectionString,
      max: parsed.max,
      statement_timeout: parsed.statementTimeoutMs,
      connectionTimeoutMillis: parsed.connectionTimeoutMs,
      application_name: 'byoc-kit',
    });
    // An idle connection the server closed must not take the process down with it.
    owned.on('error', options.onPoolError ?? ((error) => process.emitWarning(`byoc-kit PostgreSQL pool: ${error.message}`)));
    pool = owned as unknown as PostgresPool;
  }
  const sql = sqlOn(pool);

  // Rows are written by this store only, from clouds the service checked: a read checks their frame,
  // not every rule again (a full parse would cost more than the query on a hot path).
  const read = (row: { document: unknown }, doing: string): CustomCloud => {
    const cloud = row.document as CustomCloud | null;
    if (
      typeof cloud !== 'object' ||
      cloud === null ||
      typeof cloud.id !== 'string' ||
      typeof cloud.version !== 'number' ||
      !Array.isArray(cloud.history)
    ) {
      throw new ByocError({
        code: 'STORE_CORRUPT',
        message: `A row of ${schema}.custom_clouds is not a custom cloud while trying to ${doing}. Restore it from a backup.`,
        details: { schema },
      });
    }
    return cloud;
  };

  return {
    schema,
    migrate: () => migrate(sql, schema),
    close: async () => {
      await owned?.end();
    },

    async get(id) {
      if (!isUuid(id)) return undefined;
      const { rows } = await sql.query('read a custom cloud', `SELECT document FROM ${table} WHERE id = $1`, [id]);
      return rows[0] ? read(rows[0], 'read a custom cloud') : undefined;
    },

    async list(filter: CustomCloudFilter = {}) {
      const doing = 'list custom clouds';
      const conditions: string[] = [];
      const values: unknown[] = [];
      const add = (condition: (placeholder: string) => string, value: unknown) => {
        values.push(value);
        conditions.push(condition(`$${values.length}`));
      };
      if (filter.organizationId !== undefined) add((p) => `organization_id = ${p}`, filter.organizationId);
      if (filter.provider !== undefined) add((p) => `provider = ${p}`, filter.provider);
      if (filter.externalId !== undefined) add((p) => `external_id = ${p}`, filter.externalId);
      if (filter.state !== undefined)
        add((p) => `state = ANY(${p}::text[])`, typeof filter.state === 'string' ? [filter.state] : [...filter.state]);
      if (filter.after !== undefined) {
        // With an organization in the filter, a cloud of another organization is no cursor.
        const cursor = isUuid(filter.after)
          ? (
              await sql.query(doing, `SELECT created_at, id FROM ${table} WHERE id = $1 AND ($2::text IS NULL OR organization_id = $2)`, [
                filter.after,
                filter.organizationId ?? null,
              ])
            ).rows[0]
          : undefined;
        if (!cursor) throw storeErrors.listCursorInvalid(filter.after);
        values.push(cursor.created_at, cursor.id);
        conditions.push(`(created_at, id) > ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
      }
      let text = `SELECT document FROM ${table}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY created_at, id`;
      if (filter.limit !== undefined) {
        values.push(filter.limit);
        text += ` LIMIT $${values.length}`;
      }
      const { rows } = await sql.query(doing, text, values);
      return rows.map((row) => read(row, doing));
    },

    async insert(cloud) {
      try {
        await sql.query(
          'insert a custom cloud',
          `INSERT INTO ${table} (id, organization_id, provider, state, external_id, version, created_at, updated_at, document)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          columns(cloud),
        );
      } catch (error) {
        throw uniqueViolation(error, cloud) ?? error;
      }
    },

    async update(cloud, { expectedVersion, events = [], audit = [] }: StoreUpdateOptions) {
      const write = async (query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }>) => {
        const result = await query(
          `UPDATE ${table} SET organization_id = $2, provider = $3, state = $4, external_id = $5, version = $6, created_at = $7, updated_at = $8, document = $9
           WHERE id = $1 AND version = $10`,
          [...columns(cloud), expectedVersion],
        );
        if (result.rowCount === 0) {
          const { rows } = await query(`SELECT version FROM ${table} WHERE id = $1`, [cloud.id]);
          const found = rows[0] as { version: number } | undefined;
          if (!found) throw storeErrors.notFound(cloud.id);
          throw storeErrors.versionConflict(cloud.id, expectedVersion, found.version);
        }
        if (events.length > 0) await insertEvents(query, schema, events);
        if (audit.length > 0) await insertAudit(query, schema, audit);
      };
      try {
        if (events.length === 0 && audit.length === 0) await write((text, values) => sql.query('update a custom cloud', text, values));
        else await sql.transaction('update a custom cloud and store its transitions', write);
      } catch (error) {
        throw uniqueViolation(error, cloud) ?? error;
      }
    },

    async countByState() {
      // One count per state, each an index-only range of custom_clouds_state: never a read of the documents.
      const { rows } = await sql.query('count custom clouds by state', countByStateSql(table), [customCloudStates]);
      return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
    },
    outbox: createPostgresOutbox(sql, schema),
    templates: createPostgresTemplates(sql, schema),
    audit: createPostgresAudit(sql, schema),
  };
}

/** The column values of a cloud, in the order of the INSERT and UPDATE statements. */
function columns(cloud: CustomCloud): unknown[] {
  return [
    cloud.id,
    cloud.organizationId,
    cloud.provider,
    cloud.state,
    cloud.externalId,
    cloud.version,
    cloud.createdAt,
    cloud.updatedAt,
    JSON.stringify(cloud),
  ];
}

async function insertEvents(
  query: (text: string, values?: unknown[]) => Promise<unknown>,
  schema: string,
  events: readonly TransitionEvent[],
): Promise<void> {
  await query(
    `INSERT INTO ${quoteIdentifier(schema)}.transition_events (id, cloud_id, sequence, payload)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::integer[], $4::jsonb[])`,
    [
      events.map((event) => event.id),
      events.map((event) => event.cloudId),
      events.map((event) => event.sequence),
      events.map((event) => JSON.stringify(event)),
    ],
  );
}

function uniqueViolation(error: unknown, cloud: CustomCloud): ByocError | undefined {
  const cause = ByocError.isInstance(error) ? error.cause : error;
  const value = cause as { code?: unknown; constraint?: unknown } | null;
  if (value?.code !== '23505') return undefined;
  if (value.constraint === 'custom_clouds_external_id') return storeErrors.externalIdInUse();
  if (value.constraint === 'custom_clouds_pkey') return storeErrors.exists(cloud.id);
  return undefined;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export type { Sql };
