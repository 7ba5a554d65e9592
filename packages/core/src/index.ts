export { type AuditEntry, type AuditKind, auditEntryId } from './domain/audit-entry.js';
export {
  type Availability,
  type AvailabilitySelection,
  addToAvailability,
  allProjects,
  removeFromAvailability,
  validateAvailability,
} from './domain/availability.js';
export { type CidrEntry, CidrIndex, type IndexedCidr } from './domain/cidr-index.js';
export {
  type Contact,
  type ContactRole,
  contactRoles,
  defaultContactRole,
  hasAdminContact,
  isValidEmail,
  validateContacts,
} from './domain/contacts.js';
export { parseCustomCloudInput } from './domain/custom-cloud-input.js';
export { applyPatch, type CustomCloudPatch, draftOnlyFields } from './domain/custom-cloud-patch.js';
export {
  type CloudError,
  type CloudProviderId,
  type CustomCloud,
  type CustomCloudInput,
  type CustomCloudInputDraft,
  type CustomCloudRules,
  type CustomCloudState,
  cloudErrorSchema,
  cloudProviderIdSchema,
  cloudProviderIds,
  createCustomCloudInputSchema,
  customCloudInputJsonSchema,
  customCloudInputSchema,
  customCloudSchema,
  customCloudStateSchema,
  customCloudStates,
  type DeploymentModel,
  deploymentModelSchema,
  type HealthState,
  type HistoryEntry,
  healthStateSchema,
  historyEntrySchema,
  type LastVerification,
  lastVerificationSchema,
  type ProviderAccess,
  providerAccessSchema,
  type VerificationState,
  verificationStateSchema,
} from './domain/custom-cloud-schema.js';
export { assertExternalId, externalIdPattern, generateExternalId } from './domain/external-id.js';
export { cidrsOverlap, formatCidr, type Ipv4Range, parseIpv4Cidr, parseIpv4Network } from './domain/ipv4-cidr.js';
export {
  assertTransitionAllowed,
  type LifecycleEvent,
  type LifecycleEventType,
  lifecycleEvents,
  nextState,
  transition,
  transitionTable,
} from './domain/lifecycle.js';
export type { RegionInfo } from './domain/regions/region-info.js';
export { findRegion, normalizeRegion, regionCatalogue, regionPrefixes, regions } from './domain/regions/regions.js';
export {
  defaultReservedCidrBounds,
  type FindFreeCidrOptions,
  findFreeCidr,
  privateRanges,
  type ReservedCidrOptions,
  validateReservedCidr,
} from './domain/reserved-cidr.js';
export {
  type PlannedSubnet,
  type PlanSubnetsOptions,
  planSubnets,
  type SubnetPlan,
  subnetRules,
  subnetTiersFor,
} from './domain/subnet-plan.js';
export { cloudReservedTagPrefixes, maxTags, type TagRuleOptions, tagKeyPattern, tagValuePattern, validateTags } from './domain/tags.js';
export type { TransitionEvent } from './domain/transition-event.js';
export { ByocError, type ByocErrorOptions } from './errors/byoc-error.js';
export { type CoreErrorCode, coreErrorCodes } from './errors/error-codes.js';
export type {
  CloudProviderV1,
  ProviderCapabilities,
  TeardownPlan,
  TeardownStep,
  TemplateBundle,
  TemplateFile,
  TemplateFormat,
  TemplateOutput,
  VerificationCheck,
  VerificationFault,
  VerificationPurpose,
  VerificationReport,
  VerifyAccessOptions,
} from './provider/provider-spec.js';
export { supportedSpecificationVersions } from './provider/provider-spec.js';
export { setTelemetryEnabled } from './provider/telemetry.js';
export type { TransitionHandler } from './runtime/event-delivery.js';
export { createInProcessJobQueue, type InProcessJobQueueOptions } from './runtime/in-process-job-queue.js';
export type { Job, JobData, JobName, JobQueue, JobWorker, QueueStats, SendOptions, WorkOptions } from './runtime/job-queue.js';
export { jobNames } from './runtime/job-queue.js';
export type { HealthSettings, VerificationSettings } from './runtime/runtime-settings.js';
export type { ByocWorker, StartWorkerOptions } from './runtime/worker.js';
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
} from './service/byoc.js';
export type { ByocEvents } from './service/byoc-events.js';
export { createByoc } from './service/create-byoc.js';
export type { ExternalIdSettings } from './service/external-id-rotation.js';
export type { RegistrationSettings } from './service/registration.js';
export type { TemplateStatus, TemplateUpgrade } from './service/template-tracking.js';
export { createJsonFileStore, type JsonFileStoreOptions } from './store/json-file-store.js';
export { createMemoryStore } from './store/memory-store.js';
export type {
  AuditTrail,
  CustomCloudFilter,
  CustomCloudStore,
  StoreUpdateOptions,
  TemplateManifestStore,
  TransitionOutbox,
} from './store/store.js';
export type { TemplateChange, TemplateItem, TemplateManifest } from './templates/template-manifest.js';
export {
  accessFromWire,
  availabilityFromWire,
  createInputFromWire,
  patchFromWire,
  permissionsToWire,
  providerFromWire,
  tagKeyFromWire,
  terraformTemplateEnvelope,
  terraformVariablesEnvelope,
  toWireError,
  type WirePermissions,
  wireFieldNames,
  wirePath,
  wireProviderNames,
  wireTagPrefix,
} from './wire/wire-api.js';
export { formatWireTime, fromWire, toWire, type WireCustomCloud, type WireDocument } from './wire/wire-format.js';
