import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customCloudStates, formatCidr, regions } from '../domain/index.js';
import { fromWire, toWire } from './wire-format.js';

const provider = fc.constantFrom('aws' as const, 'gcp' as const, 'azure' as const);
const lower = fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/);
const document = provider.chain((cloudProvider) =>
  fc.record({
    custom_cloud_environment: fc.record({
      cloud_provider: fc.constant(cloudProvider === 'gcp' ? 'google' : cloudProvider),
      cloud_region: fc.constantFrom(...regions(cloudProvider).map((region) => region.id)),
      contact_emails: fc.uniqueArray(lower, { maxLength: 4 }).map((names) =>
        names.map((name, index) => ({
          email: `${name}@example.com`,
          real_name: `Person ${index}`,
          role: index === 0 ? 'Admin' : 'Technical',
        })),
      ),
      custom_cloud_environment_id: fc.uuid({ version: 4 }),
      deployment_model: fc.constantFrom('standard', 'standard_public'),
      display_name: fc
        .string({ minLength: 1, maxLength: 64 })
        .filter((name) => name.trim() !== '' && !name.includes('\0') && name === name.normalize('NFC')),
      errors: fc.array(
        fc.record({
          category: fc.constant('verification'),
          code: fc.constantFrom('PROPAGATION_TIMEOUT', 'ACCESS_DENIED'),
          message: fc.string({ maxLength: 40 }),
        }),
        { maxLength: 2 },
      ),
      reserved_cidr: fc
        .record({ block: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 16, max: 24 }) })
        .map(({ block, prefix }) => formatCidr({ start: (10 * 2 ** 24 + block * 2 ** 16) >>> 0, prefix })),
      state: fc.constantFrom(...customCloudStates),
      tags: fc
        .dictionary(
          lower.filter((key) => !/^(aws|goog|azure|microsoft)/.test(key)),
          fc.stringMatching(/^[a-z0-9_-]{0,20}$/),
          { maxKeys: 5 },
        )
        .map((tags) => Object.fromEntries(Object.entries(tags).map(([key, value]) => [`byoc_resource_tag:${key}`, value]))),
      update_time: fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString().replace('.000Z', 'Z')),
    }),
  }),
);

describe('wire format', () => {
  it('round-trips every valid document unchanged', () => {
    fc.assert(
      fc.property(document, (wire) => {
        const sortedTags = {
          ...wire,
          custom_cloud_environment: {
            ...wire.custom_cloud_environment,
            tags: Object.fromEntries(Object.entries(wire.custom_cloud_environment.tags).sort(([a], [b]) => (a < b ? -1 : 1))),
          },
        };
        expect(toWire(fromWire(wire))).toEqual(sortedTags);
      }),
      { numRuns: 300 },
    );
  });
});
