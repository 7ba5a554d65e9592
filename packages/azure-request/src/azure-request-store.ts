import { ByocError } from '@byoc-kit/core';
import type { AzureRequestDocument } from './azure-request-document.js';

/** Where an Azure request stands. */
export const azureRequestStates = ['submitted', 'acknowledged', 'in_progress', 'fulfilled', 'rejected'] as const;
export type AzureRequestState = (typeof azureRequestStates)[number];

/** One request, as delivered and as the vendor's team updated it. */
export interface AzureRequestRecord {
  readonly customCloudId: string;
  readonly requestVersion: number;
  readonly digest: string;
  readonly idempotencyKey: string;
  readonly state: AzureRequestState;
  readonly document: AzureRequestDocument;
  readonly reference?: string | undefined;
  readonly reason?: string | undefined;
  /** What the team reports it built, when fulfilled. */
  readonly fulfilment?: { readonly subscriptionId: string; readonly resourceGroup?: string | undefined } | undefined;
  /**
   * Bumped by every write: a store compares it (`put`'s `expectedRevision`) so two replicas cannot
   * both apply an update read at the same revision. Absent in records written before it existed.
   */
  readonly revision?: number | undefined;
  /** Ids of the signed status updates already applied (the latest 200): a replay is refused on any replica, after any restart. */
  readonly receivedUpdates?: readonly string[] | undefined;
  readonly history: readonly {
    readonly state: AzureRequestState;
    readonly at: string;
    readonly actor: string;
    readonly note?: string | undefined;
  }[];
}

/**
 * Where the adapter keeps requests. The default keeps them in memory; a vendor whose backend runs
 * several replicas, or restarts, passes one backed by its database.
 */
export interface AzureRequestStore {
  get(customCloudId: string): Promise<AzureRequestRecord | undefined>;
  /**
   * Writes a record. With `expectedRevision`, writes only while the stored record is at that
   * revision (none stored counts as 0), else raises `REQUEST_CHANGED`: a database-backed store
   * compares it in the same statement as the write.
   */
  put(record: AzureRequestRecord, options?: { expectedRevision?: number }): Promise<void>;
}

/** `REQUEST_CHANGED`: the request was written by someone else since it was read. */
export function requestChanged(customCloudId: string): ByocError {
  return new ByocError({
    code: 'REQUEST_CHANGED',
    message: `The Azure request of ${customCloudId} changed while this update was applied (another replica took an update at the same time). Send the update again if it still applies.`,
    details: { customCloudId },
    isRetryable: true,
  });
}

/** An in-memory request store, for one process: it is empty again after a restart. */
export function createMemoryAzureRequestStore(): AzureRequestStore {
  const records = new Map<string, AzureRequestRecord>();
  return {
    get: async (id) => (records.has(id) ? structuredClone(records.get(id)) : undefined),
    put: async (record, options = {}) => {
      const current = records.get(record.customCloudId);
      if (options.expectedRevision !== undefined && (current?.revision ?? 0) !== options.expectedRevision) {
        throw requestChanged(record.customCloudId);
      }
      records.set(record.customCloudId, structuredClone(record));
    },
  };
}
