import { ByocError } from '../errors/index.js';
import { hasAdminContact } from './contacts.js';
import type { CloudError, CustomCloud, CustomCloudState, HistoryEntry } from './custom-cloud-schema.js';

/** The events that move a custom cloud between states. */
export const lifecycleEvents = [
  'submitAccess',
  'accessVerified',
  'accessRejected',
  'provisioned',
  'provisioningFailed',
  'retry',
  'connectionLost',
  'reconnect',
  'reconnected',
  'delete',
  'deleted',
  'deletionFailed',
] as const;
/** A lifecycle event name. */
export type LifecycleEventType = (typeof lifecycleEvents)[number];

/** The transition table of DESIGN.md: state -> event -> next state. Any pair not listed is refused. */
export const transitionTable: Readonly<Record<CustomCloudState, Readonly<Partial<Record<LifecycleEventType, CustomCloudState>>>>> = {
  draft: { submitAccess: 'validating', delete: 'deleted' },
  validating: { accessVerified: 'creating', accessRejected: 'draft' },
  creating: { provisioned: 'active', provisioningFailed: 'creation_failed' },
  creation_failed: { retry: 'validating', delete: 'deleting' },
  active: { connectionLost: 'disconnected', delete: 'deleting' },
  disconnected: { reconnect: 'reconnecting', delete: 'deleting' },
  reconnecting: { reconnected: 'active', accessRejected: 'disconnected' },
  deleting: { deleted: 'deleted', deletionFailed: 'deletion_failed' },
  deletion_failed: { delete: 'deleting' },
  deleted: {},
};

/** One lifecycle event, with who caused it and why. */
export interface LifecycleEvent {
  readonly type: LifecycleEventType;
  /** When it happened, as an ISO 8601 timestamp. */
  readonly at: string;
  /** Who caused it: a user id, a job name; recorded in the history. */
  readonly actor: string;
  readonly reason?: string | undefined;
  /** Errors to record on the cloud; every transition replaces the list (a success clears it). */
  readonly errors?: readonly CloudError[] | undefined;
}

/** The state an event leads to from a state, or undefined when the pair is not allowed. */
export function nextState(state: CustomCloudState, event: LifecycleEventType): CustomCloudState | undefined {
  return transitionTable[state]?.[event];
}

/** The state `event` leads to from the cloud's state; raises `INVALID_TRANSITION` when there is none. */
export function assertTransitionAllowed(cloud: Pick<CustomCloud, 'id' | 'state'>, event: LifecycleEventType): CustomCloudState {
  const to = nextState(cloud.state, event);
  if (to === undefined) {
    const allowed = Object.keys(transitionTable[cloud.state] ?? {});
    throw new ByocError({
      code: 'INVALID_TRANSITION',
      message: `The event "${event}" is not allowed while custom cloud ${cloud.id} is "${cloud.state}"${allowed.length > 0 ? `; allowed events: ${allowed.join(', ')}` : '; it is final'}.`,
      details: { state: cloud.state, event, allowed },
    });
  }
  return to;
}

/**
 * Applies a lifecycle event to a custom cloud and returns the new cloud; the input is not changed.
 * Appends a history entry, replaces `errors` with the event's and sets `updatedAt`. The version
 * is left to whoever stores the result. Raises `INVALID_TRANSITION` naming the state and the event
 * for any pair outside the table, and `CONTACTS_INVALID` when a cloud without an Admin contact
 * would become active.
 */
export function transition(cloud: CustomCloud, event: LifecycleEvent): CustomCloud {
  const to = assertTransitionAllowed(cloud, event.type);
  if (to === 'active' && !hasAdminContact(cloud.contacts)) {
    throw new ByocError({
      code: 'CONTACTS_INVALID',
      message: `Custom cloud ${cloud.id} has no Admin contact, and a cloud cannot become active without one. Add an Admin contact first.`,
      details: { state: cloud.state, event: event.type, missingRole: 'Admin' },
    });
  }
  const entry: HistoryEntry = {
    from: cloud.state,
    to,
    event: event.type,
    at: event.at,
    actor: event.actor,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
  };
  return { ...cloud, state: to, errors: [...(event.errors ?? [])], history: [...cloud.history, entry], updatedAt: event.at };
}
