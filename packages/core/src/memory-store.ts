import type { CustomCloud } from './custom-cloud-schema.js';
import { byCreation, type CustomCloudFilter, type CustomCloudStore, matchesFilter } from './store.js';
import { storeErrors } from './store-errors.js';

/** A store in process memory: for tests and for trying byoc-kit out. Nothing survives a restart. */
export function createMemoryStore(initial: readonly CustomCloud[] = []): CustomCloudStore {
  const clouds = new Map<string, CustomCloud>(initial.map((cloud) => [cloud.id, structuredClone(cloud)]));
  return {
    async get(id) {
      const cloud = clouds.get(id);
      return cloud === undefined ? undefined : structuredClone(cloud);
    },
    async list(filter?: CustomCloudFilter) {
      return [...clouds.values()]
        .filter((cloud) => matchesFilter(cloud, filter))
        .sort(byCreation)
        .map((cloud) => structuredClone(cloud));
    },
    async insert(cloud) {
      if (clouds.has(cloud.id)) throw storeErrors.exists(cloud.id);
      clouds.set(cloud.id, structuredClone(cloud));
    },
    async update(cloud, { expectedVersion }) {
      // Check and write happen in one synchronous step, so concurrent updates cannot interleave.
      const current = clouds.get(cloud.id);
      if (current === undefined) throw storeErrors.notFound(cloud.id);
      if (current.version !== expectedVersion) throw storeErrors.versionConflict(cloud.id, expectedVersion, current.version);
      clouds.set(cloud.id, structuredClone(cloud));
    },
  };
}
