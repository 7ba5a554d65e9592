import type { AuditEntry, CloudProviderId, CustomCloud, CustomCloudState, TransitionEvent } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { TemplateManifest } from '../templates/index.js';

/** What `list` filters on; every given field must match. */
export interface CustomCloudFilter {
  readonly organizationId?: string;
  readonly provider?: CloudProviderId;
  readonly state?: CustomCloudState | readonly CustomCloudState[];
  /** The cloud holding this external ID (at most one does). */
  readonly externalId?: string;
  /** At most this many clouds. Default: all. */
  readonly limit?: number;
  /** Only clouds created after this one (its id): the last id of the previous page. */
  readonly after?: string;
}

/** Options of `CustomCloudStore.update`. */
export interface StoreUpdateOptions {
  /** The version the stored cloud must still have. */
  readonly expectedVersion: number;
  /** Events of the transitions this update stores, written in the same atomic step (the outbox). */
  readonly events?: readonly TransitionEvent[];
  /** Audit entries of the transitions, written in the same atomic step, by a store that keeps an audit trail. */
  readonly audit?: readonly AuditEntry[];
}

/**
 * Where custom clouds live. Implementations return copies (a caller's change never reaches the
 * store without `update`), list in creation order, and compare versions atomically: `update`
 * succeeds only while the stored version equals `expectedVersion`, else `VERSION_CONFLICT`; the
 * update and its transition events are written together or not at all.
 * Run `testStore` from `@byoc-kit/core/testing` against any implementation.
 */
export interface CustomCloudStore {
  get(id: string): Promise<CustomCloud | undefined>;
  /**
   * Creation order (then id); `LIST_CURSOR_INVALID` when `after` names no stored cloud, or, with
   * `organizationId` in the filter, a cloud of another organization: a page never starts from a
   * cloud the caller's organization cannot see.
   */
  list(filter?: CustomCloudFilter): Promise<CustomCloud[]>;
  /** Raises `CUSTOM_CLOUD_EXISTS` when the id is taken, `EXTERNAL_ID_IN_USE` when the external ID is. */
  insert(cloud: CustomCloud): Promise<void>;
  /** Raises `VERSION_CONFLICT` (stored version differs) or `CUSTOM_CLOUD_NOT_FOUND`, and writes nothing then. */
  update(cloud: CustomCloud, options: StoreUpdateOptions): Promise<void>;
  /**
   * The transition events waiting for delivery. Needed by `startWorker({ onTransition })`; a store
   * without it still works for everything else, its events reaching `on('transition')` only.
   */
  readonly outbox?: TransitionOutbox;
  /**
   * Optional: the manifests of template versions clouds were verified with, so `templateStatus` can
   * say what an upgrade changes. Without it, only clouds on the current version get an answer.
   */
  readonly templates?: TemplateManifestStore;
  /**
   * Optional: how many clouds are in each state (deleted ones included), for the `byoc.clouds` metric
   * and a status page: one count per state an index answers, never a read of every cloud.
   */
  countByState?(): Promise<Partial<Record<CustomCloudState, number>>>;
  /**
   * Optional: what the vendor did to and in each cloud (`byoc.auditLog`). Without it, the audit log
   * is `AUDIT_LOG_UNSUPPORTED`.
   */
  readonly audit?: AuditTrail;
}

/**
 * The audit entries of the clouds: appended, never changed, listed per cloud in id order. A store
 * that keeps few in memory or a file may keep the most recent per cloud only, and says so.
 */
export interface AuditTrail {
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** A cloud's entries with ids after `after`, in id order, at most `limit` (default 100). */
  list(cloudId: string, options?: { readonly after?: string | undefined; readonly limit?: number | undefined }): Promise<AuditEntry[]>;
  /**
   * Optional: the newest failed checks of every cloud (verifications and health checks whose outcome
   * is not `ok`), newest first, at most `limit` (default 50): `byoc.recentFailures`, a status page.
   */
  recentFailures?(options?: { readonly limit?: number | undefined }): Promise<AuditEntry[]>;
}

/** Manifests of template versions, by version. A version's manifest never changes: `put` keeps the first. */
export interface TemplateManifestStore {
  get(version: string): Promise<TemplateManifest | undefined>;
  put(manifest: TemplateManifest): Promise<void>;
}

/**
 * The events `update` stored, until a worker hands them to `onTransition`. Delivery of one cloud's
 * events is taken with a lease, so they go out in order from one worker at a time; a worker that
 * dies loses its lease, and the events go out again (at least once, same ids).
 */
export interface TransitionOutbox {
  /** Undelivered events of a cloud, in sequence order, at most `limit` (default 100). */
  pending(cloudId: string, options?: { limit?: number }): Promise<TransitionEvent[]>;
  /** Marks events delivered; they are not handed out again. */
  markDelivered(cloudId: string, eventIds: readonly string[]): Promise<void>;
  /** Clouds with events undelivered for at least `olderThanMs`, oldest first, at most `limit`. */
  pendingClouds(options: { olderThanMs: number; limit: number }): Promise<string[]>;
  /** Takes the delivery of a cloud's events for `leaseMs`: false while another holder has it. */
  claimDelivery(cloudId: string, holder: string, leaseMs: number): Promise<boolean>;
  /** Gives the delivery back before its lease ends. */
  releaseDelivery(cloudId: string, holder: string): Promise<void>;
}

/** True when a cloud matches a filter's fields (paging aside). */
export function matchesFilter(cloud: CustomCloud, filter: CustomCloudFilter = {}): boolean {
  if (filter.organizationId !== undefined && cloud.organizationId !== filter.organizationId) return false;
  if (filter.provider !== undefined && cloud.provider !== filter.provider) return false;
  if (filter.externalId !== undefined && cloud.externalId !== filter.externalId) return false;
  if (filter.state !== undefined) {
    const states: readonly CustomCloudState[] = typeof filter.state === 'string' ? [filter.state] : filter.state;
    if (!states.includes(cloud.state)) return false;
  }
  return true;
}

/** Creation order, ties broken by id, so listings are stable. */
export function byCreation(a: Pick<CustomCloud, 'createdAt' | 'id'>, b: Pick<CustomCloud, 'createdAt' | 'id'>): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One page of clouds already in creation order: those after the cursor that match the filter, at
 * most `limit`. For stores that hold every cloud at hand (memory, JSON file).
 */
export function pageOf(sorted: readonly CustomCloud[], filter: CustomCloudFilter = {}): CustomCloud[] {
  let start = 0;
  if (filter.after !== undefined) {
    const cursor = sorted.findIndex((cloud) => cloud.id === filter.after);
    // A cursor of another organization's cloud names no cloud of the listed organization.
    if (cursor === -1 || !sameOrganization(sorted[cursor] as CustomCloud, filter)) throw listCursorInvalid(filter.after);
    start = cursor + 1;
  }
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  const page: CustomCloud[] = [];
  for (let index = start; index < sorted.length && page.length < limit; index++) {
    const cloud = sorted[index] as CustomCloud;
    if (matchesFilter(cloud, filter)) page.push(cloud);
  }
  return page;
}

function sameOrganization(cloud: CustomCloud, filter: CustomCloudFilter): boolean {
  return filter.organizationId === undefined || cloud.organizationId === filter.organizationId;
}

/** `LIST_CURSOR_INVALID`: `after` names no stored cloud (of the organization listed, when the filter names one). */
export function listCursorInvalid(after: string): ByocError {
  return new ByocError({
    code: 'LIST_CURSOR_INVALID',
    message: `No custom cloud has the id ${after}, so there is nothing to list after it. Pass the id of the last cloud of the previous page.`,
    details: { after },
  });
}
