import type { ObservableResult } from '@opentelemetry/api';
import { type CustomCloudState, customCloudStates } from '../domain/index.js';
import { byocMeter, telemetryEnabled } from '../provider/index.js';
import type { CustomCloudStore } from '../store/index.js';
import type { JobQueue } from './job-queue.js';

/**
 * The observable metrics of a worker, read at each collection: `byoc.clouds` by state (the store's
 * count per state: one indexed count each, never a scan of the clouds) and, from a queue that gives
 * its stats, `byoc.queue.depth` and `byoc.queue.oldest_age` by queue. Returns how to stop reporting.
 */
export function observeRuntime(store: CustomCloudStore, jobs: JobQueue, reportError: (error: unknown) => void): { stop(): void } {
  const meter = byocMeter();
  const clouds = meter.createObservableGauge('byoc.clouds', { description: 'Custom clouds in each lifecycle state.', unit: '{cloud}' });
  const depth = meter.createObservableGauge('byoc.queue.depth', { description: 'Jobs waiting in each queue.', unit: '{job}' });
  const oldest = meter.createObservableGauge('byoc.queue.oldest_age', {
    description: 'How long the oldest waiting job of each queue has waited.',
    unit: 's',
  });
  const observeClouds = async (result: ObservableResult) => {
    if (!store.countByState || !telemetryEnabled()) return;
    try {
      const counts = await store.countByState();
      for (const state of customCloudStates) result.observe(counts[state as CustomCloudState] ?? 0, { 'byoc.state': state });
    } catch (error) {
      reportError(error);
    }
  };
  const observeQueue = (pick: (stats: { waiting: number; oldestWaitingMs: number }) => number) => async (result: ObservableResult) => {
    if (!jobs.stats || !telemetryEnabled()) return;
    try {
      for (const stats of await jobs.stats()) result.observe(pick(stats), { 'messaging.destination.name': stats.name });
    } catch (error) {
      reportError(error);
    }
  };
  const observeDepth = observeQueue((stats) => stats.waiting);
  const observeOldest = observeQueue((stats) => stats.oldestWaitingMs / 1000);
  clouds.addCallback(observeClouds);
  depth.addCallback(observeDepth);
  oldest.addCallback(observeOldest);
  return {
    stop() {
      clouds.removeCallback(observeClouds);
      depth.removeCallback(observeDepth);
      oldest.removeCallback(observeOldest);
    },
  };
}
