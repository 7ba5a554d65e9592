import { randomUUID } from 'node:crypto';
import {
  type Job,
  type JobData,
  type JobName,
  type JobQueue,
  type JobWorker,
  jobNames,
  type SendOptions,
  type WorkOptions,
} from './job-queue.js';

/** Options of the in-process queue. */
export interface InProcessJobQueueOptions {
  /** How many times a failing job runs again before it is dropped (and reported). Default 20. */
  retryLimit?: number;
  /** The first wait before a failed job runs again, doubled each time up to a minute. Default 1,000 ms. */
  retryDelayMs?: number;
  /** Told of a job dropped after its last retry. Default: a process warning. */
  onJobDropped?: (job: { name: JobName; data: JobData }, error: unknown) => void;
}

interface Waiting {
  readonly id: string;
  readonly name: JobName;
  readonly data: JobData;
  readonly key: string | undefined;
  runAt: number;
  attempt: number;
}

interface Registration {
  readonly options: WorkOptions;
  readonly handler: (job: Job) => Promise<void>;
  readonly running: Set<{ controller: AbortController; done: Promise<void> }>;
  stopping: boolean;
}

/**
 * The default job queue: jobs wait in this process's memory and run in it. Nothing to install, and
 * nothing survives the process; after a restart the worker's sweep finds what was left undone
 * (clouds still `validating`, events not yet delivered) and queues it again.
 */
export function createInProcessJobQueue(options: InProcessJobQueueOptions = {}): JobQueue {
  const retryLimit = options.retryLimit ?? 20;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const onJobDropped =
    options.onJobDropped ??
    ((job, error) =>
      process.emitWarning(`byoc-kit dropped job ${job.name} after ${retryLimit} retries: ${String((error as Error)?.message ?? error)}`));
  const waiting = new Map<JobName, Waiting[]>();
  const workers = new Map<JobName, Registration[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Number.POSITIVE_INFINITY;

  const queueOf = (name: JobName) => {
    let list = waiting.get(name);
    if (!list) {
      list = [];
      waiting.set(name, list);
    }
    return list;
  };

  // Runs due jobs on free slots, then sleeps until the next one is due.
  const dispatch = () => {
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [name, registrations] of workers) {
      const list = queueOf(name);
      list.sort((a, b) => a.runAt - b.runAt);
      for (const registration of registrations) {
        while (!registration.stopping && registration.running.size < registration.options.concurrency) {
          const index = list.findIndex((job) => job.runAt <= now);
          if (index === -1) break;
          const [job] = list.splice(index, 1) as [Waiting];
          run(registration, job);
        }
      }
      for (const job of list) next = Math.min(next, job.runAt);
    }
    if (next < timerAt || timer === undefined) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAt = next;
      if (Number.isFinite(next)) {
        timer = setTimeout(
          () => {
            timer = undefined;
            timerAt = Number.POSITIVE_INFINITY;
            dispatch();
          },
          Math.max(0, next - now),
        );
        timer.unref?.();
      }
    }
  };

  const run = (registration: Registration, job: Waiting) => {
    const controller = new AbortController();
    const timeout = setTimeout(
      () => controller.abort(new Error(`job ${job.name} ran past its ${registration.options.timeoutMs} ms`)),
      registration.options.timeoutMs,
    );
    timeout.unref?.();
    const entry = {
      controller,
      done: Promise.resolve()
        .then(() => registration.handler({ id: job.id, name: job.name, data: job.data, signal: controller.signal }))
        .then(
          () => undefined,
          (error: unknown) => {
            // A job handed back by a stop runs again at once; a failed one after a backoff.
            const handedBack = registration.stopping && controller.signal.aborted;
            if (!handedBack && job.attempt >= retryLimit) return onJobDropped({ name: job.name, data: job.data }, error);
            const delay = handedBack ? 0 : Math.min(60_000, retryDelayMs * 2 ** job.attempt);
            queueOf(job.name).push({ ...job, attempt: handedBack ? job.attempt : job.attempt + 1, runAt: Date.now() + delay });
          },
        )
        .finally(() => {
          clearTimeout(timeout);
          registration.running.delete(entry);
          setImmediate(dispatch);
        }),
    };
    registration.running.add(entry);
  };

  const stopRegistration = async (name: JobName, registration: Registration, graceMs: number) => {
    registration.stopping = true;
    const running = [...registration.running];
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref?.());
    await Promise.race([Promise.all(running.map((entry) => entry.done)), grace]);
    for (const entry of registration.running) entry.controller.abort(new Error('the worker is stopping; the job is handed back'));
    await Promise.all([...registration.running].map((entry) => entry.done));
    workers.set(
      name,
      (workers.get(name) ?? []).filter((candidate) => candidate !== registration),
    );
  };

  const send = async (name: JobName, data: JobData, sendOptions: SendOptions = {}) => {
    const list = queueOf(name);
    if (sendOptions.key !== undefined && list.some((job) => job.key === sendOptions.key)) return;
    list.push({ id: randomUUID(), name, data, key: sendOptions.key, runAt: Date.now() + (sendOptions.delayMs ?? 0), attempt: 0 });
    dispatch();
  };

  return {
    system: 'byoc-kit',
    async start() {},
    async stats() {
      const now = Date.now();
      return jobNames.map((name) => {
        const due = queueOf(name).filter((job) => job.runAt <= now);
        return { name, waiting: due.length, oldestWaitingMs: due.length === 0 ? 0 : now - Math.min(...due.map((job) => job.runAt)) };
      });
    },
    send,
    async sendMany(jobs) {
      for (const job of jobs) await send(job.name, job.data, job.options);
    },
    async work(name, workOptions, handler): Promise<JobWorker> {
      const registration: Registration = { options: workOptions, handler, running: new Set(), stopping: false };
      workers.set(name, [...(workers.get(name) ?? []), registration]);
      dispatch();
      return { stop: (stopOptions = {}) => stopRegistration(name, registration, stopOptions.graceMs ?? 10_000) };
    },
    async stop(stopOptions = {}) {
      await Promise.all(
        [...workers.entries()].flatMap(([name, registrations]) =>
          registrations.map((registration) => stopRegistration(name, registration, stopOptions.graceMs ?? 10_000)),
        ),
      );
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
    },
  };
}
