import { makeCustomCloud } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { resolveAwsSettings } from '../settings.js';
import { planCloud } from './plan.js';
import { guardrailsOf, permissionSimulations } from './simulation.js';

// The customer's IAM guardrails as the vendor meets them: the role it gets back carries the path and
// the name affixes the customer chose, and the permission check asks IAM about the ARNs the template
// really created, read off that role.

const settings = resolveAwsSettings({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' });
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Guarded',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
});
const short = cloud.id.slice(0, 8);

describe('guardrailsOf', () => {
  it.each([
    [`arn:aws:iam::123456789012:role/cce-${short}-iam-role`, { path: '/', prefix: '', suffix: '' }],
    [`arn:aws:iam::123456789012:role/vendors/byoc/corp-cce-${short}-iam-role-x`, { path: '/vendors/byoc/', prefix: 'corp-', suffix: '-x' }],
    [`arn:aws-cn:iam::123456789012:role/p/cce-${short}-iam-role_2`, { path: '/p/', prefix: '', suffix: '_2' }],
  ])('reads %s', (arn, expected) => {
    expect(guardrailsOf(arn, `cce-${short}-iam-role`)).toEqual(expected);
  });

  it('is undefined for a role the template did not name', () => {
    expect(guardrailsOf('arn:aws:iam::123456789012:role/renamed-by-hand', `cce-${short}-iam-role`)).toBeUndefined();
  });
});

describe('the permission check under guardrails', () => {
  const passRoleResources = (roleArn: string) =>
    permissionSimulations(cloud, planCloud(cloud, settings), roleArn, settings.vendorPrincipalArn)
      ?.requests.filter((request) => request.actions.includes('iam:PassRole'))
      .flatMap((request) => request.resources);

  it('asks about the node role under the same path and affixes as the role returned', () => {
    expect(passRoleResources(`arn:aws:iam::123456789012:role/cce-${short}-iam-role`)).toEqual([
      `arn:aws:iam::123456789012:role/cce-${short}-node-role`,
    ]);
    expect(passRoleResources(`arn:aws:iam::123456789012:role/vendors/corp-cce-${short}-iam-role-x`)).toEqual([
      `arn:aws:iam::123456789012:role/vendors/corp-cce-${short}-node-role-x`,
    ]);
  });

  it('leaves out, and says so, what depends on names it cannot read', () => {
    const simulation = permissionSimulations(
      cloud,
      planCloud(cloud, settings),
      'arn:aws:iam::123456789012:role/renamed',
      settings.vendorPrincipalArn,
    );
    expect(simulation?.skipped.map((item) => item.reason)).toContain(
      "it depends on the names your organization gives IAM roles, which only the customer's account knows",
    );
  });
});
