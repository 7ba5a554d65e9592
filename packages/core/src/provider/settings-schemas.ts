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
