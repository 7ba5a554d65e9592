import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrIndex } from './cidr-index.js';
import { cidrsOverlap, formatCidr, parseIpv4Cidr } from './ipv4-cidr.js';
import { findFreeCidr } from './reserved-cidr.js';

/** A CIDR inside 10.0.0.0/20, the universe of these properties (small enough to enumerate). */
const smallCidr = fc
  .record({ prefix: fc.integer({ min: 20, max: 30 }), offset: fc.integer({ min: 0, max: 2 ** 12 - 1 }) })
  .map(({ prefix, offset }) => {
    const size = 2 ** (32 - prefix);
    const base = parseIpv4Cidr('10.0.0.0/20').start;
    return formatCidr({ start: base + Math.floor(offset / size) * size, prefix });
  });

const anyCidr = fc
  .record({ address: fc.integer({ min: 0, max: 2 ** 32 - 1 }), prefix: fc.integer({ min: 0, max: 32 }) })
  .map(({ address, prefix }) => {
    const size = 2 ** (32 - prefix);
    return formatCidr({ start: Math.floor(address / size) * size, prefix });
  });

describe('CIDR overlap', () => {
  it('is symmetric', () => {
    fc.assert(fc.property(anyCidr, anyCidr, (a, b) => cidrsOverlap(a, b) === cidrsOverlap(b, a)));
  });

  it('catches containment both ways', () => {
    fc.assert(
      fc.property(anyCidr, fc.integer({ min: 0, max: 32 }), (outer, extra) => {
        const range = parseIpv4Cidr(outer);
        const prefix = Math.min(32, range.prefix + (extra % (33 - range.prefix)));
        const inner = formatCidr({ start: range.start, prefix });
        return cidrsOverlap(outer, inner) && cidrsOverlap(inner, outer);
      }),
    );
  });

  it('finds through the index exactly what a scan finds', () => {
    fc.assert(
      fc.property(fc.array(smallCidr, { maxLength: 40 }), smallCidr, (taken, query) => {
        const index = CidrIndex.from(taken);
        const found = index.findOverlap(parseIpv4Cidr(query));
        const scanned = taken.some((cidr) => cidrsOverlap(cidr, query));
        return scanned ? found !== undefined && cidrsOverlap(found.cidr, query) : found === undefined;
      }),
    );
  });
});

describe('findFreeCidr', () => {
  const within = '10.0.0.0/20';
  const universe = parseIpv4Cidr(within);

  it('never returns a block that is taken, misaligned or outside the range, and finds one whenever one exists', () => {
    fc.assert(
      fc.property(fc.array(smallCidr, { maxLength: 60 }), fc.integer({ min: 20, max: 28 }), (taken, prefix) => {
        const result = findFreeCidr({ within, prefix, taken });
        const size = 2 ** (32 - prefix);
        const candidates: string[] = [];
        for (let start = universe.start; start + size - 1 <= universe.end; start += size) {
          const cidr = formatCidr({ start, prefix });
          if (!taken.some((other) => cidrsOverlap(other, cidr))) candidates.push(cidr);
        }
        if (result === undefined) {
          expect(candidates).toEqual([]);
          return;
        }
        const range = parseIpv4Cidr(result);
        expect(range.prefix).toBe(prefix);
        expect(range.start % size).toBe(0);
        expect(range.start >= universe.start && range.end <= universe.end).toBe(true);
        expect(taken.some((other) => cidrsOverlap(other, result))).toBe(false);
        expect(result).toBe(candidates[0]);
      }),
    );
  });
});
