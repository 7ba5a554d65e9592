import { ByocError } from './byoc-error.js';
import type { CloudProviderId, CustomCloud, CustomCloudState } from './custom-cloud-schema.js';

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

/**
 * Where custom clouds live. Implementations return copies (a caller's change never reaches the
 * store without `update`), list in creation order, and compare versions atomically: `update`
 * succeeds only while the stored version equals `expectedVersion`, else `VERSION_CONFLICT`.
 * Run `testStore` from `@byoc-kit/core/testing` against any implementation.
 */
export interface CustomCloudStore {
  get(id: string): Promise<CustomCloud | undefined>;
  /** Creation order (then id); `LIST_CURSOR_INVALID` when `after` names no stored cloud. */
  list(filter?: CustomCloudFilter): Promise<CustomCloud[]>;
  /** Raises `CUSTOM_CLOUD_EXISTS` when the id is taken, `EXTERNAL_ID_IN_USE` when the external ID is. */
  insert(cloud: CustomCloud): Promise<void>;
  /** Raises `VERSION_CONFLICT` (stored version differs) or `CUSTOM_CLOUD_NOT_FOUND`. */
  update(cloud: CustomCloud, options: { expectedVersion: number }): Promise<void>;
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
    if (cursor === -1) throw listCursorInvalid(filter.after);
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

/** `LIST_CURSOR_INVALID`: `after` names no stored cloud. */
export function listCursorInvalid(after: string): ByocError {
  return new ByocError({
    code: 'LIST_CURSOR_INVALID',
    message: `No custom cloud has the id ${after}, so there is nothing to list after it. Pass the id of the last cloud of the previous page.`,
    details: { after },
  });
}
