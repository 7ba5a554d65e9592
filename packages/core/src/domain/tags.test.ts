import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown-code.js';
import { validateTags } from './tags.js';

describe('validateTags', () => {
  it('accepts valid tags and sorts their keys', () => {
    expect(Object.keys(validateTags({ team: 'data', env: 'prod', 'cost-center': '', a_b: 'x-1' }))).toEqual([
      'a_b',
      'cost-center',
      'env',
      'team',
    ]);
    expect(validateTags({})).toEqual({});
    expect(validateTags({ [`k${'a'.repeat(62)}`]: 'v'.repeat(63) })).toBeTruthy();
  });

  it('accepts 50 tags', () => {
    expect(Object.keys(validateTags(Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`t${index}`, 'v'])))).length).toBe(50);
  });

  it.each([
    ['an uppercase key', { Env: 'prod' }],
    ['a key starting with a digit', { '1env': 'prod' }],
    ['an empty key', { '': 'prod' }],
    ['a 64-character key', { [`k${'a'.repeat(63)}`]: 'v' }],
    ['a key with a dot', { 'app.name': 'x' }],
    ['an uppercase value', { env: 'Prod' }],
    ['a value with a space', { env: 'pro d' }],
    ['a 64-character value', { env: 'v'.repeat(64) }],
    ['a number value', { env: 1 }],
    ['an aws key', { 'aws-name': 'x' }],
    ['a goog key', { googleish: 'x' }],
    ['an azure key', { azure_x: 'x' }],
    ['a microsoft key', { microsoft: 'x' }],
    ['51 tags', Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`t${index}`, 'v']))],
    ['a list', ['env']],
    ['null', null],
  ])('refuses %s with TAG_INVALID', (_, tags) => {
    expect(thrownCode(() => validateTags(tags))).toBe('TAG_INVALID');
  });

  it("refuses the vendor's reserved prefix", () => {
    expect(thrownCode(() => validateTags({ 'cce-owner': 'x' }, { reservedPrefixes: ['cce'] }))).toBe('TAG_INVALID');
    expect(validateTags({ 'cce-owner': 'x' })).toEqual({ 'cce-owner': 'x' });
  });
});
