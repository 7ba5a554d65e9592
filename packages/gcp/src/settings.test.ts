import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { defaultGcpPermissions } from './blueprint/vendor-permissions.js';
import { resolveGcpSettings } from './settings.js';

const base = { vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com' };

describe('resolveGcpSettings', () => {
  it('applies the documented defaults: 5 s, x2, capped at 60 s, deadline 7 minutes', () => {
    expect(resolveGcpSettings(base)).toMatchObject({
      resourcePrefix: 'cce',
      retry: { initialDelayMs: 5_000, factor: 2, maxDelayMs: 60_000, deadlineMs: 420_000, jitter: 'full' },
      permissions: [...defaultGcpPermissions].sort(),
    });
  });

  it('includes the reference document permissions by default', () => {
    for (const permission of [
      'resourcemanager.projects.get',
      'compute.regions.list',
      'compute.regions.get',
      'monitoring.timeSeries.list',
    ]) {
      expect(defaultGcpPermissions).toContain(permission);
    }
  });

  it.each([
    ['no principal', {}],
    ['a user as principal', { vendorPrincipal: 'alice@example.com' }],
    ['a default service account as principal', { vendorPrincipal: '1234-compute@developer.gserviceaccount.com' }],
    ['a prefix with *', { ...base, resourcePrefix: 'c*e' }],
    ['a prefix with ${', { ...base, resourcePrefix: 'c${x}' }],
    ['a prefix with :', { ...base, resourcePrefix: 'c:e' }],
    ['a prefix with /', { ...base, resourcePrefix: 'c/e' }],
    ['a malformed permission', { ...base, permissions: ['compute.instances'] }],
    ['a repeated permission', { ...base, permissions: ['compute.instances.get', 'compute.instances.get'] }],
    ['no permissions', { ...base, permissions: [] }],
    ['an unknown setting', { ...base, projectId: 'x' }],
    ['a source client without request', { ...base, sourceClient: { getAccessToken: async () => ({ token: 'x' }) } }],
    ['a clock that is not a function', { ...base, now: 1_700_000_000_000 }],
    ['a fetch that is not a function', { ...base, fetch: 'https://example.com' }],
  ])('refuses %s with GCP_SETTINGS_INVALID', (_, settings) => {
    expect(thrownCode(() => resolveGcpSettings(settings))).toBe('GCP_SETTINGS_INVALID');
  });
});
