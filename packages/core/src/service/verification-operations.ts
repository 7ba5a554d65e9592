import { randomUUID } from 'node:crypto';
import { type LifecycleEventType, publicCloud } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { type createHealthMonitor, type createVerificationRunner, withTraceContext } from '../runtime/index.js';
import type { Byoc } from './byoc.js';
import type { ExternalIdLifecycle } from './external-id-rotation.js';
import { parseFailure } from './lifecycle-operations.js';
import type { ServiceContext } from './service-context.js';

/** The runtime parts verification goes through. */
export interface VerificationParts {
  readonly verifications: ReturnType<typeof createVerificationRunner>;
  readonly health: ReturnType<typeof createHealthMonitor>;
  readonly externalIds: ExternalIdLifecycle;
}

/**
 * Access and its checks: `submitAccess` (queued for a worker), `provision`, `retry` and `reconnect`
 * (verified in the call), `checkHealth`, and `confirmAccess` / `rejectAccess` for providers verified
 * by people.
 */
export function createVerificationOperations(
  context: ServiceContext,
  parts: VerificationParts,
): Pick<Byoc, 'submitAccess' | 'provision' | 'retry' | 'reconnect' | 'checkHealth' | 'confirmAccess' | 'rejectAccess'> {
  const { writer, move, holder } = context;
  const { verifications, health, externalIds } = parts;

  /** Starts a verification and runs it here, as `provision`, `retry` and `reconnect` do. */
  const verifyHere = async (
    id: string,
    event: LifecycleEventType,
    accessInput: unknown,
    verifyOptions: { actor?: string; reason?: string; signal?: AbortSignal; deadlineMs?: number },
  ) => {
    const claim = `${holder}#${randomUUID().slice(0, 8)}`;
    const started = await verifications.start(id, {
      event,
      accessInput,
      claimFor: claim,
      actor: verifyOptions.actor,
      reason: verifyOptions.reason,
    });
    const run = await verifications.run(id, {
      ...verifyOptions,
      holder,
      claimed: claim,
      attemptId: started.attemptId,
      access: started.access,
    });
    if (run.report === undefined) {
      throw new ByocError({
        code: 'VERIFICATION_ERROR',
        message: `The verification of custom cloud ${id} was taken over before it finished (${run.status}); read the cloud for its outcome.`,
        details: { id, status: run.status },
        isRetryable: true,
      });
    }
    return { cloud: publicCloud(run.cloud), report: run.report };
  };

  /** For providers verified by people: only they may confirm or reject access by hand. */
  const manualProvider = async (id: unknown, method: string) => {
    const cloud = await writer.load(id);
    const provider = context.providerFor(cloud.provider);
    if (provider.capabilities.automatedVerification) {
      throw new ByocError({
        code: 'MANUAL_VERIFICATION_UNSUPPORTED',
        message: `${method} is for providers verified by people; the ${provider.id} provider verifies access itself. Call provision, retry or reconnect instead.`,
        details: { provider: provider.id },
      });
    }
    return cloud;
  };

  return {
    async submitAccess(id, accessInput, actor = {}) {
      externalIds.assertUsable(await writer.load(id));
      const started = await verifications.start(id, { event: 'submitAccess', accessInput, ...actor });
      // Stored first: a queue that refuses the job loses nothing, the sweep queues it again.
      await context.jobs
        .send('byoc-verify', withTraceContext({ cloudId: started.cloud.id, attemptId: started.attemptId }), {
          key: `verify:${started.cloud.id}`,
        })
        .catch(context.reportError);
      return publicCloud(started.cloud);
    },

    async provision(id, accessInput, verifyOptions = {}) {
      externalIds.assertUsable(await writer.load(id));
      return verifyHere(id, 'submitAccess', accessInput, verifyOptions);
    },
    retry: (id, verifyOptions = {}) => verifyHere(id, 'retry', undefined, verifyOptions),
    reconnect: (id, accessInput, verifyOptions = {}) => verifyHere(id, 'reconnect', accessInput, verifyOptions),

    async checkHealth(id) {
      const outcome = await health.check(id, { holder });
      return { cloud: publicCloud(outcome.cloud), report: outcome.report as NonNullable<typeof outcome.report> };
    },

    async confirmAccess(id, actor = {}) {
      const cloud = await manualProvider(id, 'confirmAccess');
      return move(id, [cloud.state === 'reconnecting' ? 'reconnected' : 'accessVerified'], actor);
    },

    async rejectAccess(id, failure, actor = {}) {
      const checked = parseFailure('rejectAccess', failure);
      await manualProvider(id, 'rejectAccess');
      return move(id, ['accessRejected'], { ...actor, errors: [{ category: 'verification', ...checked }] });
    },
  };
}
