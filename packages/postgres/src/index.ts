export { type PostgresErrorCode, postgresErrorCodes } from './postgres-errors.js';
export {
  createPostgresJobQueue,
  type PostgresJobQueueConnection,
  type PostgresJobQueueOptions,
} from './postgres-job-queue.js';
export { latestSchemaVersion, type MigrationReport } from './postgres-migrations.js';
export { type PoolClient, type PostgresPool, pglitePool, type QueryResult } from './postgres-pool.js';
export { createPostgresStore, type PostgresConnection, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
