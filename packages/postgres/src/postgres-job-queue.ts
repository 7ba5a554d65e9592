import type { Job, JobData, JobName, JobQueue, JobWorker, SendOptions } from '@byoc-kit/core';
import { jobNames } from '@byoc-kit/core';
import { parseInput, z } from '@byoc-kit/core/provider-utils';
import PgBoss from 'pg-boss';
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
      /** The schema that instance keeps its tables in, for the queue's stats. Default `pgboss`. */
      schema?: string;
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
    /** The schema that pg-boss was created with, for the queue's stats. Default `pgboss`. */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,49}$/, 'Use 1-50 lower-case letters, digits and "_".')
      .default('pgboss'),
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
  const consumers = new Set<Consumer>();
  let starting: Promise<void> | undefined;

  /**
   * Creates or updates one queue. Replicas starting together race here: another may create it
   * first, or PostgreSQL may end one of two creations as a deadlock (40P01); each is tried again,
   * after a short random wait, until the queue is there.
   */
  const ensureQueue = async (name: JobName, queue: Parameters<typeof boss.createQueue>[1] & object) => {
    for (let attempt = 1; ; attempt++) {
      try {
        if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
        else await boss.createQueue(name, queue);
        return;
      } catch (error) {
        if (attempt >= 6) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 50));
      }
    }
  };

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
          await ensureQueue(name, queue);
        }
      } catch (error) {
        starting = undefined;
        throw storeError(error, 'start the pg-boss job queue');
      }
    })();
    return starting;
  };

  // A delay goes to pg-boss as seconds, which PostgreSQL adds to its own now(): a job is due after
  // its delay even when this process's clock and the database's disagree.
  const sendOptions = (options: SendOptions = {}) => ({
    ...(options.key === undefined ? {} : { singletonKey: options.key }),
    ...(options.delayMs ? { startAfter: delaySeconds(options.delayMs) } : {}),
  });

  // A send from this process wakes its consumer of that queue: no wait for the next poll.
  const wake = (name: JobName, options: SendOptions = {}) => {
    if (options.delayMs) return;
    for (const consumer of consumers) if (consumer.name === name) consumer.wake();
  };

  // The schema of pg-boss's tables, as given (default `pgboss`); checked by the connection's schema.
  const bossSchema = parsed.schema;

  return {
    boss,
    system: 'pg-boss',
    start,
    async stats() {
      await start();
      // Jobs due and not taken, per queue, and how long the oldest has been due: one grouped read of pg-boss's job table.
      const { rows } = await boss.getDb().executeSql(
        `SELECT name, count(*) AS waiting, COALESCE(EXTRACT(EPOCH FROM now() - min(start_after)) * 1000, 0) AS oldest
         FROM "${bossSchema}".job
         WHERE name = ANY($1) AND state IN ('created', 'retry') AND start_after <= now()
         GROUP BY name`,
        [jobNames],
      );
      const byName = new Map(rows.map((row: { name: JobName; waiting: string; oldest: string }) => [row.name, row]));
      return jobNames.map((name) => {
        const row = byName.get(name);
        return { name, waiting: Number(row?.waiting ?? 0), oldestWaitingMs: Math.max(0, Math.round(Number(row?.oldest ?? 0))) };
      });
    },
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
      // One statement per thousand jobs; a key already waiting is dropped, as by send.
      for (let offset = 0; offset < jobs.length; offset += 1_000) {
        const chunk = jobs.slice(offset, offset + 1_000).map((job) => ({
          name: job.name,
          data: job.data as object,
          ...(job.options?.key === undefined ? {} : { singletonKey: job.options.key }),
          ...(job.options?.delayMs ? { startAfter: String(delaySeconds(job.options.delayMs)) } : {}),
        }));
        try {
          await boss.insert(chunk);
        } catch (error) {
          throw storeError(error, 'queue jobs');
        }
      }
    },
    async work(name, workOptions, handler): Promise<JobWorker> {
      await start();
      await boss.updateQueue(name, {
        name,
        policy: 'short',
        expireInSeconds: Math.max(1, Math.ceil(workOptions.timeoutMs / 1000)),
      } as never);
      const consumer = createConsumer(boss, name, workOptions, handler, settings.pollingIntervalSeconds * 1000);
      consumers.add(consumer);
      return {
        async stop(stopOptions = {}) {
          await consumer.stop(stopOptions.graceMs ?? 10_000);
          consumers.delete(consumer);
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

interface Consumer {
  readonly name: JobName;
  wake(): void;
  stop(graceMs: number): Promise<void>;
}

/**
 * Takes jobs of one queue for up to `concurrency` handlers at once. pg-boss 10's `work()` takes a
 * fixed batch and settles it as a whole (one long job would hold back the rest), so N slots would
 * need N pollers, each querying on its own; this one fetch loop asks pg-boss for as many jobs as
 * slots are free, and settles each job on its own with pg-boss's `complete` and `fail`. pg-boss
 * keeps everything else: durability, retries with backoff, and the expiry of a dead worker's jobs.
 */
function createConsumer(
  boss: PgBoss,
  name: JobName,
  options: { concurrency: number; timeoutMs: number },
  handler: (job: Job) => Promise<void>,
  pollingMs: number,
): Consumer {
  const running = new Map<string, AbortController>();
  let stopping = false;
  let nudge: (() => void) | undefined;
  const settled = new Set<Promise<void>>();
  // Jobs that end within a few milliseconds of each other are completed in one statement, and
  // their slots refilled by one fetch: under load that halves the queries per job.
  let completing: { ids: string[]; flushed: Promise<void> } | undefined;
  const complete = (id: string): Promise<void> => {
    if (!completing) {
      const batch: { ids: string[]; flushed: Promise<void> } = { ids: [], flushed: Promise.resolve() };
      batch.flushed = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(async () => {
        completing = undefined;
        await boss.complete(name, batch.ids).catch(() => undefined);
      });
      completing = batch;
    }
    completing.ids.push(id);
    return completing.flushed;
  };

  const run = (job: PgBoss.Job<object>) => {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new Error(`job ${name} ran past ${options.timeoutMs} ms`)), options.timeoutMs);
    running.set(job.id, controller);
    const done = handler({ id: job.id, name, data: job.data as JobData, signal: controller.signal })
      .then(
        () => complete(job.id),
        (error: unknown) => boss.fail(name, job.id, { message: String((error as Error)?.message ?? error).slice(0, 500) }),
      )
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timeout);
        running.delete(job.id);
        settled.delete(done);
        nudge?.();
      });
    settled.add(done);
  };

  const loop = (async () => {
    while (!stopping) {
      const free = options.concurrency - running.size;
      let fetched = 0;
      if (free > 0) {
        const jobs = await boss.fetch<object>(name, { batchSize: free }).catch(() => []);
        fetched = jobs.length;
        for (const job of jobs) run(job);
      }
      // A full batch may mean more is waiting: ask again at once; else wait for a free slot, a
      // local send, or the polling interval.
      if (fetched > 0 && fetched === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollingMs);
        nudge = () => {
          clearTimeout(timer);
          nudge = undefined;
          resolve();
        };
      });
    }
  })();

  return {
    name,
    wake: () => nudge?.(),
    async stop(graceMs) {
      stopping = true;
      nudge?.();
      await loop;
      const deadline = Date.now() + graceMs;
      while (running.size > 0 && Date.now() < deadline)
        await Promise.race([Promise.all(settled), new Promise((resolve) => setTimeout(resolve, 50))]);
      // Past the grace period: abort, and the jobs fail back to pg-boss, to run again elsewhere.
      for (const controller of running.values()) controller.abort(new Error('the worker is stopping; the job is handed back'));
      await Promise.all(settled);
    },
  };
}

/** A delay in milliseconds as the seconds pg-boss adds to the database's clock (`1500` -> `1.5`). */
function delaySeconds(delayMs: number): number {
  return Math.max(delayMs, 1) / 1_000;
}
