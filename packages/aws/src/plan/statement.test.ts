import { describe, expect, it } from 'vitest';
import { vendorComputeStatements, vendorStorageStatements } from '../blueprint/vendor-permissions.js';
import { actionsOf, managedPolicySizeLimit, resourcesOf, splitIntoPolicies, worstCasePolicySize } from './statement.js';

describe('vendor policies', () => {
  it.each(['cce', 'a-twenty-char-prefix'])('fit IAM managed-policy limits in the worst case (prefix %s)', (prefix) => {
    const policies = splitIntoPolicies(vendorComputeStatements(prefix));
    for (const statements of policies) expect(worstCasePolicySize(statements)).toBeLessThanOrEqual(managedPolicySizeLimit);
    expect(worstCasePolicySize(vendorStorageStatements())).toBeLessThanOrEqual(managedPolicySizeLimit);
  });

  it('splits, in order, into policies under a smaller limit', () => {
    const statements = vendorComputeStatements('cce');
    const limit = 1200;
    const policies = splitIntoPolicies(statements, limit);
    expect(policies.length).toBeGreaterThan(2);
    for (const policy of policies) expect(worstCasePolicySize(policy)).toBeLessThanOrEqual(limit);
    expect(policies.flat()).toEqual(statements);
  });

  it('refuses a statement too large for any policy', () => {
    expect(() => splitIntoPolicies(vendorComputeStatements('cce'), 300)).toThrow(RangeError);
  });

  it('never grants PassRole beyond the node role, nor any action on *, but Describe', () => {
    for (const statement of vendorComputeStatements('cce')) {
      if (resourcesOf(statement).includes('*')) expect(statement.Action).toEqual('ec2:Describe*');
      if (actionsOf(statement).includes('iam:PassRole')) {
        expect(statement.Resource).toEqual([{ ref: 'nodeRoleArn' }]);
        expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': [{ ref: 'ec2Service' }] } });
      }
    }
  });
});
