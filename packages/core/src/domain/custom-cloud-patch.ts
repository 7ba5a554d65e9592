import * as z from 'zod';
import { ByocError } from '../errors/index.js';
import { assertAdminContactKept } from './contacts.js';
import { parseCustomCloudInput } from './custom-cloud-input.js';
import type { CustomCloud, CustomCloudRules } from './custom-cloud-schema.js';
import { customCloudFieldCodes, parseInput } from './parse-input.js';

/** Fields that change only while a custom cloud is a draft: the template is built on them. */
export const draftOnlyFields = ['provider', 'region', 'reservedCidr', 'deploymentModel'] as const;

const patchShape = z.strictObject({
  displayName: z.unknown().optional(),
  provider: z.unknown().optional(),
  region: z.unknown().optional(),
  deploymentModel: z.unknown().optional(),
  reservedCidr: z.unknown().optional(),
  tags: z.unknown().optional(),
  contacts: z.unknown().optional(),
  availability: z.unknown().optional(),
  objectStorage: z.unknown().optional(),
});

/** A change to a custom cloud: any of its customer-described fields. */
export type CustomCloudPatch = Partial<
  Pick<
    CustomCloud,
    'displayName' | 'provider' | 'region' | 'deploymentModel' | 'reservedCidr' | 'tags' | 'availability' | 'objectStorage'
  > & {
    contacts: readonly { email: string; role: string; realName?: string }[];
  }
>;

/**
 * Applies a patch and returns the new cloud (version and history untouched). The merged cloud is
 * checked by every creation rule, so a patch can never produce a cloud `create` would refuse.
 * Raises `INPUT_UNKNOWN_KEY` for keys that cannot be patched (id, state, externalId, ...) and
 * `FIELD_IMMUTABLE` for a change to a draft-only field after the draft, and `CONTACTS_INVALID` for
 * contacts that leave an active, disconnected or reconnecting cloud without an Admin.
 */
export function applyPatch(cloud: CustomCloud, patch: unknown, options: { rules?: CustomCloudRules | undefined; at: string }): CustomCloud {
  const fields = parseInput(patchShape, patch, { what: 'custom cloud update', fieldCodes: customCloudFieldCodes });
  if (cloud.state !== 'draft') {
    for (const field of draftOnlyFields) {
      if (fields[field] !== undefined && fields[field] !== cloud[field]) {
        throw new ByocError({
          code: 'FIELD_IMMUTABLE',
          message: `${field} cannot change once the custom cloud has left draft (it is "${cloud.state}"): the customer's infrastructure was built on it. Create a new custom cloud instead.`,
          details: { field, state: cloud.state },
        });
      }
    }
  }
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const merged = parseCustomCloudInput(
    {
      organizationId: cloud.organizationId,
      displayName: cloud.displayName,
      provider: cloud.provider,
      region: cloud.region,
      deploymentModel: cloud.deploymentModel,
      reservedCidr: cloud.reservedCidr,
      tags: cloud.tags,
      contacts: cloud.contacts,
      availability: cloud.availability,
      objectStorage: cloud.objectStorage,
      ...defined,
    },
    cidrRulesFor(defined, options.rules),
  );
  if (defined.contacts !== undefined) assertAdminContactKept(cloud, merged.contacts);
  return { ...cloud, ...merged, updatedAt: options.at };
}

// The CIDR rules (bounds, peers) are checked when the CIDR is chosen: a later change of the
// vendor's policy must not lock the other fields of clouds created under the old one.
function cidrRulesFor(defined: Record<string, unknown>, rules: CustomCloudRules | undefined): CustomCloudRules {
  if (defined.reservedCidr !== undefined) return rules ?? {};
  return { ...rules, cidr: { minPrefix: 8, maxPrefix: 28 } };
}
