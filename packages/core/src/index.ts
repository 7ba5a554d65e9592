export {
  type Availability,
  type AvailabilitySelection,
  addToAvailability,
  allProjects,
  removeFromAvailability,
  validateAvailability,
} from './availability.js';
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
export { ByocError, type ByocErrorOptions } from './byoc-error.js';
export type { ByocEvents } from './byoc-events.js';
export { createByoc } from './byoc-service.js';
export { type CidrEntry, CidrIndex, type IndexedCidr } from './cidr-index.js';
export {
  type Contact,
  type ContactRole,
  contactRoles,
  defaultContactRole,
  hasAdminContact,
  isValidEmail,
  validateContacts,
} from './contacts.js';
export { parseCustomCloudInput } from './custom-cloud-input.js';
export { applyPatch, type CustomCloudPatch, draftOnlyFields } from './custom-cloud-patch.js';
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
} from './custom-cloud-schema.js';
export { type CoreErrorCode, coreErrorCodes } from './error-codes.js';
export { assertExternalId, externalIdPattern, generateExternalId } from './external-id.js';
export type { ExternalIdSettings } from './external-id-rotation.js';
export { cidrsOverlap, formatCidr, type Ipv4Range, parseIpv4Cidr, parseIpv4Network } from './ipv4-cidr.js';
export { createJsonFileStore, type JsonFileStoreOptions } from './json-file-store.js';
export {
  assertTransitionAllowed,
  type LifecycleEvent,
  type LifecycleEventType,
  lifecycleEvents,
  nextState,
  transition,
  transitionTable,
} from './lifecycle.js';
export { createMemoryStore } from './memory-store.js';
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
  VerificationReport,
  VerifyAccessOptions,
} from './provider-spec.js';
export { supportedSpecificationVersions } from './provider-spec.js';
export type { RegionInfo } from './regions/region-info.js';
export { findRegion, normalizeRegion, regionCatalogue, regionPrefixes, regions } from './regions/regions.js';
export type { RegistrationSettings } from './registration.js';
export {
  defaultReservedCidrBounds,
  type FindFreeCidrOptions,
  findFreeCidr,
  privateRanges,
  type ReservedCidrOptions,
  validateReservedCidr,
} from './reserved-cidr.js';
export type { TransitionHandler } from './runtime/event-delivery.js';
export { createInProcessJobQueue, type InProcessJobQueueOptions } from './runtime/in-process-job-queue.js';
export type { Job, JobData, JobName, JobQueue, JobWorker, SendOptions, WorkOptions } from './runtime/job-queue.js';
export { jobNames } from './runtime/job-queue.js';
export type { HealthSettings, VerificationSettings } from './runtime/runtime-settings.js';
export type { ByocWorker, StartWorkerOptions } from './runtime/worker.js';
export type { CustomCloudFilter, CustomCloudStore, StoreUpdateOptions, TemplateManifestStore, TransitionOutbox } from './store.js';
export {
  type PlannedSubnet,
  type PlanSubnetsOptions,
  planSubnets,
  type SubnetPlan,
  subnetRules,
  subnetTiersFor,
} from './subnet-plan.js';
export { cloudReservedTagPrefixes, maxTags, type TagRuleOptions, tagKeyPattern, tagValuePattern, validateTags } from './tags.js';
export type { TemplateChange, TemplateItem, TemplateManifest } from './template-manifest.js';
export type { TemplateStatus, TemplateUpgrade } from './template-tracking.js';
export type { TransitionEvent } from './transition-event.js';
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
} from './wire-api.js';
export { formatWireTime, fromWire, toWire, type WireCustomCloud, type WireDocument } from './wire-format.js';
