import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { type Availability, type AvailabilitySelection, addToAvailability, removeFromAvailability } from './availability.js';
import { ByocError } from './byoc-error.js';
import { type ByocEvents, createEmitter } from './byoc-events.js';
import { checkByocOptions } from './byoc-options.js';
import { parseCustomCloudInput } from './custom-cloud-input.js';
import { applyPatch } from './custom-cloud-patch.js';
import {
  type CloudError,
  type CustomCloud,
  type CustomCloudRules,
  cloudProviderIdSchema,
  customCloudStateSchema,
  customCloudStates,
} from './custom-cloud-schema.js';
import { generateExternalId as defaultExternalId, externalIdInUse, externalIdPattern } from './external-id.js';
import { assertTransitionAllowed, type LifecycleEventType, transition } from './lifecycle.js';
import { parseInput } from './parse-input.js';
import { createProviderRegistry } from './provider-registry.js';
import type {
  CloudProviderV1,
  TeardownPlan,
  TemplateBundle,
  TemplateFormat,
  VerificationReport,
  VerifyAccessOptions,
} from './provider-spec.js';
import { quote } from './quote.js';
import { publicCloud } from './sealed-secrets.js';
import type { CustomCloudFilter, CustomCloudStore } from './store.js';
import { errorsFromReport, reportFromError } from './verification-outcome.js';

/** What `createByoc` needs. */
export interface ByocOptions {
  /** One adapter per cloud: `createAwsProvider(...)`, `createGcpProvider(...)`, ... */
  providers: readonly CloudProviderV1[];
  store: CustomCloudStore;
  /** The current time. Default: `() => new Date()`. */
  now?: () => Date;
  /** DESIGN.md's name for `now`, kept for code written against it: `{ now: () => Date }`. */
  clock?: { now(): Date };
  /** New custom-cloud ids; must return UUIDs. Default: `crypto.randomUUID`. */
  generateId?: () => string;
  /** New external IDs. Default: `generateExternalId` (CSPRNG, 32 characters). */
  generateExternalId?: () => string;
  /** Vendor policy: CIDR bounds and peers, reserved tag prefixes. */
  rules?: CustomCloudRules;
  /** Called when a `transition` listener throws. Default: a process warning. */
  onListenerError?: (error: unknown) => void;
}

/** Who is acting, recorded in the history. */
export interface ActorOptions {
  /** A user id or job name. Default: `byoc-kit`. */
  actor?: string;
  reason?: string;
}

/** Options of the calls that take an optimistic-concurrency check. */
export interface VersionedOptions extends ActorOptions {
  /** Refuse the change with `VERSION_CONFLICT` unless the stored cloud is at this version. */
  expectedVersion?: number;
}

/**
 * `list` filter; deleted clouds are left out unless asked for. Page with `limit` (1-1000) and
 * `after`, the id of the last cloud of the previous page.
 */
export interface ByocListFilter extends Omit<CustomCloudFilter, 'externalId'> {
  includeDeleted?: boolean;
}

/** What `provision`, `retry` and `reconnect` return. */
export interface VerificationOutcome {
  cloud: CustomCloud;
  report: VerificationReport;
}

/** What `delete` returns: the cloud, and what the customer removes from their account. */
export interface DeletionOutcome {
  cloud: CustomCloud;
  teardown: TeardownPlan;
}

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

/** The byoc-kit service a vendor's backend calls. See `createByoc`. */
export type Byoc = ReturnType<typeof createByoc>;

/**
 * Creates the service: custom clouds from creation to deletion, on the given store, through the
 * given provider adapters. Every bad input raises a `ByocError` before anything is stored.
 */
export function createByoc(options: ByocOptions) {
  checkByocOptions(options);
  const rules = options.rules;
  const providerFor = createProviderRegistry(options.providers);
  const store = options.store;
  const now = options.now ?? (options.clock ? () => (options.clock as { now(): Date }).now() : () => new Date());
  const generateId = options.generateId ?? randomUUID;
  const generateExternalId = options.generateExternalId ?? (() => defaultExternalId());
  const emitter = createEmitter(
    options.onListenerError ?? ((error) => process.emitWarning(`byoc-kit transition listener threw: ${String(error)}`)),
  );
  const locks = new Map<string, Promise<unknown>>();
  const timestamp = () => now().toISOString();

  /** Runs changes to one cloud one at a time in this process; other processes are caught by versions. */
  const withLock = <T>(id: string, operation: () => Promise<T>): Promise<T> => {
    const previous = locks.get(id) ?? Promise.resolve();
    const result = previous.then(operation, operation);
    const settled = result.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => locks.get(id) === settled && locks.delete(id));
    return result;
  };

  const load = async (id: unknown): Promise<CustomCloud> => {
    const cloud = typeof id === 'string' ? await store.get(id) : undefined;
    if (cloud === undefined) {
      throw new ByocError({
        code: 'CUSTOM_CLOUD_NOT_FOUND',
        message: `No custom cloud has the id ${String(id)}. Check the id, or list the custom clouds.`,
        details: { id },
      });
    }
    return cloud;
  };

  /**
   * Read, change, write one cloud with its version bumped. With `expectedVersion`, a cloud that
   * moved on is a `VERSION_CONFLICT`; without it, a write that lost to another process is redone
   * on the fresh cloud (a change is a function of the cloud, never a stale copy of it).
   */
  const mutate = (id: unknown, change: (cloud: CustomCloud) => CustomCloud, options: { expectedVersion?: number | undefined } = {}) => {
    if (options.expectedVersion !== undefined && !versionSchema.safeParse(options.expectedVersion).success) {
      throw new ByocError({
        code: 'INPUT_INVALID',
        message: `expectedVersion must be a whole number, not ${quote(options.expectedVersion)}.`,
      });
    }
    return withLock(String(id), async () => {
      for (let attempt = 1; ; attempt++) {
        const current = await load(id);
        if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
          throw new ByocError({
            code: 'VERSION_CONFLICT',
            message: `Custom cloud ${current.id} is at version ${current.version}, not ${options.expectedVersion}: it changed since it was read. Read it again and retry the change.`,
            details: { id: current.id, expectedVersion: options.expectedVersion, actualVersion: current.version },
            isRetryable: true,
          });
        }
        const next = { ...change(current), version: current.version + 1 };
        try {
          await store.update(next, { expectedVersion: current.version });
          return { before: current, after: next, shown: publicCloud(next) };
        } catch (error) {
          if (options.expectedVersion === undefined && ByocError.hasCode(error, 'VERSION_CONFLICT') && attempt < 5) continue;
          throw error;
        }
      }
    });
  };

  const notDeleted = (cloud: CustomCloud): CustomCloud => {
    if (cloud.state === 'deleted') {
      throw new ByocError({
        code: 'CUSTOM_CLOUD_DELETED',
        message: `Custom cloud ${cloud.id} is deleted; it can be read but not changed.`,
        details: { id: cloud.id },
      });
    }
    return cloud;
  };

  const emitTransitions = (before: CustomCloud, after: CustomCloud) => {
    for (const entry of after.history.slice(before.history.length)) {
      emitter.emit('transition', { ...entry, cloudId: after.id, organizationId: after.organizationId, cloud: publicCloud(after) });
    }
  };

  /** Applies lifecycle events in order, stores the result once, and emits each transition. */
  const move = async (
    id: unknown,
    events: readonly LifecycleEventType[],
    options: ActorOptions & { errors?: CloudError[]; expectedVersion?: number; prepare?: (cloud: CustomCloud) => CustomCloud } = {},
  ) => {
    const { before, after } = await mutate(
      id,
      (cloud) =>
        events.reduce(
          (current, type, index) =>
            transition(current, {
              type,
              at: timestamp(),
              actor: options.actor ?? 'byoc-kit',
              reason: options.reason,
              errors: index === events.length - 1 ? options.errors : undefined,
            }),
          options.prepare ? options.prepare(cloud) : cloud,
        ),
      options,
    );
    emitTransitions(before, after);
    return publicCloud(after);
  };

  /** validating -> verify -> creating (or `onSuccess`), else back with the report's errors. */
  const verify = async (
    id: unknown,
    start: { events: LifecycleEventType[]; accessInput?: unknown },
    finish: { success: LifecycleEventType; failure: LifecycleEventType },
    options: ActorOptions & VerifyAccessOptions,
  ): Promise<VerificationOutcome> => {
    const current = await load(id);
    assertTransitionAllowed(current, start.events[0] as LifecycleEventType);
    const provider = providerFor(current.provider);
    const access = start.accessInput === undefined ? current.access : provider.parseAccess(start.accessInput);
    if (access === null) {
      throw new ByocError({
        code: 'INPUT_INVALID',
        message: `Custom cloud ${current.id} has no access recorded; call provision with the identity the customer returned.`,
      });
    }
    // What is stored may differ from what is verified: an adapter seals or drops secrets first.
    const stored = start.accessInput !== undefined && provider.sealAccess ? await provider.sealAccess(current, access) : access;
    const started = await move(id, start.events, { ...options, prepare: (cloud) => ({ ...cloud, access: stored }) });
    const began = now().getTime();
    let report: VerificationReport;
    try {
      report = await provider.verifyAccess(started, access, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
      });
    } catch (error) {
      report = reportFromError(error, now().getTime() - began);
    }
    // A provider verified by people (an Azure request) reports a delivered request as ok: the cloud
    // then waits in validating until confirmAccess or rejectAccess.
    if (report.ok && !provider.capabilities.automatedVerification) return { cloud: publicCloud(await load(id)), report };
    const cloud = await move(id, [report.ok ? finish.success : finish.failure], { ...options, errors: errorsFromReport(report) });
    return { cloud, report };
  };

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

  /** For providers verified by people: only they may confirm or reject access by hand. */
  const manualProvider = async (id: unknown, method: string) => {
    const cloud = await load(id);
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

  return {
    /** Checks the input and stores a new custom cloud in `draft`, with a fresh external ID. */
    async create(input: unknown): Promise<CustomCloud> {
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
      if (!z.uuid().safeParse(id).success) {
        throw new ByocError({
          code: 'INPUT_INVALID',
          message: `generateId returned ${quote(id)}; custom-cloud ids must be UUIDs.`,
        });
      }
      const externalId = await newExternalId();
      const at = timestamp();
      const cloud: CustomCloud = {
        id,
        ...parsed,
        externalId,
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

    /** The custom cloud with this id; `CUSTOM_CLOUD_NOT_FOUND` when there is none. */
    get: async (id: string): Promise<CustomCloud> => publicCloud(await load(id)),

    /** Custom clouds in creation order, filtered by organization, provider and state. */
    async list(filter: ByocListFilter = {}): Promise<CustomCloud[]> {
      const { includeDeleted, ...storeFilter } = parseInput(listFilterSchema, filter, { what: 'custom cloud filter' });
      // Deleted clouds are left out by the store, so a page holds `limit` clouds when there are that many.
      const clouds = await store.list(
        includeDeleted || storeFilter.state !== undefined ? storeFilter : { ...storeFilter, state: liveStates },
      );
      return clouds.map(publicCloud);
    },

    /** Changes customer-described fields; provider, region, CIDR and model only in `draft`. */
    async update(id: string, patch: unknown, options: VersionedOptions = {}): Promise<CustomCloud> {
      return (await mutate(id, (cloud) => applyPatch(notDeleted(cloud), patch, { rules, at: timestamp() }), options)).shown;
    },

    /** Renders the template the customer applies, in one of the provider's formats. */
    async getTemplate(id: string, options: { format?: TemplateFormat } = {}): Promise<TemplateBundle> {
      const cloud = notDeleted(await load(id));
      const provider = providerFor(cloud.provider);
      const format = options.format ?? provider.capabilities.templateFormats[0];
      if (format === undefined || !provider.capabilities.templateFormats.includes(format)) {
        throw new ByocError({
          code: 'TEMPLATE_FORMAT_UNSUPPORTED',
          message: `The ${provider.id} provider renders ${provider.capabilities.templateFormats.join(', ')}, not ${quote(options.format)}.`,
          details: { format: options.format, supported: provider.capabilities.templateFormats },
        });
      }
      return provider.generateTemplate(cloud, { format });
    },

    /**
     * Takes the identity the customer returned, then verifies it: `draft` -> `validating` ->
     * `creating` on success, or back to `draft` with the report's errors. A malformed identity
     * raises before anything is stored; a verification that throws is recorded like a denial.
     */
    provision: (id: string, accessInput: unknown, options: ActorOptions & VerifyAccessOptions = {}) =>
      verify(id, { events: ['submitAccess'], accessInput }, { success: 'accessVerified', failure: 'accessRejected' }, options),

    /** After a failed creation: verifies the recorded access again (`creation_failed` -> `validating` -> ...). */
    retry: (id: string, options: ActorOptions & VerifyAccessOptions = {}) =>
      verify(id, { events: ['retry'] }, { success: 'accessVerified', failure: 'accessRejected' }, options),

    /** After a lost connection: `disconnected` -> `reconnecting` -> `active`, or back to `disconnected`. */
    reconnect: (id: string, accessInput?: unknown, options: ActorOptions & VerifyAccessOptions = {}) =>
      verify(id, { events: ['reconnect'], accessInput }, { success: 'reconnected', failure: 'accessRejected' }, options),

    /**
     * For a provider verified by people (`capabilities.automatedVerification` false): the vendor's
     * team accepted the access, `validating` -> `creating` (or `reconnecting` -> `active`).
     */
    async confirmAccess(id: string, options: ActorOptions = {}): Promise<CustomCloud> {
      const cloud = await manualProvider(id, 'confirmAccess');
      return move(id, [cloud.state === 'reconnecting' ? 'reconnected' : 'accessVerified'], options);
    },

    /**
     * For a provider verified by people: the vendor's team refused the access, `validating` ->
     * `draft` (or `reconnecting` -> `disconnected`), with the reason recorded.
     */
    async rejectAccess(id: string, failure: { code: string; message: string }, options: ActorOptions = {}): Promise<CustomCloud> {
      const checked = parseFailure('rejectAccess', failure);
      await manualProvider(id, 'rejectAccess');
      return move(id, ['accessRejected'], { ...options, errors: [{ category: 'verification', ...checked }] });
    },

    /** The vendor finished building the cloud: `creating` -> `active` (needs an Admin contact). */
    markActive: (id: string, options: ActorOptions = {}) => move(id, ['provisioned'], options),

    /** Building or deleting failed: `creating` -> `creation_failed`, `deleting` -> `deletion_failed`. */
    async markFailed(id: string, failure: { code: string; message: string }, options: ActorOptions = {}): Promise<CustomCloud> {
      const checked = parseFailure('markFailed', failure);
      const cloud = await load(id);
      const event = cloud.state === 'deleting' ? 'deletionFailed' : 'provisioningFailed';
      const category = event === 'deletionFailed' ? 'deletion' : 'provisioning';
      return move(id, [event], { ...options, errors: [{ category, ...checked }] });
    },

    /** The vendor lost access to an active cloud: `active` -> `disconnected`. */
    markDisconnected: (id: string, failure: { code: string; message: string }, options: ActorOptions = {}) =>
      move(id, ['connectionLost'], { ...options, errors: [{ category: 'connectivity', ...parseFailure('markDisconnected', failure) }] }),

    /** The customer removed the template's resources: `deleting` -> `deleted`. */
    markDeleted: (id: string, options: ActorOptions = {}) => move(id, ['deleted'], options),

    /** Which projects may use the cloud. */
    permissions: {
      add: async (id: string, selection: AvailabilitySelection, options: VersionedOptions = {}) =>
        (
          await mutate(
            id,
            (cloud) => ({ ...notDeleted(cloud), availability: addToAvailability(cloud.availability, selection), updatedAt: timestamp() }),
            options,
          )
        ).shown,
      remove: async (id: string, selection: AvailabilitySelection, options: VersionedOptions = {}) =>
        (
          await mutate(
            id,
            (cloud) => ({
              ...notDeleted(cloud),
              availability: removeFromAvailability(cloud.availability, selection),
              updatedAt: timestamp(),
            }),
            options,
          )
        ).shown,
      set: async (id: string, availability: Availability, options: VersionedOptions = {}) =>
        (await mutate(id, (cloud) => applyPatch(notDeleted(cloud), { availability }, { rules, at: timestamp() }), options)).shown,
    },

    /** Who the vendor reaches about the cloud. An active cloud keeps at least one Admin. */
    contacts: {
      set: async (id: string, contacts: readonly { email: string; role: string; realName?: string }[], options: VersionedOptions = {}) =>
        (await mutate(id, (cloud) => withContacts(notDeleted(cloud), contacts, { rules, at: timestamp() }), options)).shown,
      add: async (id: string, contact: { email: string; role: string; realName?: string }, options: VersionedOptions = {}) =>
        (await mutate(id, (cloud) => withContacts(notDeleted(cloud), [...cloud.contacts, contact], { rules, at: timestamp() }), options))
          .shown,
      remove: async (id: string, email: string, options: VersionedOptions = {}) =>
        (
          await mutate(
            id,
            (cloud) =>
              withContacts(
                notDeleted(cloud),
                cloud.contacts.filter((contact) => contact.email.toLowerCase() !== String(email).toLowerCase()),
                { rules, at: timestamp() },
              ),
            options,
          )
        ).shown,
    },

    /**
     * Deletes a custom cloud. A draft goes straight to `deleted`; an active, failed or
     * disconnected cloud goes to `deleting` until `markDeleted` (or at once with `force`). Returns
     * the provider's teardown plan: the template's resources are the customer's to destroy.
     */
    async delete(id: string, options: ActorOptions & { force?: boolean } = {}): Promise<DeletionOutcome> {
      const current = await load(id);
      const provider = providerFor(current.provider);
      const events: LifecycleEventType[] = current.state === 'draft' ? ['delete'] : options.force ? ['delete', 'deleted'] : ['delete'];
      const cloud = await move(id, events, options);
      return { cloud, teardown: provider.teardown(cloud) };
    },

    /** Subscribes to stored lifecycle transitions; returns the unsubscribe function. */
    on<Name extends keyof ByocEvents>(name: Name, listener: (event: ByocEvents[Name]) => void): () => void {
      return emitter.on(name, listener);
    },
  };
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

function withContacts(
  cloud: CustomCloud,
  contacts: readonly unknown[],
  options: { rules: CustomCloudRules | undefined; at: string },
): CustomCloud {
  const next = applyPatch(cloud, { contacts }, options);
  if (
    (cloud.state === 'active' || cloud.state === 'disconnected' || cloud.state === 'reconnecting') &&
    !next.contacts.some((contact) => contact.role === 'Admin')
  ) {
    throw new ByocError({
      code: 'CONTACTS_INVALID',
      message: `Custom cloud ${cloud.id} is ${cloud.state} and must keep an Admin contact; add another Admin before removing this one.`,
      details: { state: cloud.state, missingRole: 'Admin' },
    });
  }
  return next;
}
