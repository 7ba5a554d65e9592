import type { TransitionEvent } from '../domain/index.js';
import type { TransitionOutbox } from './store.js';

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
