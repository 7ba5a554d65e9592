import * as z from 'zod';
import type { RetryPolicy } from './retry-until-deadline.js';

/** The prefix of every resource a template names: 2-20 lower-case letters, digits or single "-", starting with a letter. */
export function resourcePrefixSchema(fallback = 'cce') {
  return z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, 'Use 2-20 lower-case letters, digits or "-", starting with a letter.')
    .refine((prefix) => !prefix.endsWith('-') && !prefix.includes('--'), 'Do not end with "-" or repeat "-".')
    .default(fallback);
}

/** A retry policy setting, each field optional, defaulting to `defaults`. */
export function retryPolicySchema(defaults: RetryPolicy) {
  return z
    .strictObject({
      initialDelayMs: z.number().int().min(0).max(600_000).default(defaults.initialDelayMs),
      factor: z.number().min(1).max(10).default(defaults.factor),
      maxDelayMs: z.number().int().min(0).max(600_000).default(defaults.maxDelayMs),
      deadlineMs: z.number().int().min(0).max(3_600_000).default(defaults.deadlineMs),
      jitter: z.enum(['full', 'none']).default(defaults.jitter),
    })
    .default(defaults);
}

/**
 * The clock and the randomness a provider waits and jitters with. Production leaves them out;
 * tests inject them so that no verdict depends on the day or on chance.
 */
export interface ProviderClockSettings {
  /** Waits between attempts. Default: a timer that the abort signal cancels. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** The current time in ms. Default `Date.now`. */
  now?: () => number;
  /** A number in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
}

/** A setting that must be a function when given. */
export function functionSetting<T>() {
  return z.custom<T>((value) => typeof value === 'function', 'Pass a function.').optional();
}

/** The fields of `ProviderClockSettings`, to spread into a provider's settings schema. */
export const providerClockShape = {
  sleep: functionSetting<NonNullable<ProviderClockSettings['sleep']>>(),
  now: functionSetting<NonNullable<ProviderClockSettings['now']>>(),
  random: functionSetting<NonNullable<ProviderClockSettings['random']>>(),
};
