import { ByocError } from '@byoc-kit/core';

/** One limit: a bucket of `burst` calls, refilled at `perMinute`. */
export interface RateLimit {
  readonly perMinute: number;
  readonly burst: number;
}

/** The limits per caller: every change (POST, PUT, DELETE), and provisions, which start a verification, on their own. */
export interface RateLimitSettings {
  /** Default 120 a minute, 60 at once. */
  readonly writes?: RateLimit;
  /** Default 10 a minute, 5 at once. */
  readonly provisions?: RateLimit;
  /** The current time in ms. Default `performance.now`-based; inject one in tests. */
  readonly now?: () => number;
}

/** What a call may do now: go ahead, or wait this many seconds. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/** A rate limiter the routes ask before each change; replace it with a shared one (Redis, the gateway's) across replicas. */
export interface RateLimiter {
  take(key: string, kind: 'writes' | 'provisions'): RateDecision;
}

interface Bucket {
  tokens: number;
  at: number;
}

const defaults = { writes: { perMinute: 120, burst: 60 }, provisions: { perMinute: 10, burst: 5 } };

/**
 * Token buckets in this process's memory, one per caller and kind. With several replicas each
 * keeps its own, so a caller gets up to the limit from each: a vendor who needs one limit across
 * replicas passes its own `RateLimiter`. Buckets that filled up again are dropped, so memory
 * follows the callers active in the last minute or so.
 */
export function createRateLimiter(settings: RateLimitSettings = {}): RateLimiter {
  const limits = { writes: settings.writes ?? defaults.writes, provisions: settings.provisions ?? defaults.provisions };
  for (const [kind, limit] of Object.entries(limits)) {
    if (!(limit.perMinute > 0 && Number.isInteger(limit.burst) && limit.burst >= 1)) {
      throw new ByocError({
        code: 'BYOC_OPTIONS_INVALID',
        message: `The ${kind} limit needs perMinute above 0 and a whole burst of at least 1.`,
      });
    }
  }
  const start = Date.now();
  const now = settings.now ?? (() => start + performance.now());
  const buckets = new Map<string, Bucket>();

  const sweep = (at: number) => {
    for (const [key, bucket] of buckets) {
      const kind = key.startsWith('writes:') ? 'writes' : 'provisions';
      const limit = limits[kind];
      if (bucket.tokens + ((at - bucket.at) / 60_000) * limit.perMinute >= limit.burst) buckets.delete(key);
    }
  };

  return {
    take(key, kind) {
      const limit = limits[kind];
      const at = now();
      if (buckets.size > 10_000) sweep(at);
      const id = `${kind}:${key}`;
      const bucket = buckets.get(id) ?? { tokens: limit.burst, at };
      const tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 60_000) * limit.perMinute);
      if (tokens >= 1) {
        buckets.set(id, { tokens: tokens - 1, at });
        return { ok: true };
      }
      buckets.set(id, { tokens, at });
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) / limit.perMinute) * 60)) };
    },
  };
}
