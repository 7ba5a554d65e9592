import {
  cloudReservedTagPrefixes,
  forbiddenTagKeys,
  maxTags,
  parseIpv4Network,
  privateRanges,
  tagKeyPattern,
  tagValuePattern,
} from '../domain/index.js';

/**
 * Core's rules on a custom cloud's values, generated into the languages templates check values in:
 * Terraform `validation` conditions and CloudFormation `AllowedPattern`s. Each is derived from the
 * same data as `validateReservedCidr` and `validateTags` (the private ranges, the prefix bounds, the
 * tag patterns), and a property test holds the three to accepting exactly the same values.
 */

/**
 * A custom cloud's id: a lower-case RFC 9562 UUID (versions 1 to 8, or the nil and max UUIDs), as
 * `createByoc` requires of `generateId` and the templates check.
 */
export const customCloudIdPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/** Prefix bounds of the reserved CIDR. */
export interface CidrBounds {
  readonly minPrefix: number;
  readonly maxPrefix: number;
}

const anyOctet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';

/** The values an octet may take: those whose `fixed` leading bits equal `value`'s and whose `zero` trailing bits are 0. */
function octetValues(value: number, fixed: number, zero: number): number[] {
  const values: number[] = [];
  for (let octet = 0; octet < 256; octet += 2 ** zero) {
    if (fixed === 0 || octet >> (8 - fixed) === value >> (8 - fixed)) values.push(octet);
  }
  return values;
}

function octetPattern(values: readonly number[]): string {
  if (values.length === 256) return anyOctet;
  if (values.length === 1) return String(values[0]);
  return `(${values.join('|')})`;
}

const ranges = () => privateRanges.map((cidr) => parseIpv4Network(cidr));

/**
 * The reserved-CIDR rule as one anchored regular expression, for CloudFormation's `AllowedPattern`:
 * it matches exactly the canonical `a.b.c.d/n` networks `validateReservedCidr` accepts with these
 * bounds (inside an RFC 1918 range, no host bits, no leading zeros, `/minPrefix` to `/maxPrefix`).
 */
export function reservedCidrPattern(bounds: CidrBounds): string {
  const alternatives: string[] = [];
  const octetsOf = (start: number) => [24, 16, 8, 0].map((shift) => (start >>> shift) & 255);
  const octet = (range: { start: number; prefix: number }, index: number, prefix: number) =>
    octetPattern(
      octetValues(
        octetsOf(range.start)[index] as number,
        Math.min(8, Math.max(0, range.prefix - 8 * index)),
        Math.min(8, Math.max(0, 8 * (index + 1) - prefix)),
      ),
    );
  // From /16 on, the first two octets depend on the range only and the last two on the prefix only.
  const split = 16;
  for (const range of ranges()) {
    for (let prefix = Math.max(range.prefix, bounds.minPrefix); prefix <= Math.min(bounds.maxPrefix, split - 1); prefix++) {
      alternatives.push(`${[0, 1, 2, 3].map((index) => octet(range, index, prefix)).join('\\.')}/${prefix}`);
    }
  }
  const tails: string[] = [];
  for (let prefix = Math.max(split, bounds.minPrefix); prefix <= bounds.maxPrefix; prefix++) {
    tails.push(`${octet({ start: 0, prefix: 0 }, 2, prefix)}\\.${octet({ start: 0, prefix: 0 }, 3, prefix)}/${prefix}`);
  }
  if (tails.length > 0) {
    const heads = ranges().map((range) => `${octet(range, 0, split)}\\.${octet(range, 1, split)}`);
    alternatives.push(`(${heads.join('|')})\\.(${tails.join('|')})`);
  }
  return `^(${alternatives.join('|')})$`;
}

/**
 * The reserved-CIDR rule as a Terraform condition on `reference` (`var.reserved_cidr`): a regular
 * expression for the range and the prefix (no leading zeros), and `cidrhost` for the host bits.
 */
export function reservedCidrCondition(reference: string, bounds: CidrBounds): string {
  const alternatives = ranges().flatMap((range) => {
    const prefixes: number[] = [];
    for (let prefix = Math.max(range.prefix, bounds.minPrefix); prefix <= bounds.maxPrefix; prefix++) prefixes.push(prefix);
    if (prefixes.length === 0) return [];
    const octets = [24, 16, 8, 0].map((shift) => (range.start >>> shift) & 255);
    const head = octets
      .slice(0, Math.ceil(range.prefix / 8))
      .map((value, index) => octetPattern(octetValues(value, Math.min(8, range.prefix - 8 * index), 0)))
      .join('\\\\.');
    const rest = 4 - Math.ceil(range.prefix / 8);
    return [`${head}(\\\\.${anyOctet}){${rest}}/(${prefixes.join('|')})`];
  });
  return `try(
      can(regex("^(${alternatives.join('|')})$", ${reference})) &&
      cidrhost(${reference}, 0) == split("/", ${reference})[0],
      false
    )`;
}

/**
 * The tag rule as a Terraform condition on `reference` (`var.tags`): the count, the key and value
 * patterns, the reserved key prefixes (the clouds' and the vendor's) and the keys JavaScript owns.
 */
export function tagsCondition(reference: string, reservedPrefixes: readonly string[]): string {
  const prefixes = [...cloudReservedTagPrefixes, ...reservedPrefixes].join('|');
  const forbidden = forbiddenTagKeys.filter((key) => tagKeyPattern.test(key));
  return `length(${reference}) <= ${maxTags} && alltrue([
      for key, value in ${reference} :
      can(regex("${tagKeyPattern.source}", key)) && can(regex("${tagValuePattern.source}", value)) && !can(regex("^(${prefixes})", key))${forbidden.length > 0 ? ` && !contains([${forbidden.map((key) => `"${key}"`).join(', ')}], key)` : ''}
    ])`;
}
