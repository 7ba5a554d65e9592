import { createMemoryStore } from '../store/index.js';
import { testRuntime } from '../testing/test-runtime.js';
import { createInProcessJobQueue } from './in-process-job-queue.js';

// Workers of several services in one process share one in-process queue, as replicas share a
// durable one.
testRuntime('the in-process queue', async () => {
  const store = createMemoryStore();
  const queue = createInProcessJobQueue();
  return { store, queue: () => queue, latencyMs: 0, close: () => queue.stop({ graceMs: 500 }) };
});
