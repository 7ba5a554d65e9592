/**
 * Background work: the cloud writer (versioned writes with their outbox events), verification runs
 * claimed by one worker at a time, the health monitor, delivery of transitions, the job-queue contract
 * and its in-process queue, and the worker that runs them. Imports `store/`, `provider/`, `domain/` and
 * `errors/`; never `service/`, whose contracts it serves.
 */

export { type CloudWriter, createCloudWriter } from './cloud-writer.js';
export { createHealthMonitor } from './health-monitor.js';
export { createInProcessJobQueue } from './in-process-job-queue.js';
export { type JobQueue, jobNames } from './job-queue.js';
export { withTraceContext } from './job-trace.js';
export { type HealthSettings, type RuntimeSettings, runtimeSettingsSchema, type VerificationSettings } from './runtime-settings.js';
export { createVerificationRunner } from './verification-runner.js';
export { type ByocWorker, type StartWorkerOptions, startWorker, workerName } from './worker.js';
