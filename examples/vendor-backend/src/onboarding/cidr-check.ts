import {
  ByocError,
  type CidrEntry,
  type CustomCloudRules,
  cidrsOverlap,
  defaultReservedCidrBounds,
  findFreeCidr,
  type OrganizationByoc,
  parseIpv4Cidr,
  privateRanges,
  validateReservedCidr,
} from '@byoc-kit/core';

/** What the onboarding page shows under the CIDR field as the customer types. */
export type CidrCheck =
  | {
      readonly ok: true;
      /** The CIDR in canonical form, as it will be stored. */
      readonly cidr: string;
      readonly addresses: number;
      /** Another cloud of the organization on an overlapping range: allowed, but the two cannot be peered. */
      readonly warning?: string;
      readonly suggestion?: string;
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly suggestion?: string };

/**
 * Checks a reserved CIDR as `byoc.create` will (the same function and the vendor's same rules), and
 * adds what a form can offer: the SDK's "did you mean" network, or a free block of the size asked
 * for that overlaps none of the vendor's peers nor the organization's other clouds.
 */
export async function checkCidr(
  organization: Pick<OrganizationByoc, 'list'>,
  cidr: unknown,
  rules: CustomCloudRules = {},
): Promise<CidrCheck> {
  const clouds = (await organization.list()).filter((cloud) => cloud.state !== 'deleted');
  const siblings: CidrEntry[] = clouds.map((cloud) => ({ cidr: cloud.reservedCidr, name: cloud.displayName }));
  const free = (prefix: number) => freeBlock(siblings, prefix, rules);
  let canonical: string;
  try {
    canonical = validateReservedCidr(cidr, rules.cidr);
  } catch (error) {
    if (!ByocError.isInstance(error)) throw error;
    const meant = typeof error.details.suggestion === 'string' ? error.details.suggestion : undefined;
    const suggestion = meant && isUsable(meant, rules, siblings) ? meant : free(prefixOf(cidr, rules));
    return { ok: false, code: error.code, message: error.message, ...(suggestion ? { suggestion } : {}) };
  }
  const prefix = parseIpv4Cidr(canonical).prefix;
  const sibling = siblings.find((entry) => cidrsOverlap(canonical, cidrOf(entry)));
  if (sibling === undefined) return { ok: true, cidr: canonical, addresses: 2 ** (32 - prefix) };
  const suggestion = free(prefix);
  return {
    ok: true,
    cidr: canonical,
    addresses: 2 ** (32 - prefix),
    warning: `${canonical} overlaps your custom cloud ${nameOf(sibling)} (${cidrOf(sibling)}); the two cannot be peered with each other.`,
    ...(suggestion ? { suggestion } : {}),
  };
}

const cidrOf = (entry: CidrEntry) => (typeof entry === 'string' ? entry : entry.cidr);
const nameOf = (entry: CidrEntry) => (typeof entry === 'string' || entry.name === undefined ? entry : `"${entry.name}"`);

/**
 * The first free block of `prefix` (kept within the vendor's bounds) in the private ranges, 10/8
 * first, that the vendor's rules accept (its peers may be an index) and no sibling overlaps.
 */
function freeBlock(siblings: CidrEntry[], prefix: number, rules: CustomCloudRules): string | undefined {
  const { minPrefix, maxPrefix } = { ...defaultReservedCidrBounds, ...rules.cidr };
  const wanted = Math.min(Math.max(prefix, minPrefix), maxPrefix);
  for (const within of privateRanges) {
    if (parseIpv4Cidr(within).prefix > wanted) continue;
    const taken = [...siblings];
    // Each refused candidate is taken in turn; a few rounds find a block clear of the vendor's peers too.
    for (let round = 0; round < 64; round++) {
      const found = findFreeCidr({ within, prefix: wanted, taken });
      if (found === undefined) break;
      if (isUsable(found, rules, siblings)) return found;
      taken.push(found);
    }
  }
  return undefined;
}

function isUsable(cidr: string, rules: CustomCloudRules, siblings: CidrEntry[]): boolean {
  try {
    validateReservedCidr(cidr, rules.cidr);
  } catch {
    return false;
  }
  return !siblings.some((entry) => cidrsOverlap(cidr, cidrOf(entry)));
}

/** The prefix the customer typed, when one can be read; else the largest block allowed. */
function prefixOf(cidr: unknown, rules: CustomCloudRules): number {
  const match = typeof cidr === 'string' ? /\/(\d{1,2})\s*$/.exec(cidr) : null;
  return match ? Number(match[1]) : (rules.cidr?.minPrefix ?? defaultReservedCidrBounds.minPrefix);
}
