import * as z from 'zod';
import {
  applyRule,
  type CustomCloud,
  type CustomCloudRules,
  cloudErrorSchema,
  cloudProviderIdSchema,
  customCloudStateSchema,
  deploymentModelSchema,
  displayNameSchema,
  guardedTags,
  normalizeRegion,
  parseInput,
  validateContacts,
  validateReservedCidr,
  validateTags,
} from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { providerFromWire, tagKeyFromWire, wireProviderNames, wireTagPrefix } from './wire-api.js';

/** The fields of a custom cloud that Aiven's custom-cloud-environment JSON carries. */
export type WireCustomCloud = Pick<
  CustomCloud,
  'id' | 'provider' | 'region' | 'contacts' | 'deploymentModel' | 'displayName' | 'errors' | 'reservedCidr' | 'state' | 'tags' | 'updatedAt'
>;

/** Aiven's snake_case custom-cloud-environment document. */
export interface WireDocument {
  custom_cloud_environment: {
    cloud_provider: string;
    cloud_region: string;
    contact_emails: { email: string; real_name?: string; role: string }[];
    custom_cloud_environment_id: string;
    deployment_model: string;
    display_name: string;
    errors: { category: string; code: string; message: string }[];
    reserved_cidr: string;
    state: string;
    tags: Record<string, string>;
    update_time: string;
  };
}

const wireFieldCodes = {
  cloud_provider: 'PROVIDER_INVALID',
  cloud_region: 'REGION_INVALID',
  contact_emails: 'CONTACTS_INVALID',
  deployment_model: 'DEPLOYMENT_MODEL_INVALID',
  display_name: 'DISPLAY_NAME_INVALID',
  reserved_cidr: 'CIDR_INVALID',
  tags: 'TAG_INVALID',
};

const wireEnvelopeSchema = z.strictObject({ custom_cloud_environment: z.record(z.string(), z.unknown()) });

function wireBodySchema(rules: CustomCloudRules) {
  return z
    .strictObject({
      cloud_provider: z.preprocess(providerFromWire, cloudProviderIdSchema),
      cloud_region: z.string(),
      contact_emails: z.array(z.strictObject({ email: z.string(), real_name: z.string().optional(), role: z.string().optional() })),
      custom_cloud_environment_id: z.uuid(),
      deployment_model: deploymentModelSchema,
      display_name: displayNameSchema,
      errors: z.array(cloudErrorSchema),
      reserved_cidr: z.string(),
      state: customCloudStateSchema,
      tags: guardedTags(z.record(z.string(), z.string())).transform((tags) =>
        Object.fromEntries(Object.entries(tags).map(([key, value]) => [tagKeyFromWire(key), value])),
      ),
      update_time: z.iso.datetime({ offset: false }),
    })
    .transform(
      (body, context): WireCustomCloud => ({
        id: body.custom_cloud_environment_id,
        provider: body.cloud_provider,
        region: applyRule(context, ['cloud_region'], () => normalizeRegion(body.cloud_provider, body.cloud_region)),
        contacts: applyRule(context, ['contact_emails'], () =>
          validateContacts(
            body.contact_emails.map(({ email, real_name, role }) =>
              real_name === undefined ? { email, role } : { email, realName: real_name, role },
            ),
            { requireAdmin: false },
          ),
        ),
        deploymentModel: body.deployment_model,
        displayName: body.display_name,
        errors: body.errors,
        reservedCidr: applyRule(context, ['reserved_cidr'], () => validateReservedCidr(body.reserved_cidr, rules.cidr)),
        state: body.state,
        tags: applyRule(context, ['tags'], () => validateTags(body.tags, { reservedPrefixes: rules.reservedTagPrefixes ?? [] })),
        updatedAt: new Date(body.update_time).toISOString(),
      }),
    );
}

/**
 * Aiven's JSON for a custom cloud: `{ custom_cloud_environment: { cloud_provider, ... } }`, with
 * Aiven's names: GCP is `google`, and tag keys carry the `byoc_resource_tag:` prefix its CLI strips.
 */
export function toWire(cloud: WireCustomCloud): WireDocument {
  return {
    custom_cloud_environment: {
      cloud_provider: wireProviderNames[cloud.provider],
      cloud_region: cloud.region,
      contact_emails: cloud.contacts.map((contact) =>
        contact.realName === undefined
          ? { email: contact.email, role: contact.role }
          : { email: contact.email, real_name: contact.realName, role: contact.role },
      ),
      custom_cloud_environment_id: cloud.id,
      deployment_model: cloud.deploymentModel,
      display_name: cloud.displayName,
      errors: cloud.errors.map(({ category, code, message }) => ({ category, code, message })),
      reserved_cidr: cloud.reservedCidr,
      state: cloud.state,
      tags: Object.fromEntries(Object.entries(cloud.tags).map(([key, value]) => [`${wireTagPrefix}${key}`, value])),
      update_time: formatWireTime(cloud.updatedAt),
    },
  };
}

/**
 * Reads Aiven's JSON for a custom cloud, validating it like any other input: unknown keys,
 * a region of another provider, a public CIDR or a bad contact raise the same codes as on create.
 * `gcp` and `google` both name GCP; tag keys are read with or without the prefix. A document in
 * canonical form comes back unchanged through `toWire(fromWire(document))`.
 */
export function fromWire(document: unknown, rules: CustomCloudRules = {}): WireCustomCloud {
  const envelope = wireEnvelopeSchema.safeParse(document);
  if (!envelope.success) {
    throw new ByocError({
      code: 'WIRE_FORMAT_INVALID',
      message: 'Expected a JSON object with exactly one key, "custom_cloud_environment", holding the custom cloud.',
      details: { issues: envelope.error.issues.map((issue) => issue.message) },
    });
  }
  return parseInput(wireBodySchema(rules), envelope.data.custom_cloud_environment, {
    what: 'custom_cloud_environment',
    fieldCodes: wireFieldCodes,
    pathPrefix: ['custom_cloud_environment'],
  });
}

/** RFC 3339 in UTC, with milliseconds only when there are some: `2024-05-07T14:24:18Z`. */
export function formatWireTime(timestamp: string): string {
  return new Date(timestamp).toISOString().replace('.000Z', 'Z');
}
