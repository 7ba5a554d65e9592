// Benchmark of the CIDR interval index against a scan of every range with ipaddr.js, side by side
// in one process: 100,000 non-overlapping taken ranges of /22 to /28 inside 10.0.0.0/8.
//   npx -y pnpm@10 bench        (or: npx tsx packages/core/bench/cidr.bench.ts)
import ipaddr from 'ipaddr.js';
import { formatDuration, medianNanoseconds, seededRandom } from '../../../tools/bench-harness.js';
import { CidrIndex } from '../src/domain/cidr-index.js';
import { formatCidr, parseIpv4Cidr } from '../src/domain/ipv4-cidr.js';
import { findFreeCidr } from '../src/domain/reserved-cidr.js';

const random = seededRandom(20261122);
const within = parseIpv4Cidr('10.0.0.0/8');
// One /20 left free at about 60% of the range, so the free-block search has something to find.
const hole = parseIpv4Cidr('10.150.0.0/20');
// Each /22 of the range is split at random into blocks of /22 to /28, some left free, until
// 100,000 blocks are taken (the chance of taking a block grows as it gets smaller).
const takeChance: Record<number, number> = { 22: 0.03, 23: 0.05, 24: 0.15, 25: 0.3, 26: 0.45, 27: 0.6, 28: 0.75 };
const taken: string[] = [];
const fill = (start: number, prefix: number): void => {
  if (taken.length >= 100_000) return;
  const roll = random();
  if (roll < (takeChance[prefix] as number)) taken.push(formatCidr({ start, prefix }));
  else if (prefix < 28 && roll < 0.92) {
    const half = 2 ** (32 - prefix - 1);
    fill(start, prefix + 1);
    fill(start + half, prefix + 1);
  }
};
for (let start = within.start; start <= within.end && taken.length < 100_000; start += 1024) {
  if (start < hole.start || start > hole.end) fill(start, 22);
}
if (taken.length < 100_000) throw new Error('the generated ranges do not fit in 10.0.0.0/8');
// Shuffle, so neither side benefits from sorted input.
for (let index = taken.length - 1; index > 0; index--) {
  const other = Math.floor(random() * (index + 1));
  [taken[index], taken[other]] = [taken[other] as string, taken[index] as string];
}

const candidates = Array.from({ length: 1_000 }, () =>
  formatCidr({ start: within.start + Math.floor(random() * 65_536) * 256, prefix: 24 }),
);

// Baseline: every range parsed once with ipaddr.js, then scanned in full for each query.
const parsedTaken = taken.map((cidr) => ipaddr.IPv4.parseCIDR(cidr));
const scanOverlaps = (candidate: [ipaddr.IPv4, number]) =>
  parsedTaken.some(([address, bits]) => candidate[0].match(address, bits) || address.match(candidate[0], candidate[1]));
const scanFindFree = (prefix: number): string | undefined => {
  const size = 2 ** (32 - prefix);
  for (let start = within.start; start + size - 1 <= within.end; start += size) {
    const candidate = ipaddr.IPv4.parseCIDR(formatCidr({ start, prefix }));
    if (!scanOverlaps(candidate)) return formatCidr({ start, prefix });
  }
  return undefined;
};
const parsedCandidates = candidates.map((cidr) => ipaddr.IPv4.parseCIDR(cidr));
const candidateRanges = candidates.map((cidr) => parseIpv4Cidr(cidr));

const buildStart = process.hrtime.bigint();
const index = CidrIndex.from(taken);
const buildNanoseconds = Number(process.hrtime.bigint() - buildStart);

// Both sides must agree before their speed means anything.
for (const [position, range] of candidateRanges.entries()) {
  if ((index.findOverlap(range) !== undefined) !== scanOverlaps(parsedCandidates[position] as [ipaddr.IPv4, number])) {
    throw new Error(`index and scan disagree on ${candidates[position]}`);
  }
}
const indexFree = findFreeCidr({ within: '10.0.0.0/8', prefix: 20, taken: index });
const scanFree = scanFindFree(20);
if (indexFree !== scanFree) throw new Error(`index found ${indexFree}, scan found ${scanFree}`);

let sink = 0;
const overlapIndex = medianNanoseconds(51, candidateRanges.length, () => {
  for (const range of candidateRanges) if (index.findOverlap(range)) sink++;
});
const overlapScan = medianNanoseconds(7, 20, () => {
  for (let position = 0; position < 20; position++) if (scanOverlaps(parsedCandidates[position] as [ipaddr.IPv4, number])) sink++;
});
const freeIndex = medianNanoseconds(51, 1, () => {
  if (findFreeCidr({ within: '10.0.0.0/8', prefix: 20, taken: index })) sink++;
});
const freeScan = medianNanoseconds(3, 1, () => {
  if (scanFindFree(20)) sink++;
});

const rows = [
  {
    operation: '(a) overlap check, 1 candidate vs 100,000',
    index: overlapIndex,
    scan: overlapScan,
    goal: overlapIndex < 50_000 && overlapScan / overlapIndex >= 100,
  },
  { operation: '(b) findFreeCidr /20 in 10.0.0.0/8', index: freeIndex, scan: freeScan, goal: freeScan / freeIndex >= 100 },
];
console.log(`CIDR index vs ipaddr.js scan: 100,000 taken ranges /22-/28 in 10.0.0.0/8 (node ${process.version})`);
console.log(`index build from 100,000 strings (once): ${formatDuration(buildNanoseconds)}; free /20 found: ${indexFree}`);
console.table(
  rows.map((row) => ({
    operation: row.operation,
    'index median': formatDuration(row.index),
    'scan median': formatDuration(row.scan),
    'speed-up': `${(row.scan / row.index).toFixed(0)}x`,
    'goal (>=100x, overlap <50 µs)': row.goal ? 'met' : 'MISSED',
  })),
);
if (sink < 0) console.log(sink);
if (rows.some((row) => !row.goal)) process.exitCode = 1;
