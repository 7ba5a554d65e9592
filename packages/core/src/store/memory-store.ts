import type { CustomCloud } from '../domain/index.js';
import type { TemplateManifest } from '../templates/index.js';
import { createMemoryAudit } from './memory-audit.js';
import { type OutboxRecord, outboxOver, outboxRecordsOf } from './outbox-records.js';
import { byCreation, type CustomCloudFilter, type CustomCloudStore, pageOf } from './store.js';
import { storeErrors } from './store-errors.js';

/** A store in process memory: for tests and for trying byoc-kit out. Nothing survives a restart. */
export function createMemoryStore(initial: readonly CustomCloud[] = []): CustomCloudStore {
  const clouds = new Map<string, CustomCloud>();
  const externalIds = new Map<string, string>();
  // Creation order, kept sorted on insert: a page is a slice, never a sort of every cloud.
  const sorted: CustomCloud[] = [];
  let records: OutboxRecord[] = [];
  const audit = createMemoryAudit();
  const manifests = new Map<string, TemplateManifest>();

  const place = (cloud: CustomCloud) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byCreation(sorted[middle] as CustomCloud, cloud) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const holderOf = (externalId: string) => externalIds.get(externalId);
  const put = (cloud: CustomCloud) => {
    const copy = structuredClone(cloud);
    const previous = clouds.get(cloud.id);
    if (previous && previous.createdAt === copy.createdAt) {
      sorted[place(previous)] = copy;
    } else {
      if (previous) sorted.splice(place(previous), 1);
      sorted.splice(place(copy), 0, copy);
    }
    if (previous && previous.externalId !== copy.externalId) externalIds.delete(previous.externalId);
    clouds.set(copy.id, copy);
    externalIds.set(copy.externalId, copy.id);
  };
  for (const cloud of initial) put(cloud);

  return {
    async get(id) {
      const cloud = clouds.get(id);
      return cloud === undefined ? undefined : structuredClone(cloud);
    },
    async list(filter?: CustomCloudFilter) {
      if (filter?.externalId !== undefined && filter.after === undefined) {
        const holder = holderOf(filter.externalId);
        const cloud = holder === undefined ? undefined : clouds.get(holder);
        return cloud ? pageOf([cloud], filter).map((found) => structuredClone(found)) : [];
      }
      return pageOf(sorted, filter).map((cloud) => structuredClone(cloud));
    },
    async insert(cloud) {
      // Checks and write happen in one synchronous step, so concurrent calls cannot interleave.
      if (clouds.has(cloud.id)) throw storeErrors.exists(cloud.id);
      if (holderOf(cloud.externalId) !== undefined) throw storeErrors.externalIdInUse();
      put(cloud);
    },
    async update(cloud, { expectedVersion, events, audit: entries }) {
      const current = clouds.get(cloud.id);
      if (current === undefined) throw storeErrors.notFound(cloud.id);
      if (current.version !== expectedVersion) throw storeErrors.versionConflict(cloud.id, expectedVersion, current.version);
      const holder = holderOf(cloud.externalId);
      if (holder !== undefined && holder !== cloud.id) throw storeErrors.externalIdInUse();
      put(cloud);
      records = [...records, ...outboxRecordsOf(events, Date.now())];
      audit.add(entries);
    },
    audit: { append: audit.append, list: audit.list, recentFailures: audit.recentFailures },
    async countByState() {
      const counts: Partial<Record<CustomCloud['state'], number>> = {};
      for (const cloud of sorted) counts[cloud.state] = (counts[cloud.state] ?? 0) + 1;
      return counts;
    },
    templates: {
      get: async (version) => structuredClone(manifests.get(version)),
      put: async (manifest) => {
        if (!manifests.has(manifest.version)) manifests.set(manifest.version, structuredClone(manifest));
      },
    },
    outbox: outboxOver({
      read: async (operation) => operation(records),
      write: async (change) => {
        records = change(records);
      },
    }),
  };
}
