import { ByocError } from '@byoc-kit/core';
import { storeError } from './postgres-errors.js';

/** A query result: the rows, and how many rows a write touched. */
export interface QueryResult {
  // biome-ignore lint/suspicious/noExplicitAny: rows are read column by column, each checked where it is read.
  rows: any[];
  rowCount: number | null;
}

/** A connection taken from a pool, for a transaction. */
export interface PoolClient {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
  release(error?: Error | boolean): void;
}

/**
 * The part of a node-postgres `Pool` byoc-kit uses: a `pg.Pool` fits, and so does `pglitePool(db)`
 * around a PGlite database.
 */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
  connect(): Promise<PoolClient>;
}

/** Queries on a pool, every failure a `ByocError`, and transactions that commit whole or not at all. */
export function sqlOn(pool: PostgresPool) {
  return {
    async query(doing: string, text: string, values: unknown[] = []): Promise<QueryResult> {
      try {
        return await pool.query(text, values);
      } catch (error) {
        throw storeError(error, doing);
      }
    },
    /** Runs `work` in one transaction; any failure rolls it back and leaves nothing written. */
    async transaction<T>(
      doing: string,
      work: (query: (text: string, values?: unknown[]) => Promise<QueryResult>) => Promise<T>,
    ): Promise<T> {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw storeError(error, doing);
      }
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await work((text, values = []) => client.query(text, values));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = error;
        await client.query('ROLLBACK').catch(() => undefined);
        throw storeError(error, doing);
      } finally {
        // A connection that failed mid-transaction is dropped, never reused.
        client.release(broken !== undefined && !isPlainRefusal(broken));
      }
    },
  };
}

/** The SQL of a store, bound to a pool. */
export type Sql = ReturnType<typeof sqlOn>;

// Refusals the store raises itself (a version conflict) leave the connection healthy.
function isPlainRefusal(error: unknown): boolean {
  return ByocError.isInstance(error);
}

/**
 * A PGlite database as a pool: one connection, so transactions take turns. For tests and for
 * machines without a PostgreSQL server; the SQL is PostgreSQL's own.
 */
export function pglitePool(db: {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
}): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  const turn = async () => {
    let release: () => void = () => undefined;
    const previous = tail;
    tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  };
  const run = async (text: string, values?: unknown[]): Promise<QueryResult> => {
    const result = await db.query(text, values);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    async query(text, values) {
      const release = await turn();
      try {
        return await run(text, values);
      } finally {
        release();
      }
    },
    async connect() {
      const release = await turn();
      return { query: run, release: () => release() };
    },
  };
}
