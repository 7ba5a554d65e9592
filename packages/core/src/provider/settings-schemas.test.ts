import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { functionSetting, providerClockShape, resourcePrefixSchema, retryPolicySchema } from './settings-schemas.js';

const clockSchema = z.strictObject(providerClockShape);

describe('the settings fragments every provider shares', () => {
  it('accepts an injected clock, and no clock at all', () => {
    const now = () => 0;
    expect(clockSchema.parse({ now, random: Math.random, sleep: async () => {} }).now).toBe(now);
    expect(clockSchema.parse({})).toEqual({});
  });

  it.each([
    ['sleep', 1000],
    ['now', Date.now()],
    ['random', 0.5],
  ])('refuses a %s that is not a function, saying to pass one', (field, value) => {
    const result = clockSchema.safeParse({ [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message: 'Pass a function.' })]);
  });

  it('lets a function setting be left out', () => {
    expect(functionSetting<() => void>().safeParse(undefined).success).toBe(true);
    expect(functionSetting<() => void>().safeParse(null).success).toBe(false);
  });

  it('defaults a resource prefix and a retry policy field by field', () => {
    expect(resourcePrefixSchema().parse(undefined)).toBe('cce');
    expect(resourcePrefixSchema('acme').parse(undefined)).toBe('acme');
    const defaults = { initialDelayMs: 1, factor: 2, maxDelayMs: 3, deadlineMs: 4, jitter: 'none' } as const;
    expect(retryPolicySchema(defaults).parse({ factor: 3 })).toEqual({ ...defaults, factor: 3 });
  });
});
