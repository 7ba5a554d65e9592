import { ByocError } from '../errors/index.js';
import { type CidrEntry, CidrIndex } from './cidr-index.js';
import { formatCidr, type Ipv4Range, parseIpv4Network } from './ipv4-cidr.js';

/** The RFC 1918 private ranges a reserved CIDR must lie in. */
export const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

const privateRangeIndex = privateRanges.map((cidr) => ({ cidr, ...parseIpv4Network(cidr) }));

/** Vendor-tunable bounds of the reserved-CIDR rule. */
export interface ReservedCidrOptions {
  /** CIDRs the custom cloud's VPC must not overlap (VPCs the customer will peer with). */
  peers?: Iterable<CidrEntry> | CidrIndex;
  /** Largest network allowed, as the smallest prefix length. Default 16. */
  minPrefix?: number;
  /** Smallest network allowed, as the largest prefix length. Default 24. */
  maxPrefix?: number;
}

/** The default prefix bounds, /16 to /24, as in Aiven's and Zilliz's documentation. */
export const defaultReservedCidrBounds = { minPrefix: 16, maxPrefix: 24 } as const;

/**
 * Checks a custom cloud's reserved VPC CIDR and returns it in canonical form.
 *
 * Raises, in this order: `CIDR_INVALID` (not IPv4 a.b.c.d/n), `CIDR_HOST_BITS_SET` (suggests the
 * network), `CIDR_NOT_PRIVATE` (outside 10/8, 172.16/12, 192.168/16), `CIDR_PREFIX_OUT_OF_RANGE`,
 * `CIDR_OVERLAP` (names the peer and suggests a free block of the same size).
 */
export function validateReservedCidr(cidr: unknown, options: ReservedCidrOptions = {}): string {
  const { minPrefix, maxPrefix } = checkBounds(options);
  const network = parseIpv4Network(cidr, 'reserved CIDR');
  const canonical = formatCidr(network);
  const home = privateRangeIndex.find((range) => range.start <= network.start && network.end <= range.end);
  if (!home) {
    throw new ByocError({
      code: 'CIDR_NOT_PRIVATE',
      message: `The reserved CIDR ${canonical} is not inside the RFC 1918 private ranges (${privateRanges.join(', ')}). Choose a range such as 10.0.0.0/16.`,
      details: { cidr: canonical, allowed: privateRanges },
    });
  }
  if (network.prefix < minPrefix || network.prefix > maxPrefix) {
    throw new ByocError({
      code: 'CIDR_PREFIX_OUT_OF_RANGE',
      message: `The reserved CIDR ${canonical} is a /${network.prefix}; it must be between /${minPrefix} (${(2 ** (32 - minPrefix)).toLocaleString('en-US')} addresses) and /${maxPrefix} (${2 ** (32 - maxPrefix)} addresses).`,
      details: { cidr: canonical, prefix: network.prefix, minPrefix, maxPrefix },
    });
  }
  if (options.peers !== undefined) {
    const peers = options.peers instanceof CidrIndex ? options.peers : CidrIndex.from(options.peers);
    const peer = peers.findOverlap(network);
    if (peer) {
      const label = peer.name === undefined ? `peer ${peer.cidr}` : `peer "${peer.name}" (${peer.cidr})`;
      const suggestion = peers.findFree(home, network.prefix);
      throw new ByocError({
        code: 'CIDR_OVERLAP',
        message: `The reserved CIDR ${canonical} overlaps ${label}. Choose a range that does not overlap it${suggestion ? `; ${suggestion} is free` : ''}.`,
        details: { cidr: canonical, peer: { name: peer.name, cidr: peer.cidr }, suggestion },
      });
    }
  }
  return canonical;
}

/** What `findFreeCidr` searches. */
export interface FindFreeCidrOptions {
  /** The range to search in, e.g. `10.0.0.0/8`. */
  within: string;
  /** Prefix length of the block wanted; at least `within`'s own. */
  prefix: number;
  /** CIDRs already in use. Pass a prebuilt `CidrIndex` to search many times over the same set. */
  taken: Iterable<CidrEntry> | CidrIndex;
}

/**
 * The first block of the given prefix inside `within`, aligned on its size, that overlaps none of
 * the taken CIDRs; undefined when none is free. Backed by `CidrIndex`: O(log n) per step, with a
 * step per taken run skipped.
 */
export function findFreeCidr(options: FindFreeCidrOptions): string | undefined {
  const within: Ipv4Range = parseIpv4Network(options.within, 'search range');
  if (!Number.isInteger(options.prefix) || options.prefix < within.prefix || options.prefix > 32) {
    throw new ByocError({
      code: 'CIDR_PREFIX_OUT_OF_RANGE',
      message: `The prefix /${String(options.prefix)} must be a whole number between /${within.prefix} (the search range) and /32.`,
      details: { prefix: options.prefix, within: options.within },
    });
  }
  const index = options.taken instanceof CidrIndex ? options.taken : CidrIndex.from(options.taken);
  return index.findFree(within, options.prefix);
}

function checkBounds(options: ReservedCidrOptions): { minPrefix: number; maxPrefix: number } {
  const minPrefix = options.minPrefix ?? defaultReservedCidrBounds.minPrefix;
  const maxPrefix = options.maxPrefix ?? defaultReservedCidrBounds.maxPrefix;
  const valid = (value: number) => Number.isInteger(value) && value >= 8 && value <= 28;
  if (!valid(minPrefix) || !valid(maxPrefix) || minPrefix > maxPrefix) {
    throw new ByocError({
      code: 'CIDR_PREFIX_OUT_OF_RANGE',
      message: `The reserved-CIDR bounds /${minPrefix} to /${maxPrefix} are invalid: both must be whole numbers from 8 to 28, the first not above the second.`,
      details: { minPrefix, maxPrefix },
    });
  }
  return { minPrefix, maxPrefix };
}
