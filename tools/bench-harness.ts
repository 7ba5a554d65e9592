import { execFileSync } from 'node:child_process';

/** A tiny side-by-side timing harness: medians of repeated samples, reported as ratios. */
export interface Sample {
  /** Nanoseconds per operation. */
  readonly nanoseconds: number;
}

/** Runs `batch` (which performs `operations` operations) `samples` times; returns the median ns/op. */
export function medianNanoseconds(samples: number, operations: number, batch: () => void): number {
  batch(); // warm-up: JIT and caches
  const results: number[] = [];
  for (let index = 0; index < samples; index++) {
    const start = process.hrtime.bigint();
    batch();
    results.push(Number(process.hrtime.bigint() - start) / operations);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)] as number;
}

/** `1.23 µs` style. */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds < 1_000) return `${nanoseconds.toFixed(0)} ns`;
  if (nanoseconds < 1_000_000) return `${(nanoseconds / 1_000).toFixed(2)} µs`;
  if (nanoseconds < 1_000_000_000) return `${(nanoseconds / 1_000_000).toFixed(2)} ms`;
  return `${(nanoseconds / 1_000_000_000).toFixed(2)} s`;
}

/** A deterministic PRNG (mulberry32), so every run measures the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Median wall time, in ns, of a command run `runs` times in fresh processes. */
export function medianProcessNanoseconds(runs: number, command: string, args: readonly string[]): number {
  return medianNanoseconds(runs, 1, () => {
    execFileSync(command, args, { stdio: 'ignore' });
  });
}
