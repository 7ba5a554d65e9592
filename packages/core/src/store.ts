import type { CloudProviderId, CustomCloud, CustomCloudState } from './custom-cloud-schema.js';

/** What `list` filters on; every given field must match. */
export interface CustomCloudFilter {
  readonly organizationId?: string;
  readonly provider?: CloudProviderId;
  readonly state?: CustomCloudState | readonly CustomCloudState[];
}

/**
 * Where custom clouds live. Implementations return copies (a caller's change never reaches the
 * store without `update`), list in creation order, and compare versions atomically: `update`
 * succeeds only while the stored version equals `expectedVersion`, else `VERSION_CONFLICT`.
 * Run `testStore` from `@byoc-kit/core/testing` against any implementation.
 */
export interface CustomCloudStore {
  get(id: string): Promise<CustomCloud | undefined>;
  list(filter?: CustomCloudFilter): Promise<CustomCloud[]>;
  /** Raises `CUSTOM_CLOUD_EXISTS` when the id is taken. */
  insert(cloud: CustomCloud): Promise<void>;
  /** Raises `VERSION_CONFLICT` (stored version differs) or `CUSTOM_CLOUD_NOT_FOUND`. */
  update(cloud: CustomCloud, options: { expectedVersion: number }): Promise<void>;
}

/** True when a cloud matches a filter. */
export function matchesFilter(cloud: CustomCloud, filter: CustomCloudFilter = {}): boolean {
  if (filter.organizationId !== undefined && cloud.organizationId !== filter.organizationId) return false;
  if (filter.provider !== undefined && cloud.provider !== filter.provider) return false;
  if (filter.state !== undefined) {
    const states: readonly CustomCloudState[] = typeof filter.state === 'string' ? [filter.state] : filter.state;
    if (!states.includes(cloud.state)) return false;
  }
  return true;
}

/** Creation order, ties broken by id, so listings are stable. */
export function byCreation(a: CustomCloud, b: CustomCloud): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
