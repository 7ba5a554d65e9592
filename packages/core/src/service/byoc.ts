import type { ActorOptions, AuditEntry, Availability, AvailabilitySelection, CustomCloud, CustomCloudRules } from '../domain/index.js';
import type {
  CloudProviderV1,
  TeardownPlan,
  TemplateBundle,
  TemplateFormat,
  VerificationReport,
  VerifyAccessOptions,
} from '../provider/index.js';
import type { ByocWorker, HealthSettings, JobQueue, StartWorkerOptions, VerificationSettings } from '../runtime/index.js';
import type { CustomCloudFilter, CustomCloudStore } from '../store/index.js';
import type { ByocEvents } from './byoc-events.js';
import type { ExternalIdSettings } from './external-id-rotation.js';
import type { RegistrationSettings } from './registration.js';
import type { TemplateStatus, TemplateUpgrade } from './template-tracking.js';

export type { ActorOptions } from '../domain/index.js';

/** What `createByoc` needs. */
export interface ByocOptions {
  /** One adapter per cloud: `createAwsProvider(...)`, `createGcpProvider(...)`, ... */
  providers: readonly CloudProviderV1[];
  /** Where clouds live: `createMemoryStore()`, `createJsonFileStore({ path })` (one process), `createPostgresStore(...)`. Required. */
  store: CustomCloudStore;
  /**
   * Where background work waits: verifications of submitted access, health checks, deliveries.
   * Default `createInProcessJobQueue()` (one process, nothing to install); with several replicas,
   * `createPostgresJobQueue(...)` from `@byoc-kit/postgres`.
   */
  jobs?: JobQueue;
  /** The health monitor: how often active clouds are checked, and how many failures disconnect one. */
  health?: HealthSettings;
  /** How long a worker's claim on a verification holds. */
  verification?: VerificationSettings;
  /** The current time. Default: the system clock. */
  clock?: { now(): Date };
  /** @deprecated Use `clock`; kept for code written against it. */
  now?: () => Date;
  /** New custom-cloud ids; must return UUIDs. Default: `crypto.randomUUID`. */
  generateId?: () => string;
  /** New external IDs. Default: `generateExternalId` (CSPRNG, 32 characters). */
  generateExternalId?: () => string;
  /** Vendor policy: CIDR bounds and peers, reserved tag prefixes. */
  rules?: CustomCloudRules;
  /** Called when a `transition` listener throws. Default: a process warning. */
  onListenerError?: (error: unknown) => void;
  /** Called when background work fails (a job that threw, a queue that refused a job). Default: a process warning. */
  onBackgroundError?: (error: unknown) => void;
  /**
   * Self-registration ("AWS without copy-paste"): the secrets that sign registration tokens (newest
   * first; all verify, so a secret rotates by putting a new one first) and their lifetime.
   */
  registration?: RegistrationSettings;
  /** External IDs no template has carried expire (`unservedTtlMs`, default 48 hours). */
  externalIds?: ExternalIdSettings;
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

/** What `provision`, `retry`, `reconnect` and `checkHealth` return. */
export interface VerificationOutcome {
  cloud: CustomCloud;
  report: VerificationReport;
}

/** What `delete` returns: the cloud, and what the customer removes from their account. */
export interface DeletionOutcome {
  cloud: CustomCloud;
  teardown: TeardownPlan;
}

/** A failure recorded on a cloud by the vendor: a stable code and a message. */
export interface Failure {
  code: string;
  message: string;
}

/** A contact as given: the role in any case. */
export interface ContactInput {
  email: string;
  role?: string;
  realName?: string;
}

/**
 * The byoc-kit service a vendor's backend calls. Every bad input raises a `ByocError` before
 * anything is stored. Clouds it returns leave out sealed secrets (`publicCloud`).
 *
 * This object is vendor-wide: it reads and changes the clouds of every organization, for the
 * vendor's own admin tools, workers and scripts. A request made for a customer goes through
 * {@link Byoc.forOrganization}, which cannot reach another organization's clouds.
 */
export interface Byoc {
  /**
   * The same operations bound to one organization, for a request made on a customer's behalf: a
   * cloud of another organization is `CUSTOM_CLOUD_NOT_FOUND`, worded as for an id no cloud has,
   * on every path; `list` and its cursors never leave the organization. The organization is not
   * looked up: an organization without clouds lists none. `ORGANIZATION_ID_INVALID` for a malformed id.
   */
  forOrganization(organizationId: string): OrganizationByoc;
  /** Checks the input and stores a new custom cloud in `draft`, with a fresh external ID. */
  create(input: unknown): Promise<CustomCloud>;
  /** The custom cloud with this id; `CUSTOM_CLOUD_NOT_FOUND` when there is none. */
  get(id: string): Promise<CustomCloud>;
  /** Custom clouds in creation order, filtered by organization, provider and state, a page at a time. */
  list(filter?: ByocListFilter): Promise<CustomCloud[]>;
  /** Changes customer-described fields; provider, region, CIDR and model only in `draft`. */
  update(id: string, patch: unknown, options?: VersionedOptions): Promise<CustomCloud>;
  /** Renders the template the customer applies, in one of the provider's formats. */
  getTemplate(id: string, options?: { format?: TemplateFormat }): Promise<TemplateBundle>;
  /**
   * The template version the cloud was last verified with, the provider's current one, and what
   * the current one adds and removes (from the two format-neutral manifests, never from text).
   * `TEMPLATE_VERSION_UNSUPPORTED` for a provider without versions (`describeTemplate`).
   */
  templateStatus(id: string): Promise<TemplateStatus>;
  /**
   * The current bundle for a cloud that runs an older version, with the changes, a "What changes"
   * section opening its README, and where the provider has one, the link that updates the stack in
   * place. `TEMPLATE_NOT_APPLIED` before the cloud's first verification.
   */
  getTemplateUpgrade(id: string, options?: { format?: TemplateFormat }): Promise<TemplateUpgrade>;
  /**
   * A signed, single-use, expiring token that lets the customer's stack register the identity it
   * created (`acceptRegistration`), bound to this cloud and its external ID. The cloud must be in
   * draft. `REGISTRATION_NOT_CONFIGURED` without `registration` settings.
   */
  registrationToken(id: string): Promise<{ token: string; expiresAt: string }>;
  /**
   * Gives the cloud a new external ID (providers with `externalIdTrust`: AWS). Templates then trust
   * both the new and the previous one, and the vendor still presents the previous one if the new is
   * refused, until a verification or health check sees the new one accepted: the customer applied
   * the new template. `EXTERNAL_ID_ROTATION_PENDING` while a rotation the customer was served has
   * not ended; `EXTERNAL_ID_ROTATION_UNSUPPORTED` for other providers.
   */
  rotateExternalId(id: string): Promise<CustomCloud>;
  /**
   * What the stack's custom resource posts, `{ roleArn, stackId, token }` (and optionally
   * `customCloudId`, when the callback URL names the cloud): checks the token
   * (`REGISTRATION_TOKEN_INVALID`, `REGISTRATION_TOKEN_EXPIRED`, `REGISTRATION_TOKEN_USED`) and the
   * identity, uses the token up, then submits the access as `submitAccess` does. A refused token or
   * identity changes nothing.
   */
  acceptRegistration(body: unknown, options?: ActorOptions): Promise<CustomCloud>;
  /**
   * Takes the identity the customer returned and queues its verification: returns at once with the
   * cloud in `validating`; a worker (`startWorker`) verifies and moves it to `creating`, or back to
   * `draft` with the report's errors. A malformed identity raises before anything is stored.
   */
  submitAccess(id: string, accessInput: unknown, options?: ActorOptions): Promise<CustomCloud>;
  /**
   * `submitAccess`, then the verification itself, here: `draft` -> `validating` -> `creating` on
   * success, or back to `draft` with the report's errors. A verification that throws is recorded
   * like a denial.
   */
  provision(id: string, accessInput: unknown, options?: ActorOptions & VerifyAccessOptions): Promise<VerificationOutcome>;
  /** After a failed creation: verifies the recorded access again (`creation_failed` -> `validating` -> ...). */
  retry(id: string, options?: ActorOptions & VerifyAccessOptions): Promise<VerificationOutcome>;
  /** After a lost connection: `disconnected` -> `reconnecting` -> `active`, or back to `disconnected`. */
  reconnect(id: string, accessInput?: unknown, options?: ActorOptions & VerifyAccessOptions): Promise<VerificationOutcome>;
  /**
   * One health check now, counted as the monitor counts it: an active cloud whose checks keep
   * failing becomes `disconnected`; a disconnected one whose access works again reconnects.
   */
  checkHealth(id: string): Promise<VerificationOutcome>;
  /** For a provider verified by people: the vendor's team accepted the access. */
  confirmAccess(id: string, options?: ActorOptions): Promise<CustomCloud>;
  /** For a provider verified by people: the vendor's team refused the access, with the reason recorded. */
  rejectAccess(id: string, failure: Failure, options?: ActorOptions): Promise<CustomCloud>;
  /** The vendor finished building the cloud: `creating` -> `active` (needs an Admin contact). */
  markActive(id: string, options?: ActorOptions): Promise<CustomCloud>;
  /** Building or deleting failed: `creating` -> `creation_failed`, `deleting` -> `deletion_failed`. */
  markFailed(id: string, failure: Failure, options?: ActorOptions): Promise<CustomCloud>;
  /** The vendor lost access to an active cloud: `active` -> `disconnected`. */
  markDisconnected(id: string, failure: Failure, options?: ActorOptions): Promise<CustomCloud>;
  /** The customer removed the template's resources: `deleting` -> `deleted`. */
  markDeleted(id: string, options?: ActorOptions): Promise<CustomCloud>;
  /** Which projects may use the cloud. */
  readonly permissions: {
    add(id: string, selection: AvailabilitySelection, options?: VersionedOptions): Promise<CustomCloud>;
    remove(id: string, selection: AvailabilitySelection, options?: VersionedOptions): Promise<CustomCloud>;
    set(id: string, availability: Availability, options?: VersionedOptions): Promise<CustomCloud>;
  };
  /** Who the vendor reaches about the cloud. An active cloud keeps at least one Admin. */
  readonly contacts: {
    set(id: string, contacts: readonly ContactInput[], options?: VersionedOptions): Promise<CustomCloud>;
    add(id: string, contact: ContactInput, options?: VersionedOptions): Promise<CustomCloud>;
    remove(id: string, email: string, options?: VersionedOptions): Promise<CustomCloud>;
  };
  /**
   * Deletes a custom cloud. A draft goes straight to `deleted`; an active, failed or disconnected
   * cloud goes to `deleting` until `markDeleted` (or at once with `force`). Returns the provider's
   * teardown plan: the template's resources are the customer's to destroy.
   */
  delete(id: string, options?: ActorOptions & { force?: boolean }): Promise<DeletionOutcome>;
  /**
   * What the vendor did to and in a cloud, for the customer's security team: its transitions,
   * verifications and health checks, each with the actor, the time, what the customer's own logs
   * show (AWS: the sessions' source identity) and the outcome; oldest first, `limit` (1-1000, default
   * 100) at a time after the entry `after`. `AUDIT_LOG_UNSUPPORTED` for a store without an audit trail.
   */
  auditLog(id: string, options?: { after?: string; limit?: number }): Promise<AuditEntry[]>;
  /**
   * For the vendor's operators: the newest failed verifications and health checks of every cloud,
   * newest first, at most `limit` (1-500, default 50), each with its cloud, organization, error code
   * and message (which says how to fix it). `AUDIT_LOG_UNSUPPORTED` for a store whose audit trail
   * cannot list them. Not bound to an organization: `forOrganization` leaves it out.
   */
  recentFailures(options?: { limit?: number }): Promise<AuditEntry[]>;
  /** Subscribes to transitions stored by this process; returns the unsubscribe function. */
  on<Name extends keyof ByocEvents>(name: Name, listener: (event: ByocEvents[Name]) => void): () => void;
  /**
   * Starts the background work in this process: verifications, the health monitor, delivery of
   * every stored transition to `onTransition`, and recovery of what a crash left undone.
   */
  startWorker(options?: StartWorkerOptions): Promise<ByocWorker>;
}

/** `list` filter of one organization's operations: the organization is theirs. */
export interface OrganizationListFilter extends Omit<ByocListFilter, 'organizationId'> {
  /** Optional; when given, it must be the organization the operations are bound to. */
  organizationId?: string;
}

/**
 * The operations of {@link Byoc} bound to one organization (`byoc.forOrganization(id)`). Each
 * call first checks that the cloud it names belongs to the organization, and answers
 * `CUSTOM_CLOUD_NOT_FOUND` otherwise, changing nothing. Background work (`startWorker`) and the
 * operators' view across organizations (`recentFailures`) are the vendor's, so they are not here.
 */
export interface OrganizationByoc
  extends Omit<Byoc, 'forOrganization' | 'startWorker' | 'create' | 'list' | 'acceptRegistration' | 'on' | 'recentFailures'> {
  /** The organization every call acts for. */
  readonly organizationId: string;
  /**
   * Creates a cloud of this organization. The input may leave out `organizationId`; when it gives
   * one, it must be this organization's (`ORGANIZATION_ID_INVALID`).
   */
  create(input: unknown): Promise<CustomCloud>;
  /** This organization's clouds; a cursor (`after`) naming another organization's cloud is `LIST_CURSOR_INVALID`. */
  list(filter?: OrganizationListFilter): Promise<CustomCloud[]>;
  /** As {@link Byoc.acceptRegistration}, for a token of one of this organization's clouds only. */
  acceptRegistration(body: unknown, options?: ActorOptions): Promise<CustomCloud>;
  /** Transitions of this organization's clouds stored by this process. */
  on<Name extends keyof ByocEvents>(name: Name, listener: (event: ByocEvents[Name]) => void): () => void;
}
