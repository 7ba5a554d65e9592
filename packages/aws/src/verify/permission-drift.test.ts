import { type Byoc, type CustomCloud, type CustomCloudStore, createByoc, createMemoryStore } from '@byoc-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import type { AwsProviderSettings } from '../settings.js';
import { type StsStandIn, startStsStandInForProcess } from '../testing/sts-stand-in.js';

// Permission drift: the role simulates its own policies (iam:SimulatePrincipalPolicy on itself, which
// the default template grants) and every action the template grants is asked of IAM. The real AWS
// SDK talks to the loopback stand-in, which answers with IAM's XML, 100 results a page.

let sts: StsStandIn;
beforeAll(async () => {
  sts = await startStsStandInForProcess({ unknownRoles: 'deny' });
});
afterAll(() => sts.close());

const account = '123456789012';
const input = {
  organizationId: 'org',
  displayName: 'Drift',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
};
let roles = 0;
/** For the tests whose failure is retried until the deadline: a short one. */
const retriedToDeadline = { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 600 };

/** A service whose health checks ask IAM every time, unless the test sets the cadence. */
function service(store: CustomCloudStore, settings: Partial<AwsProviderSettings> = {}, clock?: { now(): Date }): Byoc {
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    // Room for a loaded machine on the passing paths; the tests that retry to the deadline set a short one.
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 5_000 },
    permissionCheckIntervalMs: 0,
    ...(clock ? { now: () => clock.now().getTime() } : {}),
    ...settings,
  });
  return createByoc({ providers: [aws], store, health: { checkDeadlineMs: 1_000 }, ...(clock ? { clock } : {}) });
}

async function applied(byoc: Byoc, options: { objectStorage?: boolean } = {}) {
  const cloud = await byoc.create({ ...input, objectStorage: { enabled: options.objectStorage ?? false } });
  const roleArn = `arn:aws:iam::${account}:role/cce-${cloud.id.slice(0, 8)}-iam-role-${++roles}`;
  sts.role(roleArn).trust(cloud.externalId);
  return { cloud, roleArn, role: sts.role(roleArn) };
}

const simulations = (roleArn: string) => sts.calls.filter((call) => call.action === 'SimulatePrincipalPolicy' && call.roleArn === roleArn);

describe('permission drift on AWS', () => {
  it('asks IAM about every action the template grants, through the role itself, and passes when all are allowed', async () => {
    const byoc = service(createMemoryStore());
    const { cloud, roleArn } = await applied(byoc, { objectStorage: true });
    const { report } = await byoc.provision(cloud.id, roleArn);
    expect(report.ok, JSON.stringify(report.error)).toBe(true);
    const check = report.checks.find((candidate) => candidate.id === 'permissions_granted');
    expect(check?.ok).toBe(true);
    expect(check?.detail).toMatch(/^IAM allows all \d+ action-resource pairs the template grants the role\./);
    // What only the customer's account knows (its VPC's id) and wildcard actions are named, not guessed.
    expect(check?.detail).toContain("RunInstancesInCustomCloudVpc (it depends on the VPC's ARN, which only the customer's account knows)");
    expect(check?.detail).toContain('Describe (wildcard actions (ec2:Describe*))');
    // One call per statement, every one answered 200.
    expect(simulations(roleArn).length).toBeGreaterThan(5);
    expect(simulations(roleArn).every((call) => call.status === 200)).toBe(true);
  });

  it('reads every page of a long answer: IAM returns 100 results a page', async () => {
    // 60 actions on 2 buckets: 120 action-resource pairs, two pages.
    const actions = Array.from({ length: 60 }, (_, index) => `s3:GetObjectVersion${index}`);
    const bucket = ['arn:aws:s3:::acme-one/*', 'arn:aws:s3:::acme-two/*'];
    const byoc = service(createMemoryStore(), {
      extraVendorStatements: [{ Sid: 'Many', Effect: 'Allow', Action: actions, Resource: bucket }],
    });
    const { cloud, roleArn, role } = await applied(byoc);
    role.denyActions([actions[59] as string]);
    const { report } = await byoc.provision(cloud.id, roleArn);
    // The denied action is only on the second page of that statement's answer.
    expect(report.error?.message).toContain(
      `lacks 1 permission(s) the template grants it: ${actions[59]} on arn:aws:s3:::acme-one/*, arn:aws:s3:::acme-two/* (not granted).`,
    );
  });

  it.each([
    ['implicit', 'not granted'],
    ['explicit', 'explicitly denied'],
    ['scp', 'denied by an organization SCP'],
    ['boundary', 'outside the permissions boundary'],
  ] as const)('fails verification with PERMISSIONS_MISSING when IAM denies an action (%s), naming it and why', async (how, why) => {
    const byoc = service(createMemoryStore());
    const { cloud, roleArn, role } = await applied(byoc);
    role.denyActions(['ec2:AttachVolume', 'ec2:DetachVolume'], how);
    const { cloud: after, report } = await byoc.provision(cloud.id, roleArn);
    expect(report.error?.code).toBe('PERMISSIONS_MISSING');
    // Each action once, on the resources as the template writes them, with why.
    const ec2 = `arn:aws:ec2:eu-north-1:${account}`;
    expect(report.error?.message).toContain(
      `lacks 2 permission(s) the template grants it: ec2:AttachVolume on ${ec2}:instance/*, ${ec2}:volume/*, ${ec2}:network-interface/* (${why}); ec2:DetachVolume on`,
    );
    expect(report.error?.details?.missing).toEqual([
      {
        action: 'ec2:AttachVolume',
        resources: [`${ec2}:instance/*`, `${ec2}:volume/*`, `${ec2}:network-interface/*`],
        reason: why,
        deniedByOrganization: how === 'scp',
      },
      {
        action: 'ec2:DetachVolume',
        resources: [`${ec2}:instance/*`, `${ec2}:volume/*`, `${ec2}:network-interface/*`],
        reason: why,
        deniedByOrganization: how === 'scp',
      },
    ]);
    if (how === 'scp') {
      expect(report.error?.message).toContain(
        `An AWS Organizations service control policy denies ec2:AttachVolume, ec2:DetachVolume: the organization's administrator must allow them for account ${account}.`,
      );
      // Applying the template again cannot lift an organization's policy.
      expect(report.error?.message).not.toContain('Apply the template again');
    } else if (how === 'boundary') {
      // The customer's own guardrail: named as such, and no re-apply can lift it.
      expect(report.error?.message).toContain(
        "The role's permissions boundary (your organization's guardrail, permissions_boundary_arn or PermissionsBoundaryArn of the template) leaves out ec2:AttachVolume, ec2:DetachVolume",
      );
      expect(report.error?.message).not.toContain('Apply the template again');
    } else {
      expect(report.error?.message).not.toContain('service control policy');
      expect(report.error?.message).toContain("Apply the template again to restore the role's policies");
    }
    expect(report.checks.at(-1)).toMatchObject({ id: 'permissions_granted', ok: false });
    expect(after).toMatchObject({ state: 'draft', errors: [{ code: 'PERMISSIONS_MISSING' }] });
  });

  it('fails when the role may not simulate itself, the permission the template grants for this check', async () => {
    const byoc = service(createMemoryStore(), { retry: retriedToDeadline });
    const { cloud, roleArn, role } = await applied(byoc);
    role.refuseSimulation();
    const { report } = await byoc.provision(cloud.id, roleArn);
    expect(report.error).toMatchObject({ code: 'PERMISSIONS_MISSING' });
    expect(report.error?.message).toContain('may not simulate its own policies (iam:SimulatePrincipalPolicy on itself)');
  });

  it('counts a permission removed after onboarding as a failed health check, which disconnects the cloud in the end', async () => {
    const byoc = service(createMemoryStore());
    const { cloud, roleArn, role } = await applied(byoc);
    expect((await byoc.provision(cloud.id, roleArn)).report.ok).toBe(true);
    await byoc.markActive(cloud.id);
    role.denyActions(['ec2:TerminateInstances'], 'explicit');
    let last: CustomCloud | undefined;
    for (let check = 0; check < 3; check++) last = (await byoc.checkHealth(cloud.id)).cloud;
    expect(last?.state).toBe('disconnected');
    expect(last?.errors[0]).toMatchObject({ code: 'PERMISSIONS_MISSING' });
    expect(last?.errors[0]?.message).toContain('ec2:TerminateInstances');
  });

  it('reports the permissions of a newer template as an upgrade to apply, and records the new version once they are granted', async () => {
    const store = createMemoryStore();
    const before = service(store);
    const { cloud, roleArn, role } = await applied(before);
    expect((await before.provision(cloud.id, roleArn)).report.ok).toBe(true);
    await before.markActive(cloud.id);
    const applied1 = (await before.get(cloud.id)).templateVersion;

    // The vendor adds a permission; the customer's role does not have it yet.
    const added = 'ec2:GetIpamPoolCidrs';
    const after = service(store, { extraVendorStatements: [{ Sid: 'IpamPools', Effect: 'Allow', Action: added, Resource: '*' }] });
    role.denyActions([added]);
    const pending = await after.checkHealth(cloud.id);
    expect(pending.report.ok).toBe(true);
    expect(pending.report.checks.at(-1)?.detail).toBe(
      `The current template grants 1 permission(s) the role does not have yet (${added} (not granted)): the customer has not applied the upgrade.`,
    );
    expect(pending.cloud).toMatchObject({ state: 'active', templateVersion: applied1 });
    expect((await after.templateStatus(cloud.id)).upToDate).toBe(false);

    // Applied: the next check sees every permission granted and records the current version.
    role.allowActions([added]);
    const upgraded = await after.checkHealth(cloud.id);
    expect(upgraded.report.templateVersion).not.toBe(applied1);
    expect(upgraded.cloud.templateVersion).toBe(upgraded.report.templateVersion);
    expect(await after.templateStatus(cloud.id)).toMatchObject({ upToDate: true, changes: [] });
    // From now on a missing permission is drift again.
    role.denyActions([added]);
    expect((await after.checkHealth(cloud.id)).report.error?.code).toBe('PERMISSIONS_MISSING');
  });

  it('asks IAM in health checks at the cadence of permissionCheckIntervalMs, counting from the verification', async () => {
    const clock = { at: Date.now(), now: () => new Date(clock.at) };
    const byoc = service(createMemoryStore(), { permissionCheckIntervalMs: 3_600_000 }, clock);
    const { cloud, roleArn, role } = await applied(byoc);
    expect((await byoc.provision(cloud.id, roleArn)).report.permissionsChecked).toBe(true);
    await byoc.markActive(cloud.id);
    role.denyActions(['ec2:TerminateInstances']);
    const asked = simulations(roleArn).length;

    // Within the hour of the verification: the trust is checked, the permissions are not.
    clock.at += 30 * 60_000;
    const early = await byoc.checkHealth(cloud.id);
    expect(early.report).toMatchObject({ ok: true });
    expect(early.report.permissionsChecked).toBeUndefined();
    expect(simulations(roleArn).length).toBe(asked);

    // Past it: IAM is asked, the drift found, and the time of the check kept with the health record.
    clock.at += 31 * 60_000;
    const due = await byoc.checkHealth(cloud.id);
    expect(due.report).toMatchObject({ ok: false, permissionsChecked: true, error: { code: 'PERMISSIONS_MISSING' } });
    expect(due.cloud.health).toMatchObject({ lastResult: 'failed', permissionsCheckedAt: new Date(clock.at).toISOString() });
    expect(simulations(roleArn).length).toBeGreaterThan(asked);
  });

  it('uses an injected IAM client instead of loading the SDK, as an application with its own setup does', async () => {
    const sent: unknown[] = [];
    const byoc = service(createMemoryStore(), {
      createIamClient: () => ({
        async send(command: unknown) {
          sent.push((command as { input: unknown }).input);
          return { EvaluationResults: [], IsTruncated: false };
        },
      }),
    });
    const { cloud, roleArn } = await applied(byoc);
    const { report } = await byoc.provision(cloud.id, roleArn);
    expect(report.ok).toBe(true);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]).toMatchObject({ PolicySourceArn: roleArn });
    expect(simulations(roleArn)).toEqual([]);
  });

  it('treats an IAM answer that does not parse as a transport fault, never as a verdict on the role', async () => {
    const byoc = service(createMemoryStore(), {
      retry: retriedToDeadline,
      createIamClient: () => ({
        async send() {
          return { EvaluationResults: [{ EvalActionName: 'ec2:AttachVolume', EvalDecision: 'maybe' }] };
        },
      }),
    });
    const { cloud, roleArn } = await applied(byoc);
    const { report, cloud: after } = await byoc.provision(cloud.id, roleArn);
    expect(report.error).toMatchObject({ code: 'IAM_UNAVAILABLE', isRetryable: true, fault: 'transport' });
    expect(after.errors[0]?.code).toBe('IAM_UNAVAILABLE');
  });
});
