import { testStore } from '@byoc-kit/core/testing';
import { PGlite } from '@electric-sql/pglite';
import { afterAll } from 'vitest';
import { pglitePool } from './postgres-pool.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import { describeWithServer, dropSchemas, freshSchema, postgresUrl } from './test-database.js';

const schemas: string[] = [];
const stores: PostgresStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  await dropSchemas(schemas);
});

describeWithServer('on a PostgreSQL server', () => {
  testStore(
    'createPostgresStore',
    async () => {
      const schema = freshSchema();
      schemas.push(schema);
      const store = createPostgresStore({ connectionString: postgresUrl as string }, { schema });
      stores.push(store);
      await store.migrate();
      return store;
    },
    {
      processes: {
        module: new URL('./test-open-store.ts', import.meta.url).pathname,
        count: 4,
        config: (store) => ({ connectionString: postgresUrl, schema: (store as PostgresStore).schema }),
      },
    },
  );
});

// The same SQL in process, on PGlite: a machine without a server still tests it.
const pglite = new PGlite();
testStore('createPostgresStore on PGlite', async () => {
  const store = createPostgresStore({ pool: pglitePool(pglite) }, { schema: freshSchema() });
  await store.migrate();
  return store;
});
