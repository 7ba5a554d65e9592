/**
 * The domain: what a custom cloud is and the rules it obeys, with no storage, network or clock of its
 * own. The cloud schema, its input and patches, the lifecycle, reserved CIDRs and their index, subnet
 * plans, tags, contacts, availability, regions, external IDs, sealed secrets and transition events.
 * Imports `errors/` only.
 */

export type { ActorOptions } from './actor.js';
export { type AuditEntry, type AuditKind, auditEntryId, auditEntryIdPattern } from './audit-entry.js';
export { type Availability, type AvailabilitySelection, addToAvailability, allProjects, removeFromAvailability } from './availability.js';
export { validateContacts } from './contacts.js';
export { parseCustomCloudInput } from './custom-cloud-input.js';
export { applyPatch } from './custom-cloud-patch.js';
export {
  applyRule,
  type CloudError,
  type CloudProviderId,
  type CustomCloud,
  type CustomCloudRules,
  type CustomCloudState,
  cloudErrorSchema,
  cloudProviderIdSchema,
  cloudProviderIds,
  customCloudSchema,
  customCloudStateSchema,
  customCloudStates,
  deploymentModelSchema,
  displayNameSchema,
  guardedTags,
  type HealthState,
  isWellFormed,
  type LastVerification,
  organizationIdSchema,
  type ProviderAccess,
  providerAccessSchema,
  type VerificationState,
} from './custom-cloud-schema.js';
export { assertExternalId, externalIdInUse, externalIdPattern, generateExternalId } from './external-id.js';
export { formatCidr, parseIpv4Network } from './ipv4-cidr.js';
export { assertTransitionAllowed, type LifecycleEventType, transition } from './lifecycle.js';
export { type InputIssue, parseInput } from './parse-input.js';
export type { RegionInfo } from './regions/region-info.js';
export { normalizeRegion, regions } from './regions/regions.js';
export { privateRanges, validateReservedCidr } from './reserved-cidr.js';
export { publicCloud } from './sealed-secrets.js';
export { cloudReservedTagPrefixes, forbiddenTagKeys, maxTags, tagKeyPattern, tagValuePattern, validateTags } from './tags.js';
export { type TransitionEvent, transitionEventsOf } from './transition-event.js';
