import { type Byoc, ByocError, type CustomCloud } from '@byoc-kit/core';
import { parseInput, z } from '@byoc-kit/core/provider-utils';
import { checkFulfilment } from './azure-fulfilment.js';
import { azureIdsOf } from './azure-ids.js';
import { type AzureRequestRecord, type AzureRequestState, type AzureRequestStore, azureRequestStates } from './azure-request-store.js';
import { verifySignedBody } from './azure-signature.js';

/** The service calls the tracker makes. */
export type TrackedByoc = Pick<Byoc, 'get' | 'confirmAccess' | 'rejectAccess' | 'markActive' | 'markFailed'>;

/** A status update from the vendor's team. */
export interface AzureRequestUpdate {
  state: Exclude<AzureRequestState, 'submitted'>;
  /** Why, for `rejected` (required). */
  reason?: string;
  /** What was built, for `fulfilled` (the subscription is required). */
  subscriptionId?: string;
  resourceGroup?: string;
  note?: string;
}

const updateSchema = z.strictObject({
  state: z.enum(['acknowledged', 'in_progress', 'fulfilled', 'rejected']),
  reason: z.string().min(1).max(2000).optional(),
  subscriptionId: z.uuid().optional(),
  resourceGroup: z.string().min(1).max(90).optional(),
  note: z.string().max(2000).optional(),
});
/**
 * A signed status update names the request it is about (the cloud and the request version) and
 * carries an id of its own, so it can change only that request, and only once, on any replica.
 */
const webhookSchema = updateSchema.extend({
  customCloudId: z.uuid(),
  requestVersion: z.number().int().min(1),
  updateId: z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'Use 8-128 letters, digits, "_", ".", ":" or "-" (a UUID fits).'),
  actor: z.string().min(1).max(256).optional(),
});
const keptUpdateIds = 200;

const order: Record<AzureRequestState, number> = { submitted: 0, acknowledged: 1, in_progress: 2, fulfilled: 3, rejected: 3 };

/** What an update returns: the request and the cloud as they now stand. */
export interface AzureTrackingOutcome {
  request: AzureRequestRecord;
  cloud: CustomCloud;
}

/** Updates requests and maps them into the custom cloud's lifecycle. */
export interface AzureRequestTracker {
  /** The request of a custom cloud; `REQUEST_NOT_FOUND` when none was submitted. */
  get(customCloudId: string): Promise<AzureRequestRecord>;
  /**
   * Records the team's update and moves the cloud: `acknowledged` and `in_progress` move it from
   * `validating` to `creating`; `fulfilled` is checked against the request, then the cloud becomes
   * `active` (or fails with `FULFILMENT_MISMATCH`); `rejected` returns it to `draft` with the
   * reason (or `creation_failed` if the team had already acknowledged it).
   */
  update(customCloudId: string, update: AzureRequestUpdate, options?: { actor?: string }): Promise<AzureTrackingOutcome>;
  /**
   * The same from a signed webhook: `{ customCloudId, requestVersion, updateId, state, ... }` as the
   * raw body, and the `x-byoc-signature` header. Refuses bad (`WEBHOOK_SIGNATURE_INVALID`) and stale
   * (`WEBHOOK_SIGNATURE_STALE`) signatures, an update of another version of the request
   * (`WEBHOOK_REQUEST_VERSION_MISMATCH`) and one already applied (`WEBHOOK_REPLAYED`): applied ids are
   * kept with the request in its store, so a replay is refused on every replica and after restarts.
   */
  handleWebhook(input: { body: string; signature: string | null | undefined }): Promise<AzureTrackingOutcome>;
}

export function createAzureRequestTracker(context: {
  byoc: TrackedByoc;
  requests: AzureRequestStore;
  now: () => number;
  webhookSecret: string | undefined;
  signatureToleranceMs: number;
}): AzureRequestTracker {
  const { byoc, requests, now } = context;

  const get = async (customCloudId: string) => {
    const record = await requests.get(customCloudId);
    if (!record) {
      throw new ByocError({
        code: 'REQUEST_NOT_FOUND',
        message: `No Azure request was submitted for custom cloud ${customCloudId}. Provision it with the customer's tenant and subscription first.`,
        details: { customCloudId },
      });
    }
    return record;
  };

  const update = async (
    customCloudId: string,
    input: AzureRequestUpdate,
    options: { actor?: string; signed?: { requestVersion: number; updateId: string } } = {},
  ): Promise<AzureTrackingOutcome> => {
    const change = parseInput(updateSchema, input, { what: 'Azure request update' });
    const record = await get(customCloudId);
    const signed = options.signed;
    if (signed && signed.requestVersion !== record.requestVersion) {
      throw new ByocError({
        code: 'WEBHOOK_REQUEST_VERSION_MISMATCH',
        message: `This status update is about version ${signed.requestVersion} of the request of ${customCloudId}, which is now at version ${record.requestVersion}; an update of an older request changes nothing. Send an update of version ${record.requestVersion}.`,
        details: { customCloudId, requestVersion: signed.requestVersion, currentVersion: record.requestVersion },
      });
    }
    if (signed && record.receivedUpdates?.includes(signed.updateId)) {
      throw new ByocError({
        code: 'WEBHOOK_REPLAYED',
        message: `The status update ${signed.updateId} was already applied; each signed update is accepted once.`,
        details: { updateId: signed.updateId },
      });
    }
    if (record.state === change.state) return { request: record, cloud: await byoc.get(customCloudId) };
    if (record.state === 'fulfilled' || record.state === 'rejected' || order[change.state] < order[record.state]) {
      throw new ByocError({
        code: 'REQUEST_STATE_INVALID',
        message: `The request of ${customCloudId} is ${record.state}; it cannot become ${change.state}. States move forward: ${azureRequestStates.join(' -> ')}, or to rejected.`,
        details: { from: record.state, to: change.state },
      });
    }
    if (change.state === 'rejected' && !change.reason) {
      throw new ByocError({ code: 'INPUT_INVALID', message: 'A rejected request needs a reason, which the customer will see.' });
    }
    if (change.state === 'fulfilled' && !change.subscriptionId) {
      throw new ByocError({
        code: 'INPUT_INVALID',
        message: 'A fulfilled request needs the subscriptionId (and resourceGroup) the team built the cloud in.',
      });
    }
    const actor = options.actor ?? 'vendor-team';
    const cloud = await byoc.get(customCloudId);
    if (!cloud.access)
      throw new ByocError({ code: 'REQUEST_STATE_INVALID', message: `Custom cloud ${customCloudId} has no Azure ids recorded.` });
    const next: AzureRequestRecord = {
      ...record,
      revision: (record.revision ?? 0) + 1,
      ...(signed ? { receivedUpdates: [...(record.receivedUpdates ?? []), signed.updateId].slice(-keptUpdateIds) } : {}),
      state: change.state,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.state === 'fulfilled'
        ? { fulfilment: { subscriptionId: change.subscriptionId as string, resourceGroup: change.resourceGroup } }
        : {}),
      history: [
        ...record.history,
        { state: change.state, at: new Date(now()).toISOString(), actor, ...(change.note ? { note: change.note } : {}) },
      ],
    };
    await requests.put(next, { expectedRevision: record.revision ?? 0 });
    const reason = change.note ?? change.reason;
    const call = { actor, ...(reason ? { reason } : {}) };
    const working = async () => (cloud.state === 'validating' ? byoc.confirmAccess(customCloudId, call) : cloud);
    if (change.state === 'acknowledged' || change.state === 'in_progress') return { request: next, cloud: await working() };
    if (change.state === 'rejected') {
      const failure = { code: 'REQUEST_REJECTED', message: `The vendor team rejected the request: ${change.reason}` };
      const moved =
        cloud.state === 'validating'
          ? await byoc.rejectAccess(customCloudId, failure, call)
          : await byoc.markFailed(customCloudId, failure, call);
      return { request: next, cloud: moved };
    }
    const report = checkFulfilment(next, azureIdsOf(cloud.access), 0);
    if (!report.ok && report.error) {
      const failure = { code: report.error.code, message: report.error.message };
      const moved =
        cloud.state === 'validating'
          ? await byoc.rejectAccess(customCloudId, failure, call)
          : await byoc.markFailed(customCloudId, failure, call);
      return { request: next, cloud: moved };
    }
    await working();
    return { request: next, cloud: await byoc.markActive(customCloudId, call) };
  };

  return {
    get,
    update,
    async handleWebhook({ body, signature }) {
      if (!context.webhookSecret) {
        throw new ByocError({
          code: 'AZURE_SETTINGS_INVALID',
          message: 'Signed status updates need webhookSecret in createAzureRequestProvider.',
        });
      }
      verifySignedBody(body, signature, context.webhookSecret, { nowMs: now(), toleranceMs: context.signatureToleranceMs });
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw new ByocError({ code: 'INPUT_INVALID', message: 'The status update body is not JSON.' });
      }
      const { customCloudId, actor, requestVersion, updateId, ...change } = parseInput(webhookSchema, json, {
        what: 'Azure request status update',
      });
      return update(customCloudId, change, { ...(actor ? { actor } : {}), signed: { requestVersion, updateId } });
    },
  };
}
