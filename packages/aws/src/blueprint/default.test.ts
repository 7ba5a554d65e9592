import { describe, expect, it } from 'vitest';
import { defaultAwsBlueprint } from './default.js';
import { defineAwsBlueprint, isDefinedBlueprint } from './define.js';

describe('the default blueprint', () => {
  it('is what defineAwsBlueprint returns for it: every default filled in, every refusal passed', () => {
    expect(defineAwsBlueprint(structuredClone(defaultAwsBlueprint))).toEqual(defaultAwsBlueprint);
  });

  it('is frozen and known as defined', () => {
    expect(isDefinedBlueprint(defaultAwsBlueprint)).toBe(true);
    expect(Object.isFrozen(defaultAwsBlueprint.identities[0])).toBe(true);
  });
});
