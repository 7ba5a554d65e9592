import * as z from 'zod';
import { ByocError } from '../errors/index.js';
import { type Availability, allProjects, availabilityNamePattern, validateAvailability } from './availability.js';
import { type CloudProviderId, cloudProviderIdSchema } from './cloud-provider.js';
import { type Contact, contactRoles, maxContacts, validateContacts } from './contacts.js';
import { externalIdPattern } from './external-id.js';
import { normalizeRegion } from './regions/regions.js';
import { type ReservedCidrOptions, validateReservedCidr } from './reserved-cidr.js';
import { guardTagObject, maxTags, tagKeyPattern, tagValuePattern, validateTags } from './tags.js';

export { type CloudProviderId, cloudProviderIdSchema, cloudProviderIds } from './cloud-provider.js';

/** `standard`: private, nodes without public IPs behind a bastion; `standard_public`: public IPs. */
export const deploymentModelSchema = z.enum(['standard', 'standard_public'], {
  error: 'The deployment model must be "standard" (private: services reachable from the VPC only) or "standard_public".',
});
export type DeploymentModel = z.infer<typeof deploymentModelSchema>;

/** The ten lifecycle states. */
export const customCloudStates = [
  'draft',
  'validating',
  'creating',
  'creation_failed',
  'active',
  'disconnected',
  'reconnecting',
  'deleting',
  'deleted',
  'deletion_failed',
] as const;
export const customCloudStateSchema = z.enum(customCloudStates);
export type CustomCloudState = z.infer<typeof customCloudStateSchema>;

export const organizationIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'Use 1-128 letters, digits, "_" or "-".');
// Normalised to NFC: Terraform and most databases compare strings in NFC, so a name stored in NFC
// comes back from a template byte for byte.
export const displayNameSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => value.trim() !== '' && !value.includes('\0'), 'Use 1-64 characters, not only spaces.')
  // A lone surrogate is no character: Terraform and JSON readers turn it into U+FFFD, so the name
  // would not come back as it was given.
  .refine(isWellFormed, 'The display name holds a lone UTF-16 surrogate (half of a character); send it as valid Unicode text.')
  .transform((value) => value.normalize('NFC'));

/** Whether a string is valid Unicode: no UTF-16 surrogate without its other half. */
export function isWellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/**
 * Tags as a caller gives them: the object is checked (count, `__proto__` and other object
 * properties) before zod copies it, which would drop an own `__proto__` key without a word.
 */
export function guardedTags<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value, context) => applyRule(context, undefined, () => guardTagObject(value)), schema);
}

const tagsShape = guardedTags(z.record(z.string().regex(tagKeyPattern), z.string().regex(tagValuePattern)));
const contactInputShape = z.strictObject({
  email: z.string().max(254),
  realName: z.string().max(128).optional(),
  role: z
    .string()
    .optional()
    .describe(`One of ${contactRoles.join(', ')}, any case; without it, a Technical contact.`),
});
const contactShape = z.strictObject({
  email: z.string().max(254),
  realName: z.string().max(128).optional(),
  role: z.enum(contactRoles),
});
const nameList = z
  .array(
    z.string().regex(availabilityNamePattern, { error: 'Names are 1-128 letters, digits, "_" or "-", starting with a letter or digit.' }),
  )
  .max(1000, { error: 'Give at most 1000 names.' });
const availabilityShape = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all_projects') }),
  z.strictObject({ mode: z.literal('selection'), organizationUnits: nameList.default([]), projects: nameList.default([]) }),
]);
export const objectStorageSchema = z.strictObject({
  enabled: z.boolean().describe('Whether the template creates one bucket for the custom cloud (backups, tiered storage).'),
});

/** One error recorded on a custom cloud (a failed verification, a failed provisioning). */
export const cloudErrorSchema = z.strictObject({
  category: z.string().min(1).max(64),
  code: z.string().min(1).max(128),
  message: z.string().max(4096),
});
export type CloudError = z.infer<typeof cloudErrorSchema>;

/** One entry of a custom cloud's lifecycle history. */
export const historyEntrySchema = z.strictObject({
  from: customCloudStateSchema,
  to: customCloudStateSchema,
  event: z.string().min(1),
  at: z.iso.datetime(),
  actor: z.string().min(1).max(256),
  reason: z.string().max(4096).optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The identity the customer returned, as the provider parsed it (role ARN, service account, Azure ids). */
export const providerAccessSchema = z.strictObject({
  provider: cloudProviderIdSchema,
  /** What kind of identity: `aws_iam_role`, `gcp_service_account`, `azure_subscription`. */
  kind: z.string().min(1).max(64),
  /** The identity itself, in the provider's canonical form (an ARN, an email, a subscription id). */
  identity: z.string().min(1).max(2048),
  /** Provider-specific parts of the identity (account id, project id, tenant id, ...). */
  attributes: z.record(z.string(), z.string()),
});
export type ProviderAccess = z.infer<typeof providerAccessSchema>;

/**
 * The verification of the access a cloud holds, while it is `validating` or `reconnecting`: which
 * attempt, and who runs it until when. A worker claims it by writing its name and lease (an
 * optimistic, versioned write), so one verification runs at a time whatever the number of workers,
 * and a crashed worker's claim lapses with its lease.
 */
export const verificationStateSchema = z.strictObject({
  /** The attempt a result must belong to: a result of an older attempt is dropped. */
  attemptId: z.string().min(1).max(64),
  /** Who runs it now; null while it waits for a worker. */
  holder: z.string().min(1).max(256).nullable(),
  /** Until when the holder's claim holds. */
  leaseUntil: z.iso.datetime().nullable(),
  requestedAt: z.iso.datetime(),
  /** A provider verified by people delivered its request: nothing runs until they answer. */
  awaitingPeople: z.boolean().optional(),
});
export type VerificationState = z.infer<typeof verificationStateSchema>;

/** What the health monitor knows of an active or disconnected cloud. */
export const healthStateSchema = z.strictObject({
  /** Failed checks in a row that were the customer's doing (denied, trust changed); reset by a good one. */
  consecutiveFailures: z.number().int().min(0),
  /**
   * When the last check that changed this record ran: the first check, each failure, a recovery.
   * Checks of a cloud that stays healthy are not written (no version bump, no conflict with the
   * vendor's own updates).
   */
  checkedAt: z.iso.datetime(),
  /** Whether the last check passed, failed, or could not tell (the vendor's side or the network failed). */
  lastResult: z.enum(['ok', 'failed', 'inconclusive']),
  /** The last failed or inconclusive check's error. */
  lastError: cloudErrorSchema.optional(),
  /** When a health check last included the provider's permission check (`permissionsChecked`), run at the adapter's cadence. */
  permissionsCheckedAt: z.iso.datetime().optional(),
});
export type HealthState = z.infer<typeof healthStateSchema>;

/**
 * The outcome of the last finished verification of a cloud: each check with what was observed, so a
 * customer's page or the vendor's support sees why it passed or failed after the worker is gone.
 */
export const lastVerificationSchema = z.strictObject({
  ok: z.boolean(),
  finishedAt: z.iso.datetime(),
  checks: z.array(z.strictObject({ id: z.string().min(1).max(128), ok: z.boolean(), detail: z.string().max(2048) })).max(32),
});
export type LastVerification = z.infer<typeof lastVerificationSchema>;

/** Vendor policy applied when parsing customer input. */
export interface CustomCloudRules {
  /** Reserved-CIDR bounds and peers. Peers apply on create and on CIDR updates. */
  cidr?: ReservedCidrOptions;
  /** Tag key prefixes the vendor reserves for itself (e.g. `cce`). */
  reservedTagPrefixes?: readonly string[];
}

/** The structural input schema (before the domain rules): the source of the JSON Schema. */
const customCloudInputShape = z.strictObject({
  organizationId: organizationIdSchema.describe('The vendor organization that owns the custom cloud.'),
  displayName: displayNameSchema.describe('A name people recognise, 1-64 characters.'),
  provider: cloudProviderIdSchema,
  region: z.string().describe('Canonical (eu-north-1) or vendor-prefixed (aws-eu-north-1) region of the provider.'),
  deploymentModel: deploymentModelSchema.default('standard'),
  reservedCidr: z.string().describe('RFC 1918 IPv4 CIDR of the VPC, /16 to /24 by default.'),
  tags: tagsShape.default({}).describe(`At most ${maxTags} tags, keys ${tagKeyPattern.source}, values ${tagValuePattern.source}.`),
  contacts: z.array(contactInputShape).max(maxContacts).default([]),
  availability: availabilityShape.default(allProjects as { mode: 'all_projects' }),
  objectStorage: objectStorageSchema.default({ enabled: false }),
});

/** Input to create a custom cloud, with the domain rules of `rules` applied. */
export function createCustomCloudInputSchema(rules: CustomCloudRules = {}) {
  return customCloudInputShape.transform((input, context) => {
    const checked = {
      ...input,
      region: applyRule(context, ['region'], () => normalizeRegion(input.provider, input.region)),
      reservedCidr: applyRule(context, ['reservedCidr'], () => validateReservedCidr(input.reservedCidr, rules.cidr)),
      tags: applyRule(context, ['tags'], () => validateTags(input.tags, { reservedPrefixes: rules.reservedTagPrefixes ?? [] })),
      contacts: applyRule(context, ['contacts'], () => validateContacts(input.contacts, { requireAdmin: false })),
      availability: applyRule(context, ['availability'], () => validateAvailability(input.availability)),
    };
    return checked as CustomCloudInput;
  });
}

/** Input to create a custom cloud with the default rules. */
export const customCloudInputSchema = createCustomCloudInputSchema();

/** A parsed, checked creation input. */
export interface CustomCloudInput {
  organizationId: string;
  displayName: string;
  provider: CloudProviderId;
  region: string;
  deploymentModel: DeploymentModel;
  reservedCidr: string;
  tags: Record<string, string>;
  contacts: Contact[];
  availability: Availability;
  objectStorage: { enabled: boolean };
}

/** What a caller may pass to create a custom cloud (defaults not yet applied, roles in any case). */
export type CustomCloudInputDraft = z.input<typeof customCloudInputSchema>;

/** A stored custom cloud: the schema stores and wire readers check documents against. */
export const customCloudSchema = z.strictObject({
  id: z.uuid(),
  organizationId: organizationIdSchema,
  displayName: displayNameSchema,
  provider: cloudProviderIdSchema,
  region: z.string().min(1),
  deploymentModel: deploymentModelSchema,
  reservedCidr: z.string().min(9),
  tags: tagsShape,
  contacts: z.array(contactShape).max(maxContacts),
  availability: availabilityShape,
  objectStorage: objectStorageSchema,
  externalId: z.string().regex(externalIdPattern),
  access: providerAccessSchema.nullable(),
  state: customCloudStateSchema,
  errors: z.array(cloudErrorSchema),
  history: z.array(historyEntrySchema),
  version: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The verification in progress, while `validating` or `reconnecting`. */
  verification: verificationStateSchema.nullable().optional(),
  /** The health monitor's view, once the cloud has been checked. */
  health: healthStateSchema.nullable().optional(),
  /** The checks of the last finished verification and what each observed. */
  lastVerification: lastVerificationSchema.nullable().optional(),
  /** The version of the template the cloud was last verified with (`describeTemplate`), when its provider has versions. */
  templateVersion: z.string().min(1).max(64).nullable().optional(),
  /**
   * A rotation of the external ID in progress (`rotateExternalId`): the ID it replaces, which the
   * templates keep in the trust and the vendor still presents if the new one is refused, until a
   * verification or health check sees the new one accepted.
   */
  externalIdRotation: z
    .strictObject({ previousExternalId: z.string().regex(externalIdPattern), rotatedAt: z.iso.datetime() })
    .nullable()
    .optional(),
  /** When the current external ID was issued (absent on clouds stored before byoc-kit tracked it). */
  externalIdIssuedAt: z.iso.datetime().optional(),
  /** When a template first carried the current external ID; null while none has. */
  externalIdServedAt: z.iso.datetime().nullable().optional(),
  /** Self-registration: the ids of the tokens already used (the last 20), so each registers once. */
  registration: z
    .strictObject({ usedTokens: z.array(z.string().max(64)).max(20) })
    .nullable()
    .optional(),
});

/** A custom cloud: the customer's cloud account connected to the vendor. */
export type CustomCloud = z.infer<typeof customCloudSchema>;

/** Runs a rule that throws `ByocError` and turns its failure into a zod issue carrying the code. */
export function applyRule<T>(context: z.RefinementCtx, path: PropertyKey[] | undefined, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (!ByocError.isInstance(error)) throw error;
    context.addIssue({
      code: 'custom',
      message: error.message,
      ...(path === undefined ? {} : { path }),
      params: { byocCode: error.code, details: error.details },
    });
    return z.NEVER;
  }
}

/**
 * JSON Schema (draft 2020-12) of the creation input, for vendors that validate requests before
 * they reach byoc-kit or publish the shape in an OpenAPI document. The domain rules that need code
 * (RFC 1918, region catalogue, Admin contact) are enforced by `parseCustomCloudInput` on top.
 */
export function customCloudInputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(customCloudInputShape, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
