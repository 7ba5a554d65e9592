import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown-code.js';
import { addToAvailability, allProjects, removeFromAvailability, validateAvailability } from './availability.js';

const selection = validateAvailability({ mode: 'selection', organizationUnits: ['ou2', 'ou1'], projects: ['web'] });

describe('availability', () => {
  it('normalises a selection: sorted, without repeats', () => {
    expect(validateAvailability({ mode: 'selection', projects: ['b', 'a', 'b'] })).toEqual({
      mode: 'selection',
      organizationUnits: [],
      projects: ['a', 'b'],
    });
  });

  it('adds as a union', () => {
    expect(addToAvailability(selection, { projects: ['api', 'web'], organizationUnits: ['ou3'] })).toEqual({
      mode: 'selection',
      organizationUnits: ['ou1', 'ou2', 'ou3'],
      projects: ['api', 'web'],
    });
  });

  it('keeps all projects when adding to all projects', () => {
    expect(addToAvailability(allProjects, { projects: ['api'] })).toEqual(allProjects);
  });

  it('removes as a difference', () => {
    expect(removeFromAvailability(selection, { organizationUnits: ['ou1', 'unknown'] })).toEqual({
      mode: 'selection',
      organizationUnits: ['ou2'],
      projects: ['web'],
    });
  });

  it('refuses to remove from all projects', () => {
    expect(thrownCode(() => removeFromAvailability(allProjects, { projects: ['web'] }))).toBe('AVAILABILITY_INVALID');
  });

  it.each([
    ['an unknown mode', { mode: 'some' }],
    ['extra keys on all_projects', { mode: 'all_projects', projects: ['a'] }],
    ['extra keys on a selection', { mode: 'selection', teams: ['a'] }],
    ['a bad project name', { mode: 'selection', projects: ['has space'] }],
    ['a non-list', { mode: 'selection', projects: 'web' }],
    ['null', null],
  ])('refuses %s with AVAILABILITY_INVALID', (_, value) => {
    expect(thrownCode(() => validateAvailability(value))).toBe('AVAILABILITY_INVALID');
  });

  it('refuses a bad name in an added selection', () => {
    expect(thrownCode(() => addToAvailability(selection, { projects: ['-x'] }))).toBe('AVAILABILITY_INVALID');
  });
});
