import type { AuditEntry } from '../domain/index.js';
import { auditEntriesKept, isFailedCheck } from './outbox-records.js';
import type { AuditTrail } from './store.js';

const byId = (a: AuditEntry, b: AuditEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The memory store's audit trail: each cloud's entries in their own list, in id (time) order, its
 * oldest dropped past `auditEntriesKept`. An append costs what it adds, whatever the number of
 * clouds and entries (a health sweep of 10,000 clouds appends 10,000 times).
 */
export function createMemoryAudit(): AuditTrail & { add(entries: readonly AuditEntry[] | undefined): void } {
  const byCloud = new Map<string, AuditEntry[]>();
  const add = (entries: readonly AuditEntry[] | undefined) => {
    for (const entry of entries ?? []) {
      let list = byCloud.get(entry.cloudId);
      if (list === undefined) {
        list = [];
        byCloud.set(entry.cloudId, list);
      }
      list.push(structuredClone(entry));
      // Entries come in time order but for ties of the same millisecond; keep the list sorted.
      if (list.length > 1 && byId(list.at(-2) as AuditEntry, entry) > 0) list.sort(byId);
      if (list.length > auditEntriesKept) list.splice(0, list.length - auditEntriesKept);
    }
  };
  return {
    add,
    append: async (entries) => add(entries),
    list: async (cloudId, options = {}) =>
      (byCloud.get(cloudId) ?? [])
        .filter((entry) => options.after === undefined || entry.id > options.after)
        .slice(0, options.limit ?? 100)
        .map((entry) => structuredClone(entry)),
    recentFailures: async (options = {}) =>
      [...byCloud.values()]
        .flatMap((entries) => entries.filter(isFailedCheck))
        .sort((a, b) => byId(b, a))
        .slice(0, options.limit ?? 50)
        .map((entry) => structuredClone(entry)),
  };
}
