import { ByocError, type CustomCloud } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import { describeWithServer, dropSchemas, freshSchema, postgresUrl } from './test-database.js';

// The faults a store meets in production, each a ByocError with a stable code, the password never
// in it, and nothing half-written.

const schemas: string[] = [];
const stores: PostgresStore[] = [];
let admin: pg.Client;
beforeAll(async () => {
  if (!postgresUrl) return;
  admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await admin?.end();
  await dropSchemas(schemas);
});

const password = () => new URL(postgresUrl as string).password;
const withPassword = (value: string) => {
  const url = new URL(postgresUrl as string);
  url.password = value;
  return url.toString();
};

async function freshStore(connection: Record<string, unknown> = {}): Promise<PostgresStore> {
  const schema = freshSchema();
  schemas.push(schema);
  const store = createPostgresStore({ connectionString: postgresUrl as string, ...connection } as never, { schema });
  stores.push(store);
  await store.migrate();
  return store;
}

let clouds = 0;
function aCloud(): CustomCloud {
  clouds += 1;
  return makeCustomCloud(
    { organizationId: 'org-faults', displayName: 'Faults', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' },
    {
      id: `00000000-0000-4000-8000-${String(clouds).padStart(12, '0')}`,
      externalId: `FaultsExternalId${String(clouds).padStart(16, '0')}`,
    },
  );
}

async function refusal(promise: Promise<unknown>): Promise<ByocError> {
  try {
    await promise;
  } catch (error) {
    if (ByocError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ByocError');
}

function expectNoPassword(error: ByocError, ...secrets: string[]) {
  const text = JSON.stringify({ ...error.toJSON(), stack: error.stack });
  for (const secret of [password(), ...secrets]) expect(text).not.toContain(secret);
}

describeWithServer('createPostgresStore faults', () => {
  it('answers a refused connection with STORE_UNAVAILABLE, retryable', async () => {
    const url = new URL(postgresUrl as string);
    url.port = '1';
    const store = createPostgresStore({ connectionString: url.toString(), connectionTimeoutMs: 2_000 });
    stores.push(store);
    const error = await refusal(store.get(aCloud().id));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', isRetryable: true });
    expectNoPassword(error);
  });

  it('answers a wrong password with STORE_AUTH_FAILED, naming neither password', async () => {
    const wrong = 'NotThePassword-0123456789';
    const store = createPostgresStore({ connectionString: withPassword(wrong) });
    stores.push(store);
    const error = await refusal(store.list());
    expect(error).toMatchObject({ code: 'STORE_AUTH_FAILED', isRetryable: false });
    expect(error.message).toContain('password');
    expectNoPassword(error, wrong);
  });

  it('answers a store used before migrate() with STORE_NOT_MIGRATED', async () => {
    const store = createPostgresStore({ connectionString: postgresUrl as string }, { schema: freshSchema('byoc_unmigrated') });
    stores.push(store);
    expect((await refusal(store.list())).code).toBe('STORE_NOT_MIGRATED');
  });

  it('answers a statement past statement_timeout with STORE_TIMEOUT, retryable, and writes nothing', async () => {
    const store = await freshStore({ statementTimeoutMs: 300 });
    const cloud = aCloud();
    await store.insert(cloud);
    await admin.query('BEGIN');
    await admin.query(`SELECT 1 FROM "${store.schema}".custom_clouds WHERE id = $1 FOR UPDATE`, [cloud.id]);
    const error = await refusal(store.update({ ...cloud, displayName: 'late', version: 2 }, { expectedVersion: 1 }));
    await admin.query('ROLLBACK');
    expect(error).toMatchObject({ code: 'STORE_TIMEOUT', isRetryable: true });
    expectNoPassword(error);
    expect(await store.get(cloud.id)).toEqual(cloud);
  });

  it('answers a serialization failure with STORE_CONFLICT, retryable, and writes neither the cloud nor its events', async () => {
    const store = await freshStore({
      connectionString: `${postgresUrl}${postgresUrl?.includes('?') ? '&' : '?'}options=-c%20default_transaction_isolation%3Dserializable`,
    });
    const cloud = aCloud();
    await store.insert(cloud);
    await admin.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await admin.query(`UPDATE "${store.schema}".custom_clouds SET updated_at = now() WHERE id = $1`, [cloud.id]);
    const next = { ...cloud, state: 'validating' as const, version: 2 };
    const event = {
      id: `${cloud.id}/1`,
      sequence: 1,
      cloudId: cloud.id,
      organizationId: cloud.organizationId,
      cloud: next,
      from: 'draft',
      to: 'validating',
      event: 'submitAccess',
      at: cloud.createdAt,
      actor: 'test',
    } as const;
    const pending = refusal(store.update(next, { expectedVersion: 1, events: [event] }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await admin.query('COMMIT');
    const error = await pending;
    expect(error).toMatchObject({ code: 'STORE_CONFLICT', isRetryable: true });
    expect((await store.get(cloud.id))?.state).toBe('draft');
    expect(await store.outbox?.pending(cloud.id)).toEqual([]);
  });

  it('answers a server that ends the connection mid-query with STORE_UNAVAILABLE, retryable, and writes nothing', async () => {
    const store = await freshStore({ statementTimeoutMs: 30_000 });
    const cloud = aCloud();
    await store.insert(cloud);
    await admin.query('BEGIN');
    await admin.query(`SELECT 1 FROM "${store.schema}".custom_clouds WHERE id = $1 FOR UPDATE`, [cloud.id]);
    const pending = refusal(store.update({ ...cloud, displayName: 'cut off', version: 2 }, { expectedVersion: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // What a server shutdown does to a session: the same administrator command, for one backend.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'byoc-kit' AND wait_event_type = 'Lock' AND query LIKE 'UPDATE%'",
    );
    const error = await pending;
    await admin.query('ROLLBACK');
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', isRetryable: true });
    expectNoPassword(error);
    expect(await store.get(cloud.id)).toEqual(cloud);
  });

  it('writes neither a cloud nor any of its events when one event cannot be written', async () => {
    const store = await freshStore();
    const cloud = aCloud();
    await store.insert(cloud);
    // An event row with the id the update will write: the transaction must fail whole.
    await admin.query(`INSERT INTO "${store.schema}".transition_events (id, cloud_id, sequence, payload) VALUES ($1, $2, 99, '{}')`, [
      `${cloud.id}/2`,
      cloud.id,
    ]);
    const next = { ...cloud, state: 'validating' as const, version: 2 };
    const base = { cloudId: cloud.id, organizationId: cloud.organizationId, cloud: next, at: cloud.createdAt, actor: 'test' };
    const events = [
      { ...base, id: `${cloud.id}/1`, sequence: 1, from: 'draft', to: 'validating', event: 'submitAccess' },
      { ...base, id: `${cloud.id}/2`, sequence: 2, from: 'validating', to: 'creating', event: 'accessVerified' },
    ] as const;
    await expect(store.update(next, { expectedVersion: 1, events: [...events] })).rejects.toBeInstanceOf(Error);
    expect(await store.get(cloud.id)).toEqual(cloud);
    expect((await admin.query(`SELECT id FROM "${store.schema}".transition_events WHERE id = $1`, [`${cloud.id}/1`])).rowCount).toBe(0);
  });

  it('migrates once when four replicas call migrate() at the same moment, and again changes nothing', async () => {
    const schema = freshSchema('byoc_migrate');
    schemas.push(schema);
    const replicas = Array.from({ length: 4 }, () => createPostgresStore({ connectionString: postgresUrl as string }, { schema }));
    stores.push(...replicas);
    const reports = await Promise.all(replicas.map((replica) => replica.migrate()));
    expect(reports.filter((report) => report.applied.length > 0)).toHaveLength(1);
    expect(reports.map((report) => report.version)).toEqual([4, 4, 4, 4]);
    expect((await replicas[0]?.migrate())?.applied).toEqual([]);
    const { rows } = await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
  });

  it('refuses a schema migrated by a newer version with STORE_MIGRATION_NEWER', async () => {
    const store = await freshStore();
    await admin.query(`INSERT INTO "${store.schema}".schema_migrations (version, name) VALUES (99, 'from the future')`);
    expect((await refusal(store.migrate())).code).toBe('STORE_MIGRATION_NEWER');
  });

  it.each([
    ['no connection', {}],
    ['an empty connection string', { connectionString: '' }],
    ['a pool without connect', { pool: { query: async () => ({ rows: [], rowCount: 0 }) } }],
  ])('refuses %s with POSTGRES_SETTINGS_INVALID', (_, connection) => {
    expect(() => createPostgresStore(connection as never)).toThrow(expect.objectContaining({ code: 'POSTGRES_SETTINGS_INVALID' }));
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ connectionString: postgresUrl as string }, { schema: 'byoc; DROP TABLE x' })).toThrow(
      expect.objectContaining({ code: 'POSTGRES_SETTINGS_INVALID' }),
    );
  });
});
