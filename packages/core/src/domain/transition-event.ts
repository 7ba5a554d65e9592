import type { CustomCloud, HistoryEntry } from './custom-cloud-schema.js';
import { publicCloud } from './sealed-secrets.js';

/**
 * A stored lifecycle transition, as listeners and `onTransition` receive it. It is written with
 * the cloud, in the same store operation (the outbox), so there is no stored transition without
 * its event and no event without its transition.
 */
export interface TransitionEvent extends HistoryEntry {
  /** Stable across deliveries: `<cloud id>/<sequence>`. De-duplicate on it. */
  readonly id: string;
  /** The transition's place in the cloud's history, from 1. Events of one cloud arrive in this order. */
  readonly sequence: number;
  readonly cloudId: string;
  readonly organizationId: string;
  /** The cloud as stored after the transition, its access without sealed secrets (`publicCloud`). */
  readonly cloud: CustomCloud;
}

/** The events of the transitions `after` adds to `before`'s history. */
export function transitionEventsOf(before: Pick<CustomCloud, 'history'>, after: CustomCloud): TransitionEvent[] {
  const shown = publicCloud(after);
  return after.history.slice(before.history.length).map((entry, index) => {
    const sequence = before.history.length + index + 1;
    return { ...entry, id: `${after.id}/${sequence}`, sequence, cloudId: after.id, organizationId: after.organizationId, cloud: shown };
  });
}
