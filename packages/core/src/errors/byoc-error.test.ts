import { describe, expect, it } from 'vitest';
import { ByocError } from './byoc-error.js';
import { coreErrorCodes, defineErrorCodes } from './error-codes.js';

describe('ByocError', () => {
  it('carries code, details, retryability and cause', () => {
    const cause = new Error('socket hang up');
    const error = new ByocError({ code: 'X_FAILED', message: 'Do this.', details: { a: 1 }, isRetryable: true, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ByocError');
    expect(error.cause).toBe(cause);
    expect(error.isRetryable).toBe(true);
    expect(error.toJSON()).toEqual({ name: 'ByocError', code: 'X_FAILED', message: 'Do this.', details: { a: 1 }, isRetryable: true });
  });

  it('is recognised across copies of the package through its marker', () => {
    const foreign = Object.assign(new Error('x'), { code: 'A', [Symbol.for('byoc-kit.error')]: true });
    expect(ByocError.isInstance(foreign)).toBe(true);
    expect(ByocError.isInstance(new Error('x'))).toBe(false);
    expect(ByocError.isInstance(null)).toBe(false);
    expect(ByocError.isInstance({ code: 'A' })).toBe(false);
  });

  it('defaults to not retryable and freezes its details', () => {
    const error = new ByocError({ code: 'A', message: 'b' });
    expect(error.isRetryable).toBe(false);
    expect(Object.isFrozen(error.details)).toBe(true);
  });
});

describe('defineErrorCodes', () => {
  it('maps each code to itself and keeps the descriptions', () => {
    const codes = defineErrorCodes({ ROLE_ARN_INVALID: 'bad ARN' });
    expect(codes.ROLE_ARN_INVALID).toBe('ROLE_ARN_INVALID');
    expect(codes.descriptions.ROLE_ARN_INVALID).toBe('bad ARN');
  });

  it('refuses codes that are not UPPER_SNAKE', () => {
    expect(() => defineErrorCodes({ roleArnInvalid: 'x' })).toThrow(TypeError);
  });

  it('documents every DESIGN.md domain code', () => {
    for (const code of [
      'CIDR_INVALID',
      'CIDR_NOT_PRIVATE',
      'CIDR_PREFIX_OUT_OF_RANGE',
      'CIDR_HOST_BITS_SET',
      'CIDR_OVERLAP',
      'REGION_INVALID',
      'TAG_INVALID',
      'CONTACTS_INVALID',
    ]) {
      expect(coreErrorCodes.descriptions).toHaveProperty(code);
    }
  });
});
