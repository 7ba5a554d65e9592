import { ByocError, quote } from '../errors/index.js';

/** Which of the customer's projects may use the custom cloud. */
export type Availability =
  | { readonly mode: 'all_projects' }
  | { readonly mode: 'selection'; readonly organizationUnits: string[]; readonly projects: string[] };

/** Organization units and projects to add to or remove from a selection. */
export interface AvailabilitySelection {
  readonly organizationUnits?: readonly string[];
  readonly projects?: readonly string[];
}

/** Project names and organization-unit ids: a letter or digit, then letters, digits, `_` or `-`. */
export const availabilityNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Availability to every existing and future project of the organization. */
export const allProjects: Availability = Object.freeze({ mode: 'all_projects' });

/** Adds units and projects (a union). A cloud open to all projects stays open to all. */
export function addToAvailability(current: Availability, selection: AvailabilitySelection): Availability {
  const addition = checkSelection(selection);
  if (current.mode === 'all_projects') return current;
  return selectionOf(union(current.organizationUnits, addition.organizationUnits), union(current.projects, addition.projects));
}

/**
 * Removes units and projects (a difference). Raises `AVAILABILITY_INVALID` on a cloud open to all
 * projects: there is no list to remove from, so `set` a selection instead.
 */
export function removeFromAvailability(current: Availability, selection: AvailabilitySelection): Availability {
  const removal = checkSelection(selection);
  if (current.mode === 'all_projects') {
    throw new ByocError({
      code: 'AVAILABILITY_INVALID',
      message: 'The custom cloud is available to all projects, so there is nothing to remove from. Set an explicit selection instead.',
      details: { mode: current.mode },
    });
  }
  const without = (values: readonly string[], removed: readonly string[]) => values.filter((value) => !removed.includes(value));
  return selectionOf(without(current.organizationUnits, removal.organizationUnits), without(current.projects, removal.projects));
}

/** Checks a whole availability value and returns it normalised (names deduplicated and sorted). */
export function validateAvailability(availability: unknown): Availability {
  if (typeof availability !== 'object' || availability === null) {
    throw availabilityInvalid('Availability must be { mode: "all_projects" } or { mode: "selection", organizationUnits, projects }.');
  }
  const { mode, ...rest } = availability as Record<string, unknown>;
  if (mode === 'all_projects') {
    if (Object.keys(rest).length > 0) {
      throw availabilityInvalid(`Availability "all_projects" takes no other keys; remove ${Object.keys(rest).join(', ')}.`);
    }
    return allProjects;
  }
  if (mode === 'selection') {
    const extra = Object.keys(rest).filter((key) => key !== 'organizationUnits' && key !== 'projects');
    if (extra.length > 0) {
      throw availabilityInvalid(`Availability "selection" takes organizationUnits and projects only; remove ${extra.join(', ')}.`);
    }
    const checked = checkSelection(rest as AvailabilitySelection);
    return selectionOf(checked.organizationUnits, checked.projects);
  }
  throw availabilityInvalid(`Availability mode ${quote(mode)} is unknown; use "all_projects" or "selection".`);
}

function checkSelection(selection: AvailabilitySelection): Required<AvailabilitySelection> {
  if (typeof selection !== 'object' || selection === null) {
    throw availabilityInvalid('A selection is { organizationUnits?: string[], projects?: string[] }.');
  }
  const list = (value: unknown, what: string): readonly string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.length > 1000) {
      throw availabilityInvalid(`${what} must be a list of at most 1000 names.`);
    }
    for (const name of value) {
      if (typeof name !== 'string' || !availabilityNamePattern.test(name)) {
        throw availabilityInvalid(
          `${what} holds ${quote(name)}; names are 1-128 letters, digits, "_" or "-", starting with a letter or digit.`,
        );
      }
    }
    return value as string[];
  };
  return { organizationUnits: list(selection.organizationUnits, 'organizationUnits'), projects: list(selection.projects, 'projects') };
}

function selectionOf(organizationUnits: readonly string[], projects: readonly string[]): Availability {
  return { mode: 'selection', organizationUnits: sortedUnique(organizationUnits), projects: sortedUnique(projects) };
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  return [...a, ...b];
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function availabilityInvalid(message: string): ByocError {
  return new ByocError({ code: 'AVAILABILITY_INVALID', message });
}
