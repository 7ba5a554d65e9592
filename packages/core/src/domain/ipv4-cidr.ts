import ipaddr from 'ipaddr.js';
import { ByocError, quote } from '../errors/index.js';

/** An IPv4 network as an inclusive range of 32-bit addresses. */
export interface Ipv4Range {
  /** First address, as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address, inclusive. */
  readonly end: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

const prefixPattern = /^(?:[0-9]|[12][0-9]|3[0-2])$/;

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The dotted-quad form of a 32-bit address. */
export function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.');
}

/** `a.b.c.d/n` for a range. */
export function formatCidr(range: Pick<Ipv4Range, 'start' | 'prefix'>): string {
  return `${formatIpv4(range.start)}/${range.prefix}`;
}

/**
 * Parses `a.b.c.d/n` strictly (four decimal parts, prefix 0-32) and returns the network it names
 * together with the address as written, so callers can tell whether host bits were set.
 * Throws `CIDR_INVALID` for anything else, IPv6 included.
 */
export function parseIpv4Cidr(text: unknown, what = 'CIDR'): Ipv4Range & { readonly address: number } {
  if (typeof text !== 'string') {
    throw invalidCidr(text, what, `The ${what} must be a string such as "10.0.0.0/16".`);
  }
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? '' : text.slice(slash + 1);
  if (addressText.includes(':') && ipaddr.IPv6.isValid(addressText)) {
    throw invalidCidr(
      text,
      what,
      `The ${what} ${quote(text)} is IPv6; byoc-kit networks are IPv4. Use an RFC 1918 range such as 10.0.0.0/16.`,
    );
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(addressText) || !prefixPattern.test(prefixText)) {
    throw invalidCidr(
      text,
      what,
      `The ${what} ${quote(text)} is not an IPv4 network in a.b.c.d/n notation. Use a value such as 10.0.0.0/16.`,
    );
  }
  const bytes = ipaddr.IPv4.parse(addressText).toByteArray();
  const address = ((bytes[0] ?? 0) * 2 ** 24 + (bytes[1] ?? 0) * 2 ** 16 + (bytes[2] ?? 0) * 2 ** 8 + (bytes[3] ?? 0)) >>> 0;
  const prefix = Number(prefixText);
  const size = blockSize(prefix);
  const start = Math.floor(address / size) * size;
  return { address, start, end: start + size - 1, prefix };
}

/** Parses a CIDR and refuses host bits, naming the network that was probably meant. */
export function parseIpv4Network(text: unknown, what = 'CIDR'): Ipv4Range {
  const parsed = parseIpv4Cidr(text, what);
  if (parsed.address !== parsed.start) {
    const meant = formatCidr(parsed);
    throw new ByocError({
      code: 'CIDR_HOST_BITS_SET',
      message: `The ${what} ${String(text)} has host bits set. Did you mean ${meant}?`,
      details: { cidr: text, suggestion: meant },
    });
  }
  return { start: parsed.start, end: parsed.end, prefix: parsed.prefix };
}

/** True when two ranges share at least one address (containment either way included). */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when two CIDR strings share at least one address. Throws `CIDR_INVALID` on bad input. */
export function cidrsOverlap(a: string, b: string): boolean {
  return rangesOverlap(parseIpv4Cidr(a), parseIpv4Cidr(b));
}

function invalidCidr(value: unknown, what: string, message: string): ByocError {
  return new ByocError({ code: 'CIDR_INVALID', message, details: { cidr: value, field: what } });
}
