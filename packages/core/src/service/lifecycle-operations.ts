import * as z from 'zod';
import type { LifecycleEventType } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { Byoc } from './byoc.js';
import type { ServiceContext } from './service-context.js';

const failureSchema = z.object({ code: z.string().min(1).max(128), message: z.string().min(1).max(4096) });

/** A failure the vendor records: `{ code, message }`, else `INPUT_INVALID` naming the method. */
export function parseFailure(method: string, failure: unknown): { code: string; message: string } {
  const checked = failureSchema.safeParse(failure);
  if (!checked.success) {
    throw new ByocError({
      code: 'INPUT_INVALID',
      message: `${method} takes { code, message }: a code of 1-128 characters and a message of 1-4096.`,
    });
  }
  return checked.data;
}

/** What the vendor reports of the cloud it builds and tears down: `markActive`, `markFailed`, `markDisconnected`, `markDeleted`, `delete`. */
export function createLifecycleOperations(
  context: ServiceContext,
): Pick<Byoc, 'markActive' | 'markFailed' | 'markDisconnected' | 'markDeleted' | 'delete'> {
  const { move, writer } = context;
  return {
    markActive: (id, actor = {}) => move(id, ['provisioned'], actor),

    async markFailed(id, failure, actor = {}) {
      const checked = parseFailure('markFailed', failure);
      const cloud = await writer.load(id);
      const event = cloud.state === 'deleting' ? 'deletionFailed' : 'provisioningFailed';
      const category = event === 'deletionFailed' ? 'deletion' : 'provisioning';
      return move(id, [event], { ...actor, errors: [{ category, ...checked }] });
    },

    markDisconnected: (id, failure, actor = {}) =>
      move(id, ['connectionLost'], { ...actor, errors: [{ category: 'connectivity', ...parseFailure('markDisconnected', failure) }] }),

    markDeleted: (id, actor = {}) => move(id, ['deleted'], actor),

    async delete(id, deleteOptions = {}) {
      const current = await writer.load(id);
      const provider = context.providerFor(current.provider);
      const events: LifecycleEventType[] = current.state === 'draft' || !deleteOptions.force ? ['delete'] : ['delete', 'deleted'];
      const cloud = await move(id, events, deleteOptions);
      return { cloud, teardown: provider.teardown(cloud) };
    },
  };
}
