import { makeCustomCloud } from '@byoc-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import { type StsStandIn, startStsStandInForProcess } from './sts-stand-in.js';

// The loopback STS stand-in, driven by the real AWS SDK through AWS_ENDPOINT_URL_STS, as worker
// processes and the quickstart's simulation use it.

let sts: StsStandIn;
beforeAll(async () => {
  sts = await startStsStandInForProcess({ unknownRoles: 'deny' });
});
afterAll(() => sts.close());

let roles = 0;
function setup() {
  const cloud = makeCustomCloud(
    { organizationId: 'org', displayName: 'Stand-in', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' },
    { externalId: `StandInExternalId${String(++roles).padStart(15, '0')}` },
  );
  const role = sts.role(`arn:aws:iam::123456789012:role/cce-standin-${roles}`);
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 1_500 },
  });
  return { cloud, role, aws, verify: () => aws.verifyAccess(cloud, aws.parseAccess(role.arn)) };
}

describe('STS stand-in', () => {
  it('lets the vendor assume a role with its external ID only, and answers GetCallerIdentity for the session', async () => {
    const { cloud, role, verify } = setup();
    role.trust(cloud.externalId);
    const report = await verify();
    expect(report.ok).toBe(true);
    const calls = sts.calls.filter((call) => call.roleArn === role.arn && call.action === 'AssumeRole');
    expect(sts.calls.some((call) => call.roleArn === role.arn && call.action === 'GetCallerIdentity' && call.status === 200)).toBe(true);
    expect(calls.map((call) => [call.externalId === cloud.externalId ? 'own' : call.externalId ? 'other' : 'none', call.status])).toEqual([
      ['own', 200],
      ['none', 403],
      ['other', 403],
    ]);
  });

  it('plays a trust opened to any external ID, caught by the wrong-ID probe', async () => {
    const { cloud, role, verify } = setup();
    role.trust(cloud.externalId).openTrust('any_external_id');
    expect((await verify()).error?.code).toBe('TRUST_EXTERNAL_ID_NOT_ENFORCED');
  });

  it('plays a trust without the condition', async () => {
    const { cloud, role, verify } = setup();
    role.trust(cloud.externalId).openTrust('no_condition');
    expect((await verify()).error?.code).toBe('TRUST_MISSING_EXTERNAL_ID');
  });

  it('plays a role still propagating, then assumable', async () => {
    const { cloud, role, verify } = setup();
    role.trust(cloud.externalId).propagateAfter(3);
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.attempts).toBe(7);
  });

  it('plays a deleted role, and one the customer denies', async () => {
    const { cloud, role, verify } = setup();
    role.trust(cloud.externalId).remove();
    expect((await verify()).error?.code).toBe('PROPAGATION_TIMEOUT');
    role.allow();
    expect((await verify()).ok).toBe(true);
    role.deny();
    expect((await verify()).error?.code).toBe('PROPAGATION_TIMEOUT');
  });
});
