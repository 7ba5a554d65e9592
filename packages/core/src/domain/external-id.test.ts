import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown-code.js';
import { assertExternalId, externalIdPattern, generateExternalId } from './external-id.js';

describe('generateExternalId', () => {
  it('returns 32 characters of [A-Za-z0-9], different every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateExternalId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('carries at least 128 bits: 32 symbols of 62', () => {
    expect(32 * Math.log2(62)).toBeGreaterThanOrEqual(128);
  });

  it('skips biased bytes rather than folding them', () => {
    let call = 0;
    const random = (size: number) => {
      call++;
      return new Uint8Array(size).fill(call === 1 ? 255 : 0);
    };
    expect(generateExternalId(random)).toBe('A'.repeat(32));
  });

  it('validates the stored shape', () => {
    expect(() => assertExternalId(generateExternalId())).not.toThrow();
    expect(externalIdPattern.test('short')).toBe(false);
    expect(thrownCode(() => assertExternalId('has spaces in it and is long enough!'))).toBe('EXTERNAL_ID_INVALID');
  });
});
