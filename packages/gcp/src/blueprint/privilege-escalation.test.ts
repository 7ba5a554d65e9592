import { thrownCode } from '@byoc-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGcpProvider } from '../provider.js';
import { defaultGcpBlueprint } from './default.js';
import { defineGcpBlueprint, type GcpBlueprintInput } from './define.js';
import { escalationReason } from './privilege-escalation.js';
import { defaultGcpPermissions } from './vendor-permissions.js';

const vendorPrincipal = 'byoc-vendor@vendor-prod.iam.gserviceaccount.com';

function blueprintWithPermissions(permissions: string[]): GcpBlueprintInput {
  const input = structuredClone(defaultGcpBlueprint) as unknown as GcpBlueprintInput;
  const account = input.serviceAccounts[0] as { projectRoles: { id: string; custom: { permissions: unknown } }[] };
  (account.projectRoles[0] as { custom: { permissions: unknown } }).custom.permissions = permissions;
  return input;
}

const refused = [
  'iam.serviceAccounts.getAccessToken',
  'iam.serviceAccounts.signBlob',
  'iam.serviceAccounts.signJwt',
  'iam.serviceAccounts.implicitDelegation',
  'iam.serviceAccounts.getOpenIdToken',
  'iam.serviceAccounts.actAs',
  'iam.serviceAccountKeys.create',
  'resourcemanager.projects.setIamPolicy',
  'iam.serviceAccounts.setIamPolicy',
  'storage.buckets.setIamPolicy',
  'compute.instances.setIamPolicy',
  'iam.roles.update',
  'iam.roles.create',
];

describe('GCP privilege escalation', () => {
  it.each(refused)('refuses %s in the settings with GCP_SETTINGS_INVALID', (permission) => {
    expect(thrownCode(() => createGcpProvider({ vendorPrincipal, permissions: ['compute.instances.get', permission] }))).toBe(
      'GCP_SETTINGS_INVALID',
    );
  });

  it.each(refused)('refuses %s in a blueprint custom role with BLUEPRINT_ROLE_TOO_BROAD', (permission) => {
    expect(thrownCode(() => defineGcpBlueprint(blueprintWithPermissions(['compute.instances.get', permission])))).toBe(
      'BLUEPRINT_ROLE_TOO_BROAD',
    );
  });

  it('refuses every setIamPolicy permission, whatever the service and resource', () => {
    const name = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,15}$/);
    fc.assert(
      fc.property(name, name, (service, resource) => {
        const permission = `${service}.${resource}.setIamPolicy`;
        expect(escalationReason(permission)).toBeDefined();
        expect(thrownCode(() => createGcpProvider({ vendorPrincipal, permissions: [permission] }))).toBe('GCP_SETTINGS_INVALID');
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the default permissions and reads of IAM allowed', () => {
    expect(defaultGcpPermissions.filter((permission) => escalationReason(permission) !== undefined)).toEqual([]);
    expect(() =>
      createGcpProvider({
        vendorPrincipal,
        permissions: ['iam.roles.get', 'iam.serviceAccounts.get', 'resourcemanager.projects.getIamPolicy'],
      }),
    ).not.toThrow();
  });

  it.each(['roles/iam.roleAdmin', 'roles/iam.workloadIdentityUser'])('refuses the predefined project role %s', (role) => {
    const input = structuredClone(defaultGcpBlueprint) as unknown as GcpBlueprintInput;
    (input.serviceAccounts[0] as { projectRoles: unknown[] }).projectRoles.push({ id: 'extra', predefined: role });
    expect(thrownCode(() => defineGcpBlueprint(input))).toBe('BLUEPRINT_ROLE_TOO_BROAD');
  });
});
