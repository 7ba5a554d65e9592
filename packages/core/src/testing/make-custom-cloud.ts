import { type CustomCloud, parseCustomCloudInput } from '../domain/index.js';

/** The fixed values `makeCustomCloud` uses, so templates rendered from it are reproducible. */
export const testCloudDefaults = {
  id: '018b6442-c602-42bc-b63d-438026133f60',
  externalId: 'TestExternalId0123456789abcdefXY',
  at: '2026-01-01T00:00:00.000Z',
} as const;

/**
 * A stored-shape custom cloud built from a creation input (checked by the real rules), with a
 * fixed id, external ID and timestamps unless overridden. For adapter and store tests.
 */
export function makeCustomCloud(input: unknown, overrides: Partial<CustomCloud> = {}): CustomCloud {
  const parsed = parseCustomCloudInput(input);
  return {
    id: testCloudDefaults.id,
    ...parsed,
    externalId: testCloudDefaults.externalId,
    access: null,
    state: 'draft',
    errors: [],
    history: [],
    version: 1,
    createdAt: testCloudDefaults.at,
    updatedAt: testCloudDefaults.at,
    ...overrides,
  };
}
