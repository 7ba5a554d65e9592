import { createPostgresStore } from './postgres-store.js';

/** Opens the store of a test in a child process (the store conformance suite's writers). */
export async function openStore(config: { connectionString: string; schema: string }) {
  return createPostgresStore({ connectionString: config.connectionString }, { schema: config.schema });
}
