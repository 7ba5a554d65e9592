import { describe, expect, it } from 'vitest';
import { parseCustomCloudInput } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { TemplateBundle } from '../provider/index.js';
import { thrownCode } from '../testing/thrown-code.js';
import {
  accessFromWire,
  availabilityFromWire,
  createInputFromWire,
  patchFromWire,
  permissionsToWire,
  providerFromWire,
  terraformTemplateEnvelope,
  terraformVariablesEnvelope,
  toWireError,
  wirePath,
} from './wire-api.js';

const createBody = {
  deployment_model: 'standard',
  cloud_provider: 'google',
  cloud_region: 'europe-west1',
  reserved_cidr: '10.1.0.0/16',
  display_name: 'Analytics',
};

function caught(run: () => unknown): ByocError {
  try {
    run();
  } catch (error) {
    if (ByocError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ByocError');
}

describe('wire API', () => {
  it('reads the create body avn sends, with google as GCP', () => {
    const input = createInputFromWire(createBody, 'org1');
    expect(input).toEqual({
      deploymentModel: 'standard',
      provider: 'gcp',
      region: 'europe-west1',
      reservedCidr: '10.1.0.0/16',
      displayName: 'Analytics',
      organizationId: 'org1',
    });
    expect(parseCustomCloudInput(input).provider).toBe('gcp');
  });

  it.each([
    ['google', 'gcp'],
    ['GCP', 'gcp'],
    ['Aws', 'aws'],
    ['oracle', 'oracle'],
    [7, 7],
  ])('names the provider %j as %j', (wire, name) => {
    expect(providerFromWire(wire)).toBe(name);
  });

  it('keeps keys it does not know under their wire name, for the rules to refuse', () => {
    const input = createInputFromWire({ ...createBody, owner: 'x' }, 'org1');
    expect(caught(() => parseCustomCloudInput(input)).code).toBe('INPUT_UNKNOWN_KEY');
  });

  it('reads an empty update as no change', () => {
    expect(patchFromWire({}, { tags: { env: 'prod' } })).toEqual({});
  });

  it('merges tag updates: prefixed keys, null removes, others stay', () => {
    const patch = patchFromWire(
      { tags: { 'byoc_resource_tag:team': 'data', 'byoc_resource_tag:env': null, plain: 'yes' } },
      { tags: { env: 'prod', cost: 'c1' } },
    );
    expect(patch).toEqual({ tags: { cost: 'c1', team: 'data', plain: 'yes' } });
  });

  it('keeps a __proto__ tag key as data, for the tag rules to refuse', () => {
    const patch = patchFromWire(JSON.parse('{"tags":{"__proto__":"x"}}'), { tags: {} });
    expect(Object.getPrototypeOf(patch.tags)).toBe(Object.prototype);
    expect(Object.keys(patch.tags as object)).toEqual(['__proto__']);
  });

  it('renames contacts and replaces the list', () => {
    expect(
      patchFromWire(
        { contact_emails: [{ email: 'a@example.com', real_name: 'Ann', role: 'Admin' }, { email: 'b@example.com' }] },
        { tags: {} },
      ),
    ).toEqual({
      contacts: [{ email: 'a@example.com', realName: 'Ann', role: 'Admin' }, { email: 'b@example.com' }],
    });
  });

  it.each([[null], [[]], ['x'], [3]])('refuses the body %j with INPUT_INVALID', (body) => {
    expect(thrownCode(() => createInputFromWire(body, 'org1'))).toBe('INPUT_INVALID');
    expect(thrownCode(() => patchFromWire(body, { tags: {} }))).toBe('INPUT_INVALID');
  });

  it('reads each provider’s identity from a provision body', () => {
    expect(accessFromWire({ aws_iam_role_arn: 'arn:aws:iam::123456789012:role/x' })).toBe('arn:aws:iam::123456789012:role/x');
    expect(accessFromWire({ google_privilege_bearing_service_account_id: 'sa@p.iam.gserviceaccount.com' })).toBe(
      'sa@p.iam.gserviceaccount.com',
    );
    expect(accessFromWire({ azure_tenant_id: 't', azure_subscription_id: 's' })).toEqual({ tenantId: 't', subscriptionId: 's' });
    expect(thrownCode(() => accessFromWire({}))).toBe('ACCESS_INVALID');
  });

  it('maps permissions both ways: accounts are organizational units', () => {
    expect(permissionsToWire({ mode: 'all_projects' })).toEqual({ accounts: [], projects: [], all_projects: true });
    expect(permissionsToWire({ mode: 'selection', organizationUnits: ['a1'], projects: ['p1'] })).toEqual({
      accounts: ['a1'],
      projects: ['p1'],
      all_projects: false,
    });
    expect(availabilityFromWire({ accounts: ['a1'], projects: [] })).toEqual({
      mode: 'selection',
      organizationUnits: ['a1'],
      projects: [],
    });
    expect(availabilityFromWire({ all_projects: true })).toEqual({ mode: 'all_projects' });
    expect(thrownCode(() => availabilityFromWire({ accounts: [], teams: [] }))).toBe('INPUT_UNKNOWN_KEY');
  });

  it('wraps a Terraform bundle in the envelopes avn reads', () => {
    const bundle: TemplateBundle = {
      format: 'terraform',
      files: [
        { path: 'main.tf', contents: 'resource "a" "b" {}\n' },
        { path: 'variables.tf', contents: 'variable "name" {}\n' },
        { path: 'terraform.tfvars.json', contents: JSON.stringify({ name: 'say "hi" \u0024{x}', count: 2, tags: { env: 'prod' } }) },
        { path: 'README.md', contents: '# x' },
      ],
      outputs: [],
      instructions: '',
    };
    expect(terraformTemplateEnvelope(bundle)).toEqual({ template: 'resource "a" "b" {}\n\nvariable "name" {}\n' });
    const { variables } = terraformVariablesEnvelope(bundle);
    expect(variables).toContain('name  = "say \\"hi\\" $${x}"');
    expect(variables).toContain('count = 2');
    expect(variables).toContain('tags = {\n  "env" = "prod"\n}');
  });

  it('names fields by their wire names in errors', () => {
    const error = caught(() => parseCustomCloudInput(createInputFromWire({ ...createBody, reserved_cidr: '8.8.8.0/24' }, 'org1')));
    const wire = toWireError(error) as ByocError;
    expect(wire.code).toBe(error.code);
    expect(JSON.stringify(wire.details)).not.toContain('reservedCidr');
    expect(wire.message).not.toContain('reservedCidr');
    expect(wirePath('contacts[0].realName')).toBe('contact_emails[0].real_name');
  });

  it('passes other errors through', () => {
    const plain = new Error('x');
    expect(toWireError(plain)).toBe(plain);
  });
});
