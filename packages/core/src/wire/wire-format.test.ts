import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown-code.js';
import { fromWire, toWire } from './wire-format.js';

// The sample of Aiven's documentation, with its region made an AWS one: the sample pairs
// cloud_provider "aws" with the GCP region "europe-north1", which byoc-kit refuses (see below).
const sample = {
  custom_cloud_environment: {
    cloud_provider: 'aws',
    cloud_region: 'eu-north-1',
    contact_emails: [{ email: 'firstname.secondname@domain.com', real_name: 'Test User', role: 'Admin' }],
    custom_cloud_environment_id: '018b6442-c602-42bc-b63d-438026133f60',
    deployment_model: 'standard',
    display_name: 'My BYOC Cloud on AWS',
    errors: [],
    reserved_cidr: '10.0.0.0/16',
    state: 'draft',
    tags: {},
    update_time: '2024-05-07T14:24:18Z',
  },
};

type Body = Record<string, unknown>;
const withBody = (change: Body) => ({ custom_cloud_environment: { ...sample.custom_cloud_environment, ...change } });

describe('wire format', () => {
  it('round-trips the documented shape unchanged, key order included', () => {
    expect(JSON.stringify(toWire(fromWire(sample)))).toBe(JSON.stringify(sample));
  });

  it('round-trips a fuller cloud', () => {
    const full = withBody({
      cloud_provider: 'google',
      cloud_region: 'europe-west1',
      contact_emails: [
        { email: 'a@example.com', real_name: 'Ann', role: 'Admin' },
        { email: 'b@example.com', role: 'Technical' },
      ],
      deployment_model: 'standard_public',
      errors: [{ category: 'verification', code: 'IMPERSONATION_DENIED', message: 'Grant Token Creator.' }],
      state: 'creation_failed',
      tags: { 'byoc_resource_tag:env': 'prod', 'byoc_resource_tag:team': 'data' },
      update_time: '2025-01-02T03:04:05.678Z',
    });
    expect(toWire(fromWire(full))).toEqual(full);
  });

  it('reads into the domain names', () => {
    expect(fromWire(sample)).toMatchObject({
      id: '018b6442-c602-42bc-b63d-438026133f60',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.0.0.0/16',
      updatedAt: '2024-05-07T14:24:18.000Z',
    });
  });

  it('refuses the documentation sample as printed: an AWS cloud in a GCP region', () => {
    expect(thrownCode(() => fromWire(withBody({ cloud_region: 'europe-north1' })))).toBe('REGION_INVALID');
  });

  it.each([
    ['a public CIDR', { reserved_cidr: '8.8.8.0/24' }, 'CIDR_NOT_PRIVATE'],
    ['host bits', { reserved_cidr: '10.0.0.1/16' }, 'CIDR_HOST_BITS_SET'],
    ['an unknown provider', { cloud_provider: 'oracle' }, 'PROVIDER_INVALID'],
    ['a bad contact role', { contact_emails: [{ email: 'a@example.com', real_name: 'A', role: 'Boss' }] }, 'CONTACTS_INVALID'],
    ['a bad tag', { tags: { 'aws-x': 'y' } }, 'TAG_INVALID'],
    ['an unknown state', { state: 'running' }, 'INPUT_INVALID'],
    ['a bad id', { custom_cloud_environment_id: 'not-a-uuid' }, 'INPUT_INVALID'],
    ['a bad time', { update_time: 'yesterday' }, 'INPUT_INVALID'],
    ['an unknown key', { owner: 'x' }, 'INPUT_UNKNOWN_KEY'],
    ['a bad deployment model', { deployment_model: 'x' }, 'DEPLOYMENT_MODEL_INVALID'],
  ])('refuses %s with %s', (_, change, code) => {
    expect(thrownCode(() => fromWire(withBody(change)))).toBe(code);
  });

  it.each([[null], [{}], [{ custom_cloud_environment: 'x' }], [{ ...sample, extra: 1 }]])('refuses the envelope %j', (document) => {
    expect(thrownCode(() => fromWire(document))).toBe('WIRE_FORMAT_INVALID');
  });
});
