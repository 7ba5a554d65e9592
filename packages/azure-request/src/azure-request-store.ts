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
  put(record: AzureRequestRecord): Promise<void>;
}

/** An in-memory request store. */
export function createMemoryAzureRequestStore(): AzureRequestStore {
  const records = new Map<string, AzureRequestRecord>();
  return {
    get: async (id) => (records.has(id) ? structuredClone(records.get(id)) : undefined),
    put: async (record) => {
      records.set(record.customCloudId, structuredClone(record));
    },
  };
}
