import type { Job, JobData, JobName, JobQueue, JobWorker, SendOptions } from '@byoc-kit/core';
import { jobNames, parseInput } from '@byoc-kit/core';
import PgBoss from 'pg-boss';
import * as z from 'zod';
import { storeError } from './postgres-errors.js';

/** How to reach the queue: a connection string (byoc-kit makes and owns a pg-boss instance), or yours. */
export type PostgresJobQueueConnection =
  | {
      connectionString: string;
      /** The schema of pg-boss's tables. Default `pgboss`. */
      schema?: string;
      /** Connections of pg-boss's pool, at most. Default 10. */
      max?: number;
    }
  | {
      /** A started or not yet started pg-boss instance; byoc-kit never stops it. */
      boss: PgBoss;
    };

/** Options of `createPostgresJobQueue`. */
export interface PostgresJobQueueOptions {
  /** How often an idle worker looks for jobs, in seconds (pg-boss's polling, at least 0.5). Default 1. */
  pollingIntervalSeconds?: number;
  /**
   * How often pg-boss looks for jobs whose worker died (their timeout passed), in seconds. Default
   * 30; only for a pg-boss instance byoc-kit makes.
   */
  maintenanceIntervalSeconds?: number;
  /** How many times a failing job runs again, with backoff, before pg-boss gives up on it. Default 10. */
  retryLimit?: number;
  /** Told of pg-boss's background errors. Default: a process warning. */
  onError?: (error: Error) => void;
}

const connectionSchema = z.union([
  z.strictObject({
    connectionString: z.string().min(1),
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,49}$/, 'Use 1-50 lower-case letters, digits and "_".')
      .default('pgboss'),
    max: z.number().int().min(1).max(1000).default(10),
  }),
  z.strictObject({
    boss: z.custom<PgBoss>((value) => value instanceof PgBoss || typeof (value as PgBoss)?.send === 'function', 'Pass a PgBoss instance.'),
  }),
]);
const optionsSchema = z.strictObject({
  pollingIntervalSeconds: z.number().min(0.5).max(60).default(1),
  maintenanceIntervalSeconds: z.number().int().min(1).max(3600).default(30),
  retryLimit: z.number().int().min(0).max(100).default(10),
  onError: z.custom<(error: Error) => void>((value) => typeof value === 'function').optional(),
});

/** Until a worker says how long its jobs may run: the longest byoc-kit's jobs take by default. */
const defaultTimeoutSeconds: Record<JobName, number> = {
  'byoc-verify': 660,
  'byoc-health': 720,
  'byoc-deliver': 600,
  'byoc-sweep': 600,
};

/**
 * byoc-kit's jobs on pg-boss, the queue PostgreSQL shops already run: any number of workers in
 * any number of processes; jobs survive restarts; a job whose worker died runs again on another
 * once its timeout has passed (pg-boss's maintenance); a failing job runs again with backoff. Jobs
 * with a key use pg-boss's `short` policy: one waits per key, a second send is dropped.
 */
export function createPostgresJobQueue(
  connection: PostgresJobQueueConnection,
  options: PostgresJobQueueOptions = {},
): JobQueue & { readonly boss: PgBoss } {
  const parsed = parseInput(connectionSchema, connection, { what: 'pg-boss connection', code: 'POSTGRES_SETTINGS_INVALID' });
  const settings = parseInput(optionsSchema, options, { what: 'pg-boss queue options', code: 'POSTGRES_SETTINGS_INVALID' });
  const owned = !('boss' in parsed);
  const boss =
    'boss' in parsed
      ? parsed.boss
      : new PgBoss({
          connectionString: parsed.connectionString,
          schema: parsed.schema,
          max: parsed.max,
          application_name: 'byoc-kit-jobs',
          maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
          // byoc-kit schedules with delayed jobs; pg-boss's cron clock is not needed.
          schedule: false,
        });
  if (owned) boss.on('error', settings.onError ?? ((error) => process.emitWarning(`byoc-kit pg-boss: ${error.message}`)));
  const workers = new Map<string, { name: JobName; running: Set<AbortController> }>();
  let starting: Promise<void> | undefined;

  const start = () => {
    starting ??= (async () => {
      try {
        if (owned) await boss.start();
        for (const name of jobNames) {
          const queue = {
            name,
            policy: 'short' as const,
            retryLimit: settings.retryLimit,
            retryDelay: 2,
            retryBackoff: true,
            expireInSeconds: defaultTimeoutSeconds[name],
          };
          if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
          else
            await boss.createQueue(name, queue).catch(async (error: unknown) => {
              // Another replica created it at the same moment.
              if (!(await boss.getQueue(name))) throw error;
            });
        }
      } catch (error) {
        starting = undefined;
        throw storeError(error, 'start the pg-boss job queue');
      }
    })();
    return starting;
  };

  const sendOptions = (options: SendOptions = {}) => ({
    ...(options.key === undefined ? {} : { singletonKey: options.key }),
    ...(options.delayMs ? { startAfter: new Date(Date.now() + options.delayMs) } : {}),
  });

  // A send from this process wakes its idle workers of that queue: no wait for their next poll.
  const wake = (name: JobName, options: SendOptions = {}) => {
    if (options.delayMs) return;
    for (const [id, worker] of workers) if (worker.name === name && worker.running.size === 0) boss.notifyWorker(id);
  };

  return {
    boss,
    start,
    async send(name, data, options = {}) {
      await start();
      try {
        await boss.send(name, data as object, sendOptions(options));
      } catch (error) {
        throw storeError(error, `queue a ${name} job`);
      }
      wake(name, options);
    },
    async sendMany(jobs) {
      if (jobs.length === 0) return;
      await start();
      // One statement per name and key-free group is not needed: send each, pg-boss drops a duplicate key.
      for (const job of jobs)
        await boss.send(job.name, job.data as object, sendOptions(job.options)).catch((error: unknown) => {
          throw storeError(error, `queue a ${job.name} job`);
        });
    },
    async work(name, workOptions, handler): Promise<JobWorker> {
      await start();
      await boss.updateQueue(name, {
        name,
        policy: 'short',
        expireInSeconds: Math.max(1, Math.ceil(workOptions.timeoutMs / 1000)),
      } as never);
      const ids: string[] = [];
      const running = new Set<AbortController>();
      let stopping = false;
      for (let slot = 0; slot < workOptions.concurrency; slot++) {
        const id: string = await boss.work(
          name,
          { batchSize: 1, pollingIntervalSeconds: settings.pollingIntervalSeconds },
          async ([job]: PgBoss.Job<object>[]) => {
            if (!job) return;
            const controller = new AbortController();
            const timeout = setTimeout(
              () => controller.abort(new Error(`job ${name} ran past ${workOptions.timeoutMs} ms`)),
              workOptions.timeoutMs,
            );
            running.add(controller);
            try {
              await handler({ id: job.id, name, data: job.data as JobData, signal: controller.signal } satisfies Job);
            } finally {
              clearTimeout(timeout);
              running.delete(controller);
              // More may be waiting: fetch again at once instead of after the polling interval.
              if (!stopping) boss.notifyWorker(id);
            }
          },
        );
        ids.push(id);
        workers.set(id, { name, running });
      }
      return {
        async stop(stopOptions = {}) {
          stopping = true;
          for (const id of ids) await boss.offWork({ id });
          const graceMs = stopOptions.graceMs ?? 10_000;
          const deadline = Date.now() + graceMs;
          while (running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
          // Past the grace period: abort, and the jobs fail back to pg-boss, to run again elsewhere.
          for (const controller of running) controller.abort(new Error('the worker is stopping; the job is handed back'));
          while (running.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
          for (const id of ids) workers.delete(id);
        },
      };
    },
    async stop(stopOptions = {}) {
      if (owned && starting) {
        await boss.stop({ graceful: true, wait: true, timeout: Math.max(1_000, stopOptions.graceMs ?? 10_000) });
      }
      starting = undefined;
    },
  };
}
