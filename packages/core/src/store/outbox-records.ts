import type { AuditEntry, TransitionEvent } from '../domain/index.js';
import type { AuditTrail, TransitionOutbox } from './store.js';

/** One event as a store keeps it in its outbox. */
export interface OutboxRecord {
  readonly event: TransitionEvent;
  /** When the store wrote it, in ms since the epoch. */
  readonly recordedAt: number;
}

/**
 * The outbox of a store that holds its records at hand (memory, JSON file): the records live with
 * the store's data, the delivery leases in this process.
 */
export function outboxOver(access: {
  /** Runs an operation on the records, in the store's own order of operations. */
  read<T>(operation: (records: readonly OutboxRecord[]) => T): Promise<T>;
  /** Replaces the records, in the store's own order of operations. */
  write(change: (records: readonly OutboxRecord[]) => OutboxRecord[]): Promise<void>;
  now?: () => number;
}): TransitionOutbox {
  const now = access.now ?? Date.now;
  const leases = new Map<string, { holder: string; until: number }>();
  return {
    pending: (cloudId, options = {}) =>
      access.read((records) =>
        records
          .filter((record) => record.event.cloudId === cloudId)
          .map((record) => structuredClone(record.event))
          .sort((a, b) => a.sequence - b.sequence)
          .slice(0, options.limit ?? 100),
      ),
    markDelivered: (cloudId, eventIds) =>
      access.write((records) => records.filter((record) => record.event.cloudId !== cloudId || !eventIds.includes(record.event.id))),
    pendingClouds: ({ olderThanMs, limit }) =>
      access.read((records) => {
        const cutoff = now() - olderThanMs;
        const oldest = new Map<string, number>();
        for (const record of records) {
          if (record.recordedAt > cutoff) continue;
          const seen = oldest.get(record.event.cloudId);
          if (seen === undefined || record.recordedAt < seen) oldest.set(record.event.cloudId, record.recordedAt);
        }
        return [...oldest.entries()]
          .sort((a, b) => a[1] - b[1])
          .slice(0, limit)
          .map(([cloudId]) => cloudId);
      }),
    async claimDelivery(cloudId, holder, leaseMs) {
      const lease = leases.get(cloudId);
      if (lease && lease.holder !== holder && lease.until > now()) return false;
      leases.set(cloudId, { holder, until: now() + leaseMs });
      return true;
    },
    async releaseDelivery(cloudId, holder) {
      if (leases.get(cloudId)?.holder === holder) leases.delete(cloudId);
    },
  };
}

/** The records an update adds, stamped now. */
export function outboxRecordsOf(events: readonly TransitionEvent[] | undefined, now: number): OutboxRecord[] {
  return (events ?? []).map((event) => ({ event: structuredClone(event), recordedAt: now }));
}

/** The most recent audit entries a store that holds them in memory or a file keeps per cloud. */
export const auditEntriesKept = 1_000;

/**
 * An audit trail over entries held at hand (memory, JSON file): appended in id order, the oldest of a
 * cloud dropped past `auditEntriesKept`.
 */
export function auditOver(access: {
  read<T>(operation: (entries: readonly AuditEntry[]) => T): Promise<T>;
  write(change: (entries: readonly AuditEntry[]) => AuditEntry[]): Promise<void>;
}): AuditTrail {
  return {
    append: (entries) => access.write((current) => appendAudit(current, entries)),
    list: (cloudId, options = {}) =>
      access.read((entries) =>
        entries
          .filter((entry) => entry.cloudId === cloudId && (options.after === undefined || entry.id > options.after))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .slice(0, options.limit ?? 100)
          .map((entry) => structuredClone(entry)),
      ),
    recentFailures: (options = {}) =>
      access.read((entries) =>
        entries
          .filter(isFailedCheck)
          .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
          .slice(0, options.limit ?? 50)
          .map((entry) => structuredClone(entry)),
      ),
  };
}

/** A verification or health check that did not pass. */
export function isFailedCheck(entry: AuditEntry): boolean {
  return entry.kind !== 'transition' && entry.outcome !== 'ok';
}

/** `current` with `added`, each cloud's oldest entries dropped past `auditEntriesKept`. */
export function appendAudit(current: readonly AuditEntry[], added: readonly AuditEntry[] | undefined): AuditEntry[] {
  if (added === undefined || added.length === 0) return [...current];
  const all = [...current, ...added.map((entry) => structuredClone(entry))];
  const perCloud = new Map<string, number>();
  for (const entry of all) perCloud.set(entry.cloudId, (perCloud.get(entry.cloudId) ?? 0) + 1);
  if ([...perCloud.values()].every((count) => count <= auditEntriesKept)) return all;
  const sorted = all.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const seen = new Map<string, number>();
  return sorted
    .filter((entry) => {
      const count = (seen.get(entry.cloudId) ?? 0) + 1;
      seen.set(entry.cloudId, count);
      return count <= auditEntriesKept;
    })
    .reverse();
}
