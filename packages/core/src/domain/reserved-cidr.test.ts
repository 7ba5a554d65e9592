import { describe, expect, it } from 'vitest';
import { ByocError } from '../errors/index.js';
import { thrownCode } from '../testing/thrown-code.js';
import { findFreeCidr, validateReservedCidr } from './reserved-cidr.js';

describe('validateReservedCidr', () => {
  describe('valid ranges', () => {
    it.each([
      '10.0.0.0/16',
      '10.255.255.0/24',
      '172.16.0.0/16',
      '172.31.0.0/16',
      '172.31.255.0/24',
      '192.168.0.0/16',
      '192.168.0.0/20',
      '192.168.255.0/24',
    ])('accepts %s', (cidr) => {
      expect(validateReservedCidr(cidr)).toBe(cidr);
    });

    it('honours custom prefix bounds', () => {
      expect(validateReservedCidr('10.0.0.0/12', { minPrefix: 12, maxPrefix: 20 })).toBe('10.0.0.0/12');
      expect(validateReservedCidr('10.0.0.0/28', { minPrefix: 20, maxPrefix: 28 })).toBe('10.0.0.0/28');
    });
  });

  describe('invalid ranges', () => {
    it.each([
      ['', 'CIDR_INVALID'],
      ['garbage', 'CIDR_INVALID'],
      ['10.0.0.0', 'CIDR_INVALID'],
      ['10.0.0.0/', 'CIDR_INVALID'],
      ['10.0.0.0/33', 'CIDR_INVALID'],
      ['10.0.0.0/016', 'CIDR_INVALID'],
      ['10.0.0/16', 'CIDR_INVALID'],
      ['10.0.0.256/24', 'CIDR_INVALID'],
      ['010.0.0.0/16', 'CIDR_INVALID'],
      [' 10.0.0.0/16', 'CIDR_INVALID'],
      ['10.0.0.0/16 ', 'CIDR_INVALID'],
      ['0x0a.0.0.0/16', 'CIDR_INVALID'],
      ['fd00::/48', 'CIDR_INVALID'],
      ['::ffff:10.0.0.0/112', 'CIDR_INVALID'],
      ['10.0.0.5/16', 'CIDR_HOST_BITS_SET'],
      ['192.168.1.1/24', 'CIDR_HOST_BITS_SET'],
      ['8.8.8.0/24', 'CIDR_NOT_PRIVATE'],
      ['172.15.0.0/16', 'CIDR_NOT_PRIVATE'],
      ['172.32.0.0/16', 'CIDR_NOT_PRIVATE'],
      ['192.169.0.0/16', 'CIDR_NOT_PRIVATE'],
      ['100.64.0.0/16', 'CIDR_NOT_PRIVATE'],
      ['10.0.0.0/7', 'CIDR_NOT_PRIVATE'],
      ['10.0.0.0/8', 'CIDR_PREFIX_OUT_OF_RANGE'],
      ['10.0.0.0/15', 'CIDR_PREFIX_OUT_OF_RANGE'],
      ['10.0.0.0/25', 'CIDR_PREFIX_OUT_OF_RANGE'],
      ['192.168.0.0/28', 'CIDR_PREFIX_OUT_OF_RANGE'],
    ])('refuses %j with %s', (cidr, code) => {
      expect(thrownCode(() => validateReservedCidr(cidr))).toBe(code);
    });

    it.each([[undefined], [null], [16], [{ cidr: '10.0.0.0/16' }]])('refuses the non-string %j with CIDR_INVALID', (value) => {
      expect(thrownCode(() => validateReservedCidr(value))).toBe('CIDR_INVALID');
    });

    it('suggests the network meant when host bits are set', () => {
      expect(() => validateReservedCidr('10.0.0.5/16')).toThrow('Did you mean 10.0.0.0/16?');
    });

    it('refuses bounds that make no sense', () => {
      expect(thrownCode(() => validateReservedCidr('10.0.0.0/16', { minPrefix: 24, maxPrefix: 16 }))).toBe('CIDR_PREFIX_OUT_OF_RANGE');
      expect(thrownCode(() => validateReservedCidr('10.0.0.0/16', { minPrefix: 4 }))).toBe('CIDR_PREFIX_OUT_OF_RANGE');
    });
  });

  describe('peers', () => {
    it.each([
      ['a peer inside the range', '10.0.128.0/17'],
      ['a peer containing the range', '10.0.0.0/8'],
      ['the same range', '10.0.0.0/16'],
      ['a peer sharing the last block', '10.0.255.0/24'],
    ])('refuses %s with CIDR_OVERLAP naming it', (_, peer) => {
      let error: unknown;
      try {
        validateReservedCidr('10.0.0.0/16', { peers: ['192.168.0.0/16', { name: 'prod-vpc', cidr: peer }] });
      } catch (caught) {
        error = caught;
      }
      expect(ByocError.hasCode(error, 'CIDR_OVERLAP')).toBe(true);
      expect((error as ByocError).message).toContain(`"prod-vpc" (${peer})`);
      expect((error as ByocError).details.peer).toEqual({ name: 'prod-vpc', cidr: peer });
    });

    it('suggests a free block of the same size that avoids every peer', () => {
      let error: ByocError | undefined;
      try {
        validateReservedCidr('10.0.0.0/16', { peers: ['10.0.0.0/16', '10.1.0.0/24'] });
      } catch (caught) {
        error = caught as ByocError;
      }
      expect(error?.details.suggestion).toBe('10.2.0.0/16');
    });

    it('accepts adjacent peers', () => {
      expect(validateReservedCidr('10.1.0.0/16', { peers: ['10.0.0.0/16', '10.2.0.0/16'] })).toBe('10.1.0.0/16');
    });

    it('refuses a malformed peer with CIDR_INVALID', () => {
      expect(thrownCode(() => validateReservedCidr('10.1.0.0/16', { peers: [{ name: 'x', cidr: 'nope' }] }))).toBe('CIDR_INVALID');
    });
  });
});

describe('findFreeCidr', () => {
  it('returns the first aligned free block', () => {
    expect(findFreeCidr({ within: '10.0.0.0/8', prefix: 20, taken: ['10.0.0.0/16', '10.1.0.0/28'] })).toBe('10.1.16.0/20');
    expect(findFreeCidr({ within: '10.0.0.0/8', prefix: 16, taken: [] })).toBe('10.0.0.0/16');
  });

  it('returns undefined when the range is full', () => {
    expect(findFreeCidr({ within: '10.0.0.0/16', prefix: 24, taken: ['10.0.0.0/17', '10.0.128.0/17'] })).toBeUndefined();
  });

  it.each([
    [{ within: '10.0.0.0/16', prefix: 8, taken: [] }, 'CIDR_PREFIX_OUT_OF_RANGE'],
    [{ within: '10.0.0.0/16', prefix: 33, taken: [] }, 'CIDR_PREFIX_OUT_OF_RANGE'],
    [{ within: '10.0.0.0/16', prefix: 20.5, taken: [] }, 'CIDR_PREFIX_OUT_OF_RANGE'],
    [{ within: '10.0.0.1/16', prefix: 20, taken: [] }, 'CIDR_HOST_BITS_SET'],
    [{ within: 'x', prefix: 20, taken: [] }, 'CIDR_INVALID'],
    [{ within: '10.0.0.0/16', prefix: 20, taken: ['10.0.0.0/99'] }, 'CIDR_INVALID'],
  ])('refuses %j with %s', (options, code) => {
    expect(thrownCode(() => findFreeCidr(options))).toBe(code);
  });
});
