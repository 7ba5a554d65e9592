import { formatCidr, type Ipv4Range, parseIpv4Cidr } from './ipv4-cidr.js';

/** A CIDR to index, optionally with a name that errors and results can quote (a peer VPC's name). */
export type CidrEntry = string | { readonly name?: string; readonly cidr: string };

/** One indexed range, as found by a query. */
export interface IndexedCidr extends Ipv4Range {
  /** The CIDR as given (host bits, if any, are ignored for matching). */
  readonly cidr: string;
  readonly name: string | undefined;
}

/**
 * A sorted interval index over IPv4 ranges. Overlap queries cost O(log n): ranges are sorted by
 * first address and each position keeps the range with the greatest last address so far, which is
 * the one range that can reach a query from the left. `findFree` walks the merged union, skipping a
 * whole taken run per step.
 */
export class CidrIndex {
  private readonly entries: readonly IndexedCidr[];
  private readonly starts: Float64Array;
  private readonly reachIndex: Int32Array;
  private merged: { starts: Float64Array; ends: Float64Array } | undefined;

  private constructor(entries: IndexedCidr[]) {
    entries.sort((a, b) => a.start - b.start || b.end - a.end);
    this.entries = entries;
    this.starts = new Float64Array(entries.length);
    this.reachIndex = new Int32Array(entries.length);
    let best = -1;
    for (let position = 0; position < entries.length; position++) {
      const entry = entries[position] as IndexedCidr;
      this.starts[position] = entry.start;
      if (best === -1 || entry.end > (entries[best] as IndexedCidr).end) best = position;
      this.reachIndex[position] = best;
    }
  }

  /** Builds an index; throws `CIDR_INVALID` naming the first malformed entry. */
  static from(cidrs: Iterable<CidrEntry>): CidrIndex {
    const entries: IndexedCidr[] = [];
    for (const item of cidrs) {
      const cidr = typeof item === 'string' ? item : item.cidr;
      const name = typeof item === 'string' ? undefined : item.name;
      const range = parseIpv4Cidr(cidr, name === undefined ? 'peer CIDR' : `peer CIDR of "${name}"`);
      entries.push({ start: range.start, end: range.end, prefix: range.prefix, cidr, name });
    }
    return new CidrIndex(entries);
  }

  /** Number of indexed ranges. */
  get size(): number {
    return this.entries.length;
  }

  /** An indexed range that shares an address with `range`, or undefined when none does. */
  findOverlap(range: Pick<Ipv4Range, 'start' | 'end'>): IndexedCidr | undefined {
    const last = lastAtOrBefore(this.starts, range.end);
    if (last < 0) return undefined;
    const candidate = this.entries[this.reachIndex[last] as number] as IndexedCidr;
    return candidate.end >= range.start ? candidate : undefined;
  }

  /**
   * The first block of `prefix` aligned on its own size inside `within` that overlaps no indexed
   * range, or undefined when every such block is taken.
   */
  findFree(within: Ipv4Range, prefix: number): string | undefined {
    const merged = this.mergedRanges();
    const size = 2 ** (32 - prefix);
    let candidate = Math.ceil(within.start / size) * size;
    while (candidate + size - 1 <= within.end) {
      const last = lastAtOrBefore(merged.starts, candidate + size - 1);
      const end = last < 0 ? -1 : (merged.ends[last] as number);
      if (end < candidate) return formatCidr({ start: candidate, prefix });
      candidate = Math.ceil((end + 1) / size) * size;
    }
    return undefined;
  }

  private mergedRanges(): { starts: Float64Array; ends: Float64Array } {
    if (this.merged) return this.merged;
    const starts: number[] = [];
    const ends: number[] = [];
    for (const entry of this.entries) {
      const lastEnd = ends[ends.length - 1];
      if (lastEnd !== undefined && entry.start <= lastEnd + 1) {
        if (entry.end > lastEnd) ends[ends.length - 1] = entry.end;
      } else {
        starts.push(entry.start);
        ends.push(entry.end);
      }
    }
    this.merged = { starts: Float64Array.from(starts), ends: Float64Array.from(ends) };
    return this.merged;
  }
}

/** Index of the last element <= value in an ascending array, or -1. */
function lastAtOrBefore(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
