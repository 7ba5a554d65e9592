import type { JobQueue } from '@byoc-kit/core';
import { testRuntime } from '@byoc-kit/core/testing';
import { createPostgresJobQueue } from './postgres-job-queue.js';
import { createPostgresStore } from './postgres-store.js';
import { describeWithServer, dropSchemas, freshSchema, postgresUrl } from './test-database.js';

// The runtime's behaviour on pg-boss: every service of a test has its own pg-boss instance on one
// database, as replicas do.
describeWithServer('on pg-boss', () => {
  testRuntime('createPostgresJobQueue', async () => {
    const schema = freshSchema();
    const bossSchema = freshSchema('pgboss_t');
    const store = createPostgresStore({ connectionString: postgresUrl as string }, { schema });
    await store.migrate();
    const queues: JobQueue[] = [];
    return {
      store,
      queue() {
        const queue = createPostgresJobQueue(
          { connectionString: postgresUrl as string, schema: bossSchema, max: 5 },
          { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, onError: () => undefined },
        );
        queues.push(queue);
        return queue;
      },
      latencyMs: 500,
      async close() {
        await Promise.all(queues.map((queue) => queue.stop({ graceMs: 500 })));
        await store.close();
        await dropSchemas([schema, bossSchema]);
      },
    };
  });
});
