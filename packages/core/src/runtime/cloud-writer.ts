import {
  type AuditEntry,
  auditEntryId,
  type CloudError,
  type CustomCloud,
  type LifecycleEventType,
  type TransitionEvent,
  transition,
  transitionEventsOf,
} from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { type CustomCloudStore, storeErrors } from '../store/index.js';

/** One stored change: the cloud before and after, and the transitions it stored. */
export interface CloudWrite {
  readonly before: CustomCloud;
  readonly after: CustomCloud;
  readonly events: readonly TransitionEvent[];
}

/** Who is acting, recorded in the history. */
export interface Actor {
  readonly actor?: string | undefined;
  readonly reason?: string | undefined;
}

const versionConflictRetries = 8;

/**
 * Reads and writes clouds for the service and its workers: every change is a function of the
 * stored cloud, written with the version it was read at (`VERSION_CONFLICT` redoes it on the fresh
 * cloud unless the caller pinned a version), and its transitions go to the store in the same write
 * (the outbox), then to local listeners and `afterCommit`.
 */
export function createCloudWriter(context: {
  readonly store: CustomCloudStore;
  readonly now: () => Date;
  readonly emit: (event: TransitionEvent) => void;
  /** Runs after each stored write (queues deliveries, health checks); its failure is reported, not thrown. */
  readonly afterCommit: (write: CloudWrite) => Promise<void>;
  readonly reportError: (error: unknown) => void;
}) {
  const { store } = context;
  const locks = new Map<string, Promise<unknown>>();

  /** Changes to one cloud run one at a time in this process; other processes are caught by versions. */
  const withLock = <T>(id: string, operation: () => Promise<T>): Promise<T> => {
    const previous = locks.get(id) ?? Promise.resolve();
    const result = previous.then(operation, operation);
    const settled = result.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => locks.get(id) === settled && locks.delete(id));
    return result;
  };

  const load = async (id: unknown): Promise<CustomCloud> => {
    const cloud = typeof id === 'string' ? await store.get(id) : undefined;
    if (cloud === undefined) throw storeErrors.notFound(String(id).slice(0, 64));
    return cloud;
  };

  /**
   * Reads, changes and writes one cloud with its version bumped. `change` returning the cloud it
   * was given writes nothing. With `expectedVersion`, a cloud that moved on is a `VERSION_CONFLICT`.
   */
  const write = (
    id: unknown,
    change: (cloud: CustomCloud) => CustomCloud,
    options: {
      expectedVersion?: number | undefined;
      /** The cloud as the caller just read it: the first attempt starts from it instead of reading again. */
      read?: CustomCloud | undefined;
    } = {},
  ): Promise<CloudWrite> =>
    withLock(String(id), async () => {
      for (let attempt = 1; ; attempt++) {
        const hint = attempt === 1 && options.read?.id === id ? options.read : undefined;
        const current = hint ?? (await load(id));
        if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
          throw new ByocError({
            code: 'VERSION_CONFLICT',
            message: `Custom cloud ${current.id} is at version ${current.version}, not ${options.expectedVersion}: it changed since it was read. Read it again and retry the change.`,
            details: { id: current.id, expectedVersion: options.expectedVersion, actualVersion: current.version },
            isRetryable: true,
          });
        }
        const changed = change(current);
        if (changed === current) return { before: current, after: current, events: [] };
        const next = { ...changed, version: current.version + 1 };
        const events = transitionEventsOf(current, next);
        // Each transition goes to the audit trail with its cloud, in the same write.
        const audit = events.map(transitionAuditEntry);
        try {
          await store.update(next, { expectedVersion: current.version, events, ...(audit.length > 0 ? { audit } : {}) });
        } catch (error) {
          if (options.expectedVersion === undefined && ByocError.hasCode(error, 'VERSION_CONFLICT') && attempt < versionConflictRetries) {
            continue;
          }
          throw error;
        }
        const stored: CloudWrite = { before: current, after: next, events };
        for (const event of events) context.emit(event);
        await context.afterCommit(stored).catch(context.reportError);
        return stored;
      }
    });

  /** A change that applies lifecycle events in order; the last one records `errors`. */
  const transitions =
    (events: readonly LifecycleEventType[], options: Actor & { errors?: readonly CloudError[] | undefined }) =>
    (cloud: CustomCloud): CustomCloud => {
      const at = context.now().toISOString();
      return events.reduce(
        (current, type, index) =>
          transition(current, {
            type,
            at,
            actor: options.actor ?? 'byoc-kit',
            reason: options.reason,
            errors: index === events.length - 1 ? options.errors : undefined,
          }),
        cloud,
      );
    };

  return { load, write, transitions };
}

/** The reads and writes of one service. */
export type CloudWriter = ReturnType<typeof createCloudWriter>;

/** The audit entry of a stored transition. */
function transitionAuditEntry(event: TransitionEvent): AuditEntry {
  return {
    id: auditEntryId(event.at),
    cloudId: event.cloudId,
    organizationId: event.organizationId,
    at: event.at,
    kind: 'transition',
    actor: event.actor,
    outcome: `${event.from} -> ${event.to}`,
    code: event.event,
    ...(event.reason ? { detail: event.reason } : {}),
  };
}
