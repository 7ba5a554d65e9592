import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Byoc, ByocListFilter, ByocOptions } from './byoc.js';
import { ByocError } from './byoc-error.js';
import { createEmitter } from './byoc-events.js';
import { checkByocOptions } from './byoc-options.js';
import { createCloudLists } from './cloud-lists.js';
import { parseCustomCloudInput } from './custom-cloud-input.js';
import { applyPatch } from './custom-cloud-patch.js';
import { type CustomCloud, cloudProviderIdSchema, customCloudStateSchema, customCloudStates } from './custom-cloud-schema.js';
import { generateExternalId as defaultExternalId, externalIdInUse, externalIdPattern } from './external-id.js';
import { createExternalIdLifecycle } from './external-id-rotation.js';
import type { LifecycleEventType } from './lifecycle.js';
import { scopeToOrganization } from './organization-scope.js';
import { parseInput } from './parse-input.js';
import { createProviderRegistry } from './provider-registry.js';
import type { TemplateFormat } from './provider-spec.js';
import { quote } from './quote.js';
import { createRegistration } from './registration.js';
import { createCloudWriter } from './runtime/cloud-writer.js';
import { createHealthMonitor } from './runtime/health-monitor.js';
import { createInProcessJobQueue } from './runtime/in-process-job-queue.js';
import { runtimeSettingsSchema } from './runtime/runtime-settings.js';
import { createVerificationRunner } from './runtime/verification-runner.js';
import { startWorker, workerName } from './runtime/worker.js';
import { publicCloud } from './sealed-secrets.js';
import { customCloudIdPattern } from './template-rules.js';
import { createTemplateTracking } from './template-tracking.js';

export type {
  ActorOptions,
  Byoc,
  ByocListFilter,
  ByocOptions,
  ContactInput,
  DeletionOutcome,
  Failure,
  OrganizationByoc,
  OrganizationListFilter,
  VerificationOutcome,
  VersionedOptions,
} from './byoc.js';

const versionSchema = z.number().int().min(0);
const listFilterSchema = z.strictObject({
  organizationId: z.string().min(1).max(128).optional(),
  provider: cloudProviderIdSchema.optional(),
  state: z.union([customCloudStateSchema, z.array(customCloudStateSchema)]).optional(),
  includeDeleted: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  after: z.uuid().optional(),
});
const liveStates = customCloudStates.filter((state) => state !== 'deleted');
const failureSchema = z.object({ code: z.string().min(1).max(128), message: z.string().min(1).max(4096) });

/**
 * Creates the service: custom clouds from creation to deletion, on the given store, through the
 * given provider adapters, with background work on the given job queue. Every bad input raises a
 * `ByocError` before anything is stored; bad options raise `BYOC_OPTIONS_INVALID` here.
 */
export function createByoc(options: ByocOptions): Byoc {
  checkByocOptions(options);
  const settings = parseInput(
    runtimeSettingsSchema,
    { health: options.health, verification: options.verification },
    {
      what: 'createByoc options',
      code: 'BYOC_OPTIONS_INVALID',
    },
  );
  const rules = options.rules;
  const providerFor = createProviderRegistry(options.providers);
  const store = options.store;
  const jobs = options.jobs ?? createInProcessJobQueue();
  const clock = options.clock ?? (options.now ? { now: options.now } : { now: () => new Date() });
  const now = () => clock.now();
  const timestamp = () => now().toISOString();
  const generateId = options.generateId ?? randomUUID;
  const generateExternalId = options.generateExternalId ?? (() => defaultExternalId());
  const reportError =
    options.onBackgroundError ??
    ((error: unknown) => process.emitWarning(`byoc-kit background work failed: ${String((error as Error)?.message ?? error)}`));
  const emitter = createEmitter(
    options.onListenerError ?? ((error) => process.emitWarning(`byoc-kit transition listener threw: ${String(error)}`)),
  );
  // Verifications run inline (provision, retry, reconnect) claim the attempt under this name.
  const holder = `${workerName()}:inline`;

  const writer = createCloudWriter({
    store,
    now,
    emit: (event) => emitter.emit('transition', event),
    reportError,
    // The store holds the events; the queue is told where to look. A lost job is found by the sweep.
    async afterCommit({ after, events }) {
      if (events.length === 0) return;
      await jobs.send('byoc-deliver', { cloudId: after.id }, { key: `deliver:${after.id}` });
      if (events.some((event) => event.to === 'active' || event.to === 'disconnected')) {
        const delayMs = Math.floor(Math.random() * settings.health.intervalMs);
        await jobs.send('byoc-health', { cloudId: after.id }, { key: `health:${after.id}`, delayMs });
      }
    },
  });
  const renderTemplate = async (stored: CustomCloud, format: TemplateFormat | undefined) => {
    const provider = providerFor(stored.provider);
    const chosen = format ?? provider.capabilities.templateFormats[0];
    if (chosen === undefined || !provider.capabilities.templateFormats.includes(chosen)) {
      throw new ByocError({
        code: 'TEMPLATE_FORMAT_UNSUPPORTED',
        message: `The ${provider.id} provider renders ${provider.capabilities.templateFormats.join(', ')}, not ${quote(format)}.`,
        details: { format, supported: provider.capabilities.templateFormats },
      });
    }
    // The template serves the external ID: from now on it does not expire (a stale unserved one is replaced first).
    const cloud = await externalIds.serve(stored);
    // With self-registration on, a draft cloud's bundle carries a fresh one-time token.
    const registrationToken = cloud.state === 'draft' ? registration.tokenFor(cloud)?.token : undefined;
    return provider.generateTemplate(cloud, { format: chosen, ...(registrationToken ? { registrationToken } : {}) });
  };
  const templates = createTemplateTracking({
    load: async (id) => notDeleted(await writer.load(id)),
    providerFor,
    templates: store.templates,
    render: (cloud, format) => renderTemplate(cloud, format),
  });
  const registration = createRegistration({
    settings: options.registration,
    now: () => now().getTime(),
    load: async (id) => notDeleted(await writer.load(id)),
    write: (id, change) => writer.write(id, change),
    providerFor,
    submitAccess: (id, roleArn, actor) => byoc.submitAccess(id, roleArn, actor),
  });
  const externalIds = createExternalIdLifecycle({
    settings: options.externalIds,
    writer,
    now,
    providerFor,
    newExternalId: () => newExternalId(),
  });
  const verifications = createVerificationRunner({ writer, providerFor, now, settings, templateVersion: templates.versionToRecord });
  const health = createHealthMonitor({ writer, verifications, providerFor, now, settings, templateVersion: templates.versionToRecord });

  const change = async (
    id: unknown,
    update: (cloud: CustomCloud) => CustomCloud,
    expected: { expectedVersion?: number | undefined } = {},
  ) => {
    if (expected.expectedVersion !== undefined && !versionSchema.safeParse(expected.expectedVersion).success) {
      throw new ByocError({
        code: 'INPUT_INVALID',
        message: `expectedVersion must be a whole number, not ${quote(expected.expectedVersion)}.`,
      });
    }
    return publicCloud((await writer.write(id, update, expected)).after);
  };
  const move = (
    id: string,
    events: LifecycleEventType[],
    actor: { actor?: string; reason?: string; errors?: { category: string; code: string; message: string }[] } = {},
  ) => change(id, (cloud) => ({ ...writer.transitions(events, actor)(cloud), verification: null }));

  /**
   * A fresh external ID from the vendor's generator, checked: a malformed one would break every
   * template and the store, and one another cloud holds would let either customer's role be
   * assumed on behalf of the other. Stores refuse a duplicate too; this check names the cause.
   */
  const newExternalId = async (): Promise<string> => {
    const externalId: unknown = generateExternalId();
    if (typeof externalId !== 'string' || !externalIdPattern.test(externalId)) {
      throw new ByocError({
        code: 'EXTERNAL_ID_INVALID',
        message: `generateExternalId returned ${quote(externalId)}; external IDs are 32 to 128 characters of A-Z, a-z, 0-9 and "-". Fix the generator, or leave the option out to use byoc-kit's.`,
      });
    }
    const holders = await store.list({ externalId, limit: 1 });
    if (holders.some((cloud) => cloud.externalId === externalId)) throw externalIdInUse();
    return externalId;
  };

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
    const provider = providerFor(cloud.provider);
    if (provider.capabilities.automatedVerification) {
      throw new ByocError({
        code: 'MANUAL_VERIFICATION_UNSUPPORTED',
        message: `${method} is for providers verified by people; the ${provider.id} provider verifies access itself. Call provision, retry or reconnect instead.`,
        details: { provider: provider.id },
      });
    }
    return cloud;
  };

  const byoc: Byoc = {
    async create(input) {
      const parsed = parseCustomCloudInput(input, rules);
      const provider = providerFor(parsed.provider);
      if (!provider.regions().some((region) => region.id === parsed.region)) {
        throw new ByocError({
          code: 'REGION_INVALID',
          message: `The ${parsed.provider} adapter does not offer the region ${parsed.region}. Choose one of its regions().`,
          details: { provider: parsed.provider, region: parsed.region },
        });
      }
      const id = generateId();
      // Templates check the id with the same pattern (variables.tf, CloudFormation's parameter).
      if (typeof id !== 'string' || !customCloudIdPattern.test(id)) {
        throw new ByocError({
          code: 'INPUT_INVALID',
          message: `generateId returned ${quote(id)}; custom-cloud ids must be lower-case UUIDs.`,
        });
      }
      const externalId = await newExternalId();
      const at = timestamp();
      const cloud: CustomCloud = {
        id,
        ...parsed,
        externalId,
        externalIdIssuedAt: at,
        externalIdServedAt: null,
        access: null,
        state: 'draft',
        errors: [],
        history: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await store.insert(cloud);
      return cloud;
    },

    get: async (id) => publicCloud(await writer.load(id)),

    async list(filter: ByocListFilter = {}) {
      const { includeDeleted, ...storeFilter } = parseInput(listFilterSchema, filter, { what: 'custom cloud filter' });
      // Deleted clouds are left out by the store, so a page holds `limit` clouds when there are that many.
      const clouds = await store.list(
        includeDeleted || storeFilter.state !== undefined ? storeFilter : { ...storeFilter, state: liveStates },
      );
      return clouds.map(publicCloud);
    },

    update: (id, patch, versioned = {}) =>
      change(id, (cloud) => applyPatch(notDeleted(cloud), patch, { rules, at: timestamp() }), versioned),

    getTemplate: async (id, templateOptions: { format?: TemplateFormat } = {}) =>
      renderTemplate(notDeleted(await writer.load(id)), templateOptions.format),

    templateStatus: (id) => templates.status(id),
    getTemplateUpgrade: (id, upgradeOptions) => templates.upgrade(id, upgradeOptions),

    registrationToken: (id) => registration.token(id),
    acceptRegistration: (body, actor = {}) => registration.accept(body, actor),

    rotateExternalId: async (id) => publicCloud(await externalIds.rotate(id)),

    async submitAccess(id, accessInput, actor = {}) {
      externalIds.assertUsable(await writer.load(id));
      const started = await verifications.start(id, { event: 'submitAccess', accessInput, ...actor });
      // Stored first: a queue that refuses the job loses nothing, the sweep queues it again.
      await jobs
        .send('byoc-verify', { cloudId: started.cloud.id, attemptId: started.attemptId }, { key: `verify:${started.cloud.id}` })
        .catch(reportError);
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

    ...createCloudLists({ change, rules, timestamp, notDeleted }),

    async delete(id, deleteOptions = {}) {
      const current = await writer.load(id);
      const provider = providerFor(current.provider);
      const events: LifecycleEventType[] = current.state === 'draft' || !deleteOptions.force ? ['delete'] : ['delete', 'deleted'];
      const cloud = await move(id, events, deleteOptions);
      return { cloud, teardown: provider.teardown(cloud) };
    },

    on: (name, listener) => emitter.on(name, listener),

    startWorker: (workerOptions = {}) =>
      startWorker({ store, jobs, writer, verifications, health, providerFor, now, settings, reportError }, workerOptions),

    forOrganization: (organizationId) =>
      scopeToOrganization(byoc, organizationId, {
        load: (id) => writer.load(id),
        acceptRegistration: (body, actor, owner) => registration.accept(body, actor, owner),
      }),
  };
  return byoc;
}

function notDeleted(cloud: CustomCloud): CustomCloud {
  if (cloud.state === 'deleted') {
    throw new ByocError({
      code: 'CUSTOM_CLOUD_DELETED',
      message: `Custom cloud ${cloud.id} is deleted; it can be read but not changed.`,
      details: { id: cloud.id },
    });
  }
  return cloud;
}

function parseFailure(method: string, failure: unknown): { code: string; message: string } {
  const checked = failureSchema.safeParse(failure);
  if (!checked.success) {
    throw new ByocError({
      code: 'INPUT_INVALID',
      message: `${method} takes { code, message }: a code of 1-128 characters and a message of 1-4096.`,
    });
  }
  return checked.data;
}
