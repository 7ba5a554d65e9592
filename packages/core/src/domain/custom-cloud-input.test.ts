import { describe, expect, it } from 'vitest';
import type { ByocError } from '../errors/index.js';
import { thrownCode } from '../testing/thrown-code.js';
import { parseCustomCloudInput } from './custom-cloud-input.js';
import { customCloudInputJsonSchema } from './custom-cloud-schema.js';

const valid = {
  organizationId: 'org123a456b789',
  displayName: 'My BYOC Cloud on AWS',
  provider: 'aws',
  region: 'aws-eu-north-1',
  reservedCidr: '10.0.0.0/16',
};

describe('parseCustomCloudInput', () => {
  it('applies defaults and canonicalises the region', () => {
    expect(parseCustomCloudInput(valid)).toEqual({
      ...valid,
      region: 'eu-north-1',
      deploymentModel: 'standard',
      tags: {},
      contacts: [],
      availability: { mode: 'all_projects' },
      objectStorage: { enabled: false },
    });
  });

  it('keeps every optional part it is given', () => {
    const parsed = parseCustomCloudInput({
      ...valid,
      provider: 'gcp',
      region: 'europe-north1',
      deploymentModel: 'standard_public',
      tags: { env: 'prod' },
      contacts: [{ email: 'a@example.com', role: 'admin', realName: 'Ann' }],
      availability: { mode: 'selection', projects: ['web'] },
      objectStorage: { enabled: true },
    });
    expect(parsed.contacts[0]?.role).toBe('Admin');
    expect(parsed.availability).toEqual({ mode: 'selection', organizationUnits: [], projects: ['web'] });
  });

  it.each([
    ['a missing organization', { organizationId: undefined }, 'ORGANIZATION_ID_INVALID'],
    ['a bad organization id', { organizationId: 'org/1' }, 'ORGANIZATION_ID_INVALID'],
    ['an empty display name', { displayName: '' }, 'DISPLAY_NAME_INVALID'],
    ['a blank display name', { displayName: '   ' }, 'DISPLAY_NAME_INVALID'],
    ['a 65-character display name', { displayName: 'x'.repeat(65) }, 'DISPLAY_NAME_INVALID'],
    ['an unknown provider', { provider: 'oracle' }, 'PROVIDER_INVALID'],
    ["another provider's region", { region: 'europe-north1' }, 'REGION_INVALID'],
    ['an unknown region', { region: 'mars-1' }, 'REGION_INVALID'],
    ['an unknown deployment model', { deploymentModel: 'private' }, 'DEPLOYMENT_MODEL_INVALID'],
    ['a public CIDR', { reservedCidr: '8.8.0.0/16' }, 'CIDR_NOT_PRIVATE'],
    ['a CIDR with host bits', { reservedCidr: '10.0.0.5/16' }, 'CIDR_HOST_BITS_SET'],
    ['a /8', { reservedCidr: '10.0.0.0/8' }, 'CIDR_PREFIX_OUT_OF_RANGE'],
    ['an IPv6 CIDR', { reservedCidr: 'fd00::/64' }, 'CIDR_INVALID'],
    ['a number CIDR', { reservedCidr: 10 }, 'CIDR_INVALID'],
    ['an invalid tag', { tags: { Env: 'x' } }, 'TAG_INVALID'],
    ['a reserved tag', { tags: { 'aws-x': 'x' } }, 'TAG_INVALID'],
    ['a contact with an unknown role', { contacts: [{ email: 'a@example.com', role: 'Boss' }] }, 'CONTACTS_INVALID'],
    ['a contact with an unknown key', { contacts: [{ email: 'a@example.com', role: 'Admin', phone: '1' }] }, 'INPUT_UNKNOWN_KEY'],
    ['a bad availability', { availability: { mode: 'some' } }, 'AVAILABILITY_INVALID'],
    ['a bad object storage', { objectStorage: { enabled: 'yes' } }, 'INPUT_INVALID'],
    ['an external ID from the customer', { externalId: 'x'.repeat(40) }, 'INPUT_UNKNOWN_KEY'],
    ['an unknown key', { reservedCIDR: '10.0.0.0/16' }, 'INPUT_UNKNOWN_KEY'],
  ])('refuses %s with %s', (_, change, code) => {
    expect(thrownCode(() => parseCustomCloudInput({ ...valid, ...change }))).toBe(code);
  });

  it('takes a draft whose contacts name no Admin yet, and a contact without a role as Technical', () => {
    // Aiven's CLI sets contacts by email alone; the Admin is needed to go active, not before.
    expect(
      parseCustomCloudInput({ ...valid, contacts: [{ email: 'a@example.com' }, { email: 'b@example.com', role: 'billing' }] }).contacts,
    ).toEqual([
      { email: 'a@example.com', role: 'Technical' },
      { email: 'b@example.com', role: 'Billing' },
    ]);
  });

  it.each([[null], ['a string'], [[]], [42]])('refuses the non-object %j', (input) => {
    expect(thrownCode(() => parseCustomCloudInput(input))).toBe('INPUT_INVALID');
  });

  it('names the path of an unknown key and lists every problem', () => {
    let error: ByocError | undefined;
    try {
      parseCustomCloudInput({ ...valid, tags: { Env: 'x' }, contacts: [{ email: 'a@example.com', role: 'Admin', phone: '1' }] });
    } catch (caught) {
      error = caught as ByocError;
    }
    expect(error?.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INPUT_UNKNOWN_KEY', path: 'contacts[0].phone' }),
        expect.objectContaining({ path: 'tags.Env' }),
      ]),
    );
    expect(error?.message).toContain('contacts[0].phone');
  });

  it('applies vendor rules: peers, bounds and reserved tag prefixes', () => {
    const rules = { cidr: { peers: [{ name: 'hub', cidr: '10.0.0.0/12' }], maxPrefix: 20 }, reservedTagPrefixes: ['cce'] };
    expect(thrownCode(() => parseCustomCloudInput(valid, rules))).toBe('CIDR_OVERLAP');
    expect(thrownCode(() => parseCustomCloudInput({ ...valid, reservedCidr: '10.16.0.0/22' }, rules))).toBe('CIDR_PREFIX_OUT_OF_RANGE');
    expect(thrownCode(() => parseCustomCloudInput({ ...valid, reservedCidr: '10.16.0.0/16', tags: { 'cce-x': 'y' } }, rules))).toBe(
      'TAG_INVALID',
    );
  });
});

describe('customCloudInputJsonSchema', () => {
  it('exports a strict draft 2020-12 schema of the input', () => {
    const schema = customCloudInputJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['organizationId', 'displayName', 'provider', 'region', 'reservedCidr']);
    expect(schema.properties.provider?.enum).toEqual(['aws', 'gcp', 'azure']);
    expect(Object.keys(schema.properties)).toContain('contacts');
  });
});
