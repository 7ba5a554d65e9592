import type { TransitionEvent } from '../domain/index.js';
import { boundedCall } from '../provider/index.js';
import type { TransitionOutbox } from '../store/index.js';

/** What the vendor's `onTransition` receives; delivered at least once, in order per cloud. */
export type TransitionHandler = (event: TransitionEvent) => void | Promise<void>;

/**
 * Delivers one cloud's stored events to `onTransition`, oldest first, each marked delivered once
 * the handler resolves. The delivery of a cloud is taken with a lease, so its events go out from
 * one worker at a time and in order; a handler that throws stops the round (the job runs again,
 * and the event with it, same id).
 */
export async function deliverEvents(
  outbox: TransitionOutbox,
  cloudId: string,
  options: { holder: string; onTransition: TransitionHandler; leaseMs: number; timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<'delivered' | 'busy'> {
  if (!(await outbox.claimDelivery(cloudId, options.holder, options.leaseMs))) return 'busy';
  try {
    for (;;) {
      const events = await outbox.pending(cloudId, { limit: 50 });
      if (events.length === 0) return 'delivered';
      for (const event of events) {
        if (!(await outbox.claimDelivery(cloudId, options.holder, options.leaseMs))) return 'busy';
        await boundedCall(async () => options.onTransition(event), {
          timeoutMs: options.timeoutMs,
          signal: options.signal,
          what: `onTransition of event ${event.id}`,
        });
        await outbox.markDelivered(cloudId, [event.id]);
      }
    }
  } finally {
    await outbox.releaseDelivery(cloudId, options.holder);
  }
}
