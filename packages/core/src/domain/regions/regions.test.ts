import { describe, expect, it } from 'vitest';
import { thrownCode } from '../../testing/thrown-code.js';
import { findRegion, normalizeRegion, regions } from './regions.js';

describe('region catalogue', () => {
  it.each([
    ['aws', 25],
    ['gcp', 35],
    ['azure', 50],
  ] as const)('lists at least %s regions for %s', (provider, minimum) => {
    expect(regions(provider).length).toBeGreaterThanOrEqual(minimum);
    const ids = regions(provider).map((region) => region.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives each region its display name and zones', () => {
    expect(findRegion('aws', 'eu-north-1')).toMatchObject({
      displayName: 'Europe (Stockholm)',
      zones: ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'],
      partition: 'aws',
    });
    expect(findRegion('gcp', 'europe-north1')?.zones).toEqual(['europe-north1-a', 'europe-north1-b', 'europe-north1-c']);
    expect(findRegion('azure', 'westeurope')).toMatchObject({ displayName: 'West Europe', zones: ['1', '2', '3'] });
    expect(findRegion('azure', 'westus')?.zones).toEqual([]);
  });

  it('gives every AWS and GCP region at least two zones, so a template can spread subnets', () => {
    for (const region of [...regions('aws'), ...regions('gcp')]) expect(region.zones.length).toBeGreaterThanOrEqual(2);
  });
});

describe('normalizeRegion', () => {
  it.each([
    ['aws', 'eu-north-1', 'eu-north-1'],
    ['aws', 'aws-eu-north-1', 'eu-north-1'],
    ['aws', ' AWS-EU-NORTH-1 ', 'eu-north-1'],
    ['aws', 'us-gov-west-1', 'us-gov-west-1'],
    ['gcp', 'google-europe-north1', 'europe-north1'],
    ['gcp', 'europe-north1', 'europe-north1'],
    ['azure', 'azure-westeurope', 'westeurope'],
    ['azure', 'WestEurope', 'westeurope'],
  ] as const)('canonicalises %s %j to %j', (provider, input, expected) => {
    expect(normalizeRegion(provider, input)).toBe(expected);
  });

  it.each([
    ['aws', 'europe-north1'],
    ['aws', 'google-europe-north1'],
    ['aws', 'westeurope'],
    ['gcp', 'eu-north-1'],
    ['gcp', 'aws-eu-north-1'],
    ['azure', 'us-east-1'],
    ['azure', 'West Europe'],
    ['aws', 'eu-north-9'],
    ['aws', ''],
    ['aws', 'aws-'],
    ['aws', 42],
  ] as const)('refuses %s %j with REGION_INVALID', (provider, input) => {
    expect(thrownCode(() => normalizeRegion(provider, input))).toBe('REGION_INVALID');
  });

  it('names the provider a foreign region belongs to', () => {
    expect(() => normalizeRegion('aws', 'europe-north1')).toThrow('is a gcp region');
  });
});
