/**
 * The one small interface byoc-kit's background work runs on. `createInProcessJobQueue()` (core)
 * serves one process; `createPostgresJobQueue()` (`@byoc-kit/postgres`, on pg-boss) serves any
 * number of workers in any number of processes, its jobs surviving restarts.
 *
 * What a queue guarantees: a job with a `key` is queued at most once while it waits (a second send
 * is dropped); a job whose handler throws runs again later, with backoff; a job whose worker died
 * runs again once its `timeoutMs` has passed (a durable queue); `stop()` lets running jobs finish
 * within a grace period, then aborts their signal and hands them back to be run again.
 */

/** The jobs byoc-kit runs. */
export const jobNames = ['byoc-verify', 'byoc-health', 'byoc-deliver', 'byoc-sweep'] as const;
/** A job name. */
export type JobName = (typeof jobNames)[number];

/** A job's data: plain JSON. */
export type JobData = Readonly<Record<string, string | number | boolean | null>>;

/** One job handed to a handler. */
export interface Job {
  readonly id: string;
  readonly name: JobName;
  readonly data: JobData;
  /** Aborted when the worker stops before the job ends (the job is then handed back) or at its timeout. */
  readonly signal: AbortSignal;
}

/** Options of `send`. */
export interface SendOptions {
  /** While a job with this key waits to run, another send with it is dropped. */
  readonly key?: string;
  /** Run no sooner than this many ms from now. */
  readonly delayMs?: number;
}

/** Options of `work`. */
export interface WorkOptions {
  /** Jobs of this name run at once in this process, at most. */
  readonly concurrency: number;
  /** How long one job may run; a durable queue gives a job of a dead worker to another after it. */
  readonly timeoutMs: number;
}

/** A handler registered with `work`. */
export interface JobWorker {
  /**
   * Stops taking jobs; running ones get `graceMs` to finish, then their signal is aborted and they
   * are handed back to run again. Resolves when none runs.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** How many jobs of one name wait, and how long the oldest has waited. */
export interface QueueStats {
  readonly name: JobName;
  /** Jobs ready or due to run, not yet taken by a worker. */
  readonly waiting: number;
  /** How long the oldest of them has waited since it was due, in ms; 0 when none waits. */
  readonly oldestWaitingMs: number;
}

/** A job queue. */
export interface JobQueue {
  /** What the queue is, as the messaging spans' `messaging.system` says (`byoc-kit`, `pg-boss`). */
  readonly system?: string;
  /** Optional: what waits in each queue, for the `byoc.queue.*` metrics and a status page. */
  stats?(): Promise<readonly QueueStats[]>;
  /** Connects and prepares the queue; safe to call more than once. */
  start(): Promise<void>;
  send(name: JobName, data: JobData, options?: SendOptions): Promise<void>;
  /** Many sends at once (the sweep's health checks): each as `send`. */
  sendMany(jobs: readonly { name: JobName; data: JobData; options?: SendOptions }[]): Promise<void>;
  /** Runs `handler` for jobs of `name`: resolving completes the job, throwing runs it again later. */
  work(name: JobName, options: WorkOptions, handler: (job: Job) => Promise<void>): Promise<JobWorker>;
  /** Stops every worker (as `JobWorker.stop`) and releases the queue's connections. */
  stop(options?: { graceMs?: number }): Promise<void>;
}
