import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { SpanKind } from '@opentelemetry/api';
import type { CloudProviderId, CustomCloud, CustomCloudState } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { type CloudProviderV1, inSpan } from '../provider/index.js';
import type { CustomCloudStore } from '../store/index.js';
import type { CloudWriter } from './cloud-writer.js';
import { deliverEvents, type TransitionHandler } from './event-delivery.js';
import type { HealthMonitor } from './health-monitor.js';
import type { Job, JobQueue, JobWorker } from './job-queue.js';
import { linksOf } from './job-trace.js';
import { observeRuntime } from './runtime-metrics.js';
import { jittered, type RuntimeSettings } from './runtime-settings.js';
import type { VerificationRunner } from './verification-runner.js';

/** Options of `byoc.startWorker`. */
export interface StartWorkerOptions {
  /** Jobs of each kind (verifications, health checks, deliveries) run at once in this process. Default 8. */
  concurrency?: number;
  /**
   * Receives every stored transition, at least once, in order per cloud, each with a stable
   * `event.id` to de-duplicate on. A handler that throws gets the event again later. Needs a store
   * with an outbox (every built-in store has one).
   */
  onTransition?: TransitionHandler;
  /** How often the sweep looks for work left behind (crashed verifications, undelivered events), in ms. Default 30,000. */
  sweepIntervalMs?: number;
  /** The timeout of one `onTransition` call, in ms. Default 30,000. */
  deliveryTimeoutMs?: number;
  /** This worker's name in verification claims. Default `<host>:<pid>:<random>`. */
  name?: string;
  /**
   * Whether this worker reports the observable metrics `byoc.clouds` (by state) and
   * `byoc.queue.depth` / `byoc.queue.oldest_age` (by queue), read from the store and the queue at
   * each collection. Default true; with many replicas, turn it off on all but one (each would report
   * the same totals).
   */
  metrics?: boolean;
}

/** A running worker. */
export interface ByocWorker {
  /** Its name in verification claims. */
  readonly name: string;
  /**
   * Stops taking jobs; running ones get `graceMs` (default 10,000) to finish, then are aborted and
   * handed back, to run again on another worker or after a restart. Resolves when none runs.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** What a worker runs on: the service's parts. */
export interface WorkerContext {
  readonly store: CustomCloudStore;
  readonly jobs: JobQueue;
  readonly writer: CloudWriter;
  readonly verifications: VerificationRunner;
  readonly health: HealthMonitor;
  readonly providerFor: (id: CloudProviderId) => CloudProviderV1;
  readonly now: () => Date;
  readonly settings: RuntimeSettings;
  readonly reportError: (error: unknown) => void;
}

const verifyingStates: CustomCloudState[] = ['validating', 'reconnecting'];
const monitoredStates: CustomCloudState[] = ['active', 'disconnected'];
const page = 500;

/** A name for this process's worker: host, process id and a random suffix. */
export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * Starts the background work of a service in this process: verifications of submitted access, the
 * health monitor, delivery of transitions to `onTransition`, and the sweep that finds work a crash
 * left behind. Any number of workers may run, in any number of processes, on one store and queue.
 */
export async function startWorker(context: WorkerContext, options: StartWorkerOptions = {}): Promise<ByocWorker> {
  const concurrency = options.concurrency ?? 8;
  const name = options.name ?? workerName();
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  const onTransition = options.onTransition;
  const outbox = context.store.outbox;
  if (onTransition && !outbox) {
    throw new ByocError({
      code: 'STORE_OUTBOX_UNSUPPORTED',
      message:
        "onTransition needs a store that keeps transition events with its clouds (an outbox); this store has none. Use createMemoryStore, createJsonFileStore or createPostgresStore, or implement the store's outbox.",
    });
  }
  const { jobs, settings } = context;
  const { leaseMs } = settings.verification;
  const nowMs = () => context.now().getTime();
  const cloudIdOf = (job: Job) => String(job.data.cloudId);

  const scheduleHealth = (cloudId: string, delayMs: number) => jobs.send('byoc-health', { cloudId }, { key: `health:${cloudId}`, delayMs });

  const handlers: Record<Job['name'], (job: Job) => Promise<void>> = {
    async 'byoc-verify'(job) {
      const run = await context.verifications.run(cloudIdOf(job), {
        holder: name,
        attemptId: typeof job.data.attemptId === 'string' ? job.data.attemptId : undefined,
        handBackOn: job.signal,
        actor: 'byoc-worker',
      });
      if (run.status === 'handed_back') throw new Error(`verification of ${cloudIdOf(job)} handed back by a stopping worker`);
      if (run.status === 'busy') {
        // Another worker holds it; look again when its lease ends, in case that worker died.
        await jobs.send('byoc-verify', job.data, {
          key: `verify:${cloudIdOf(job)}`,
          delayMs: Math.max(1_000, (run.busyUntil ?? 0) - nowMs() + 1_000),
        });
      }
    },
    async 'byoc-health'(job) {
      const cloudId = cloudIdOf(job);
      let cloud: CustomCloud;
      try {
        cloud = (await context.health.check(cloudId, { holder: name, scheduled: true, handBackOn: job.signal })).cloud;
      } catch (error) {
        if (ByocError.hasCode(error, 'HEALTH_CHECK_NOT_APPLICABLE') || ByocError.hasCode(error, 'CUSTOM_CLOUD_NOT_FOUND')) return;
        throw error;
      }
      if (monitoredStates.includes(cloud.state))
        await scheduleHealth(cloudId, jittered(settings.health.intervalMs, settings.health.jitter));
    },
    async 'byoc-deliver'(job) {
      if (!outbox || !onTransition) return;
      const cloudId = cloudIdOf(job);
      const result = await deliverEvents(outbox, cloudId, {
        // A delivery names one run, not the worker: two runs of one worker never deliver at once.
        holder: `${name}#${randomBytes(4).toString('hex')}`,
        onTransition,
        // Renewed before each event: a worker that dies gives the cloud's delivery up within it.
        leaseMs: 2 * (options.deliveryTimeoutMs ?? 30_000),
        timeoutMs: options.deliveryTimeoutMs ?? 30_000,
        signal: job.signal,
      });
      if (result === 'busy') await jobs.send('byoc-deliver', { cloudId }, { key: `deliver:${cloudId}`, delayMs: 1_000 });
    },
    async 'byoc-sweep'(job) {
      const lastHealthSweep = typeof job.data.healthSweptAt === 'number' ? job.data.healthSweptAt : 0;
      const healthDue = nowMs() - lastHealthSweep >= settings.health.intervalMs;
      // The next sweep is queued first: a worker that dies mid-sweep does not end the chain.
      await jobs.send('byoc-sweep', { healthSweptAt: healthDue ? nowMs() : lastHealthSweep }, { key: 'sweep', delayMs: sweepIntervalMs });
      await sweep(healthDue);
    },
  };

  /** Finds work a crash left behind, and makes sure every monitored cloud has its next check queued. */
  const sweep = async (healthDue: boolean): Promise<void> => {
    const now = nowMs();
    for await (const cloud of clouds(verifyingStates)) {
      const verification = cloud.verification;
      if (verification?.awaitingPeople) continue;
      const lapsed = !verification?.holder || !verification.leaseUntil || Date.parse(verification.leaseUntil) < now;
      if (lapsed) {
        await jobs.send('byoc-verify', { cloudId: cloud.id, attemptId: verification?.attemptId ?? null }, { key: `verify:${cloud.id}` });
      }
    }
    if (outbox && onTransition) {
      for (const cloudId of await outbox.pendingClouds({ olderThanMs: 5_000, limit: 1_000 })) {
        await jobs.send('byoc-deliver', { cloudId }, { key: `deliver:${cloudId}` });
      }
    }
    if (!healthDue) return;
    // Spread over one interval: the checks of many clouds never arrive together.
    let batch: Parameters<JobQueue['sendMany']>[0][number][] = [];
    for await (const cloud of clouds(monitoredStates)) {
      if (!context.providerFor(cloud.provider).capabilities.automatedVerification) continue;
      batch.push({
        name: 'byoc-health',
        data: { cloudId: cloud.id },
        options: { key: `health:${cloud.id}`, delayMs: Math.floor(Math.random() * settings.health.intervalMs) },
      });
      if (batch.length >= page) {
        await jobs.sendMany(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await jobs.sendMany(batch);
  };

  async function* clouds(state: CustomCloudState[]): AsyncGenerator<CustomCloud> {
    let after: string | undefined;
    for (;;) {
      const found = await context.store.list({ state, limit: page, ...(after ? { after } : {}) });
      yield* found;
      if (found.length < page) return;
      after = found.at(-1)?.id;
    }
  }

  await jobs.start();
  const timeouts: Record<Job['name'], number> = {
    'byoc-verify': leaseMs + 30_000,
    'byoc-health': leaseMs + settings.health.checkDeadlineMs + 30_000,
    'byoc-deliver': 600_000,
    'byoc-sweep': 600_000,
  };
  const workers: JobWorker[] = [];
  for (const jobName of Object.keys(handlers) as Job['name'][]) {
    if (jobName === 'byoc-deliver' && !onTransition) continue;
    const handler = handlers[jobName];
    workers.push(
      await jobs.work(jobName, { concurrency: jobName === 'byoc-sweep' ? 1 : concurrency, timeoutMs: timeouts[jobName] }, (job) =>
        // One consumer span per job, with the messaging conventions' attributes.
        inSpan(
          'byoc.job',
          {
            kind: SpanKind.CONSUMER,
            // The request that queued it, when it was traced.
            links: linksOf(job.data),
            attributes: {
              'messaging.system': jobs.system ?? 'byoc-kit',
              'messaging.operation.type': 'process',
              'messaging.destination.name': job.name,
              'messaging.message.id': job.id,
              ...(typeof job.data.cloudId === 'string' ? { 'byoc.cloud.id': job.data.cloudId } : {}),
            },
          },
          async () => {
            try {
              await handler(job);
            } catch (error) {
              context.reportError(error);
              throw error;
            }
          },
        ),
      ),
    );
  }
  await jobs.send('byoc-sweep', { healthSweptAt: 0 }, { key: 'sweep' });
  const gauges = options.metrics === false ? undefined : observeRuntime(context.store, jobs, context.reportError);
  return {
    name,
    async stop(stopOptions = {}) {
      gauges?.stop();
      await Promise.all(workers.map((worker) => worker.stop(stopOptions)));
    },
  };
}
