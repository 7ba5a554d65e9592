import * as z from 'zod';
import { type CustomCloud, type CustomCloudRules, type LifecycleEventType, parseInput, publicCloud } from '../domain/index.js';
import { ByocError, quote } from '../errors/index.js';
import { type CloudProviderV1, createProviderRegistry } from '../provider/index.js';
import {
  type CloudWriter,
  createCloudWriter,
  createInProcessJobQueue,
  type JobQueue,
  type RuntimeSettings,
  runtimeSettingsSchema,
  withTraceContext,
  workerName,
} from '../runtime/index.js';
import type { CustomCloudStore } from '../store/index.js';
import type { ByocOptions } from './byoc.js';
import { createEmitter } from './byoc-events.js';
import { checkByocOptions } from './byoc-options.js';

/**
 * What the parts of one service share: its options as checked, the store and the queue, the
 * clock, the writer every change goes through, and the helpers that change a cloud or move it
 * through the lifecycle.
 */
export interface ServiceContext {
  readonly options: ByocOptions;
  readonly rules: CustomCloudRules | undefined;
  readonly store: CustomCloudStore;
  readonly jobs: JobQueue;
  readonly settings: RuntimeSettings;
  readonly providerFor: (id: CustomCloud['provider']) => CloudProviderV1;
  readonly writer: CloudWriter;
  readonly emitter: ReturnType<typeof createEmitter>;
  readonly now: () => Date;
  readonly timestamp: () => string;
  readonly reportError: (error: unknown) => void;
  /** The claim name of verifications run inside a call (provision, retry, reconnect). */
  readonly holder: string;
  /** Writes `update(cloud)` at the stored version (or the expected one), and returns the cloud without sealed secrets. */
  change(
    id: unknown,
    update: (cloud: CustomCloud) => CustomCloud,
    expected?: { expectedVersion?: number | undefined },
  ): Promise<CustomCloud>;
  /** Applies lifecycle events in order, recording the actor, the reason and, on the last one, `errors`. */
  move(
    id: string,
    events: LifecycleEventType[],
    actor?: { actor?: string; reason?: string; errors?: { category: string; code: string; message: string }[] },
  ): Promise<CustomCloud>;
  /** The cloud, unless it is deleted (`CUSTOM_CLOUD_DELETED`: it can be read but not changed). */
  notDeleted(cloud: CustomCloud): CustomCloud;
}

const versionSchema = z.number().int().min(0);

/** Checks the options (`BYOC_OPTIONS_INVALID`) and builds what the parts share. */
export function createServiceContext(options: ByocOptions): ServiceContext {
  checkByocOptions(options);
  const settings = parseInput(
    runtimeSettingsSchema,
    { health: options.health, verification: options.verification },
    { what: 'createByoc options', code: 'BYOC_OPTIONS_INVALID' },
  );
  const store = options.store;
  const jobs = options.jobs ?? createInProcessJobQueue();
  const clock = options.clock ?? (options.now ? { now: options.now } : { now: () => new Date() });
  const now = () => clock.now();
  const reportError =
    options.onBackgroundError ??
    ((error: unknown) => process.emitWarning(`byoc-kit background work failed: ${String((error as Error)?.message ?? error)}`));
  const emitter = createEmitter(
    options.onListenerError ?? ((error) => process.emitWarning(`byoc-kit transition listener threw: ${String(error)}`)),
  );

  const writer = createCloudWriter({
    store,
    now,
    emit: (event) => emitter.emit('transition', event),
    reportError,
    // The store holds the events; the queue is told where to look. A lost job is found by the sweep.
    async afterCommit({ after, events }) {
      if (events.length === 0) return;
      await jobs.send('byoc-deliver', withTraceContext({ cloudId: after.id }), { key: `deliver:${after.id}` });
      if (events.some((event) => event.to === 'active' || event.to === 'disconnected')) {
        const delayMs = Math.floor(Math.random() * settings.health.intervalMs);
        await jobs.send('byoc-health', { cloudId: after.id }, { key: `health:${after.id}`, delayMs });
      }
    },
  });

  const change: ServiceContext['change'] = async (id, update, expected = {}) => {
    if (expected.expectedVersion !== undefined && !versionSchema.safeParse(expected.expectedVersion).success) {
      throw new ByocError({
        code: 'INPUT_INVALID',
        message: `expectedVersion must be a whole number, not ${quote(expected.expectedVersion)}.`,
      });
    }
    return publicCloud((await writer.write(id, update, expected)).after);
  };

  return {
    options,
    rules: options.rules,
    store,
    jobs,
    settings,
    providerFor: createProviderRegistry(options.providers),
    writer,
    emitter,
    now,
    timestamp: () => now().toISOString(),
    reportError,
    holder: `${workerName()}:inline`,
    change,
    move: (id, events, actor = {}) => change(id, (cloud) => ({ ...writer.transitions(events, actor)(cloud), verification: null })),
    notDeleted,
  };
}

function notDeleted(cloud: CustomCloud): CustomCloud {
  if (cloud.state === 'deleted') {
    throw new ByocError({
      code: 'CUSTOM_CLOUD_DELETED',
      message: `Custom cloud ${cloud.id} is deleted; it can be read but not changed.`,
      details: { id: cloud.id },
    });
  }
  return cloud;
}
