import { type Byoc, type CustomCloud, createByoc, createMemoryStore } from '@byoc-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceIdentityOf, sourceIdentityPattern } from '../access/session-attribution.js';
import { type AwsProvider, createAwsProvider } from '../provider.js';
import { type StsStandIn, startStsStandInForProcess } from '../testing/sts-stand-in.js';

// The customer's audit trail: every session byoc-kit opens in a customer's account carries who the
// vendor acts for (SourceIdentity) and the byoc:* session tags, and the current template's trust
// refuses a session without them. The real AWS SDK talks to the loopback STS stand-in.

let sts: StsStandIn;
beforeAll(async () => {
  sts = await startStsStandInForProcess({ unknownRoles: 'deny' });
});
afterAll(() => sts.close());

const account = '123456789012';
const input = {
  organizationId: 'org',
  displayName: 'Audited',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
};
let roles = 0;

/** A service whose health checks ask IAM about the permissions every time, so an upgrade shows at once. */
function service(): { byoc: Byoc; aws: AwsProvider } {
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 3_000 },
    permissionCheckIntervalMs: 0,
  });
  return { aws, byoc: createByoc({ providers: [aws], store: createMemoryStore(), health: { checkDeadlineMs: 2_000 } }) };
}

async function applied(byoc: Byoc) {
  const cloud = await byoc.create(input);
  const roleArn = `arn:aws:iam::${account}:role/cce-${cloud.id.slice(0, 8)}-iam-role-${++roles}`;
  return { cloud, roleArn, role: sts.role(roleArn).trust(cloud.externalId) };
}

const assumeCalls = (roleArn: string) => sts.calls.filter((call) => call.action === 'AssumeRole' && call.roleArn === roleArn);

describe('the audit trail of AWS sessions', () => {
  it('attributes every AssumeRole of a verification to its actor, the probes included', async () => {
    const { byoc } = service();
    const { cloud, roleArn } = await applied(byoc);
    const { report } = await byoc.provision(cloud.id, roleArn, { actor: 'jane@vendor.example' });
    expect(report.ok, JSON.stringify(report.error)).toBe(true);
    const calls = assumeCalls(roleArn);
    expect(calls.length).toBe(3);
    for (const call of calls) {
      expect(call.sourceIdentity).toBe('jane@vendor.example');
      expect(call.tags).toEqual({ 'byoc:cloud-id': cloud.id, 'byoc:actor': 'jane@vendor.example', 'byoc:purpose': 'verification' });
    }
    // The session the checks ran in carries it: GetCallerIdentity and IAM's simulation came from it.
    const inSession = sts.calls.filter((call) => call.roleArn === roleArn && call.action !== 'AssumeRole');
    expect(inSession.length).toBeGreaterThan(0);
    expect(inSession.every((call) => call.action !== 'GetCallerIdentity' || call.sourceIdentity === 'jane@vendor.example')).toBe(true);
    expect(report.checks.find((check) => check.id === 'session_attribution')?.detail).toContain('jane@vendor.example');
    // The audit log shows the customer the same name their CloudTrail shows.
    const entries = await byoc.auditLog(cloud.id);
    expect(entries.find((entry) => entry.kind === 'verification')).toMatchObject({
      actor: 'jane@vendor.example',
      sourceIdentity: 'jane@vendor.example',
      outcome: 'ok',
    });
  });

  it('attributes a queued verification to whoever submitted it, and health checks to the monitor', async () => {
    const { byoc } = service();
    const { cloud, roleArn } = await applied(byoc);
    await byoc.submitAccess(cloud.id, roleArn, { actor: 'api-token.1a2b3c4d' });
    const worker = await byoc.startWorker();
    try {
      for (let attempt = 0; attempt < 100 && (await byoc.get(cloud.id)).state !== 'creating'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await worker.stop();
    }
    expect((await byoc.get(cloud.id)).state).toBe('creating');
    expect(new Set(assumeCalls(roleArn).map((call) => call.sourceIdentity))).toEqual(new Set(['api-token.1a2b3c4d']));
    await byoc.markActive(cloud.id);
    const before = assumeCalls(roleArn).length;
    expect((await byoc.checkHealth(cloud.id)).report.ok).toBe(true);
    const checks = assumeCalls(roleArn).slice(before);
    expect(checks.length).toBeGreaterThan(0);
    for (const call of checks) expect(call).toMatchObject({ sourceIdentity: 'health-monitor', tags: { 'byoc:purpose': 'health-check' } });
    expect(
      (await byoc.auditLog(cloud.id)).filter((entry) => entry.kind !== 'transition').map((entry) => [entry.kind, entry.sourceIdentity]),
    ).toEqual([
      ['verification', 'api-token.1a2b3c4d'],
      ['health-check', 'health-monitor'],
    ]);
  });

  it("is refused by the customer's own trust without a source identity", async () => {
    const { byoc, aws } = service();
    const { cloud, roleArn, role } = await applied(byoc);
    expect((await byoc.provision(cloud.id, roleArn)).report.ok).toBe(true);
    // Another caller of STS, without the attribution, on the same role and external ID: denied.
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const client = new STSClient({
      region: 'eu-north-1',
      credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
      maxAttempts: 1,
    });
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'unattributed', ExternalId: cloud.externalId })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(role.arn).toBe(roleArn);
    expect(aws.id).toBe('aws');
  });

  it('fails a verification at once on a trust from before the audit trail, naming the fix', async () => {
    const { byoc } = service();
    const { cloud, roleArn, role } = await applied(byoc);
    role.attribution('refused');
    const started = performance.now();
    const { report, cloud: after } = await byoc.provision(cloud.id, roleArn);
    expect(report.error).toMatchObject({ code: 'SOURCE_IDENTITY_NOT_ALLOWED', isRetryable: false, fault: 'customer' });
    expect(report.error?.message).toContain('Apply custom cloud');
    expect(after.state).toBe('draft');
    // Not a propagation wait: one denied attempt, one question without the attribution.
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(assumeCalls(roleArn).map((call) => call.sourceIdentity === undefined)).toEqual([false, true]);
  });

  it('keeps a cloud verified on an older template healthy until the customer upgrades, then records the version', async () => {
    const { byoc, aws } = service();
    const { cloud, roleArn, role } = await applied(byoc);
    expect((await byoc.provision(cloud.id, roleArn)).report.ok).toBe(true);
    await byoc.markActive(cloud.id);
    const current = (await byoc.get(cloud.id)).templateVersion;
    expect(current).toBe(aws.describeTemplate?.().version);
    // The cloud as a store holds it after a release that changed the template: its older version.
    const legacy: CustomCloud = { ...(await byoc.get(cloud.id)), templateVersion: 'tv1-0a1290aa2c67320e' };
    role.attribution('refused');
    const pending = await aws.checkHealth?.(legacy, aws.parseAccess(roleArn), { actor: 'health-monitor', purpose: 'health-check' });
    expect(pending?.ok).toBe(true);
    expect(pending?.templateVersion).toBeUndefined();
    expect(pending?.checks.find((check) => check.id === 'session_attribution')?.detail).toContain('predates the audit trail');
    // The customer applies the upgrade: the trust now requires the attribution, and the check says the cloud runs the current template.
    role.attribution('required');
    const upgraded = await aws.checkHealth?.(legacy, aws.parseAccess(roleArn), { actor: 'health-monitor', purpose: 'health-check' });
    expect(upgraded).toMatchObject({ ok: true, templateVersion: current });
    // A cloud on the current template gets no such grace.
    role.attribution('refused');
    const strict = await aws.checkHealth?.({ ...legacy, templateVersion: current }, aws.parseAccess(roleArn), { actor: 'health-monitor' });
    expect(strict?.error?.code).toBe('SOURCE_IDENTITY_NOT_ALLOWED');
  });
});

describe('the source identity of an actor', () => {
  it.each(['byoc-kit', 'health-monitor', 'api-token.1a2b3c4d', 'jane@vendor.example', 'ci=deploy,job+7'])('keeps %s as it is', (actor) => {
    expect(sourceIdentityOf(actor)).toBe(actor);
  });

  it.each(['Jane Doe', 'x', 'token:abc/def', 'ä'.repeat(70), ''])('makes %j one AWS takes, the same each time', (actor) => {
    const identity = sourceIdentityOf(actor);
    expect(identity).toMatch(sourceIdentityPattern);
    expect(sourceIdentityOf(actor)).toBe(identity);
    expect(sourceIdentityOf(`${actor}!`)).not.toBe(identity);
  });
});

describe("the vendor's own sessions (assumeRole)", () => {
  it("opens an attributed session with the cloud's external ID, for an operation", async () => {
    const { byoc, aws } = service();
    const { cloud, roleArn } = await applied(byoc);
    await byoc.provision(cloud.id, roleArn);
    const session = await aws.assumeRole(await byoc.get(cloud.id), { actor: 'provisioner', durationSeconds: 1_800 });
    expect(session).toMatchObject({ sourceIdentity: 'provisioner', accessKeyId: expect.stringMatching(/^ASIA/) });
    expect(assumeCalls(roleArn).at(-1)).toMatchObject({
      externalId: cloud.externalId,
      sourceIdentity: 'provisioner',
      tags: { 'byoc:cloud-id': cloud.id, 'byoc:actor': 'provisioner', 'byoc:purpose': 'operation' },
    });
  });

  it('refuses a cloud without a role and a call without an actor, and reports a denied role', async () => {
    const { byoc, aws } = service();
    const { cloud, roleArn, role } = await applied(byoc);
    await expect(aws.assumeRole(cloud, { actor: 'provisioner' })).rejects.toMatchObject({ code: 'ACCESS_INVALID' });
    await byoc.provision(cloud.id, roleArn);
    const verified = await byoc.get(cloud.id);
    await expect(aws.assumeRole(verified, { actor: ' ' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(aws.assumeRole(verified, { actor: 'x', durationSeconds: 60 })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    role.deny();
    await expect(aws.assumeRole(verified, { actor: 'provisioner' })).rejects.toMatchObject({
      code: 'ASSUME_ROLE_DENIED',
      isRetryable: false,
    });
  });
});
