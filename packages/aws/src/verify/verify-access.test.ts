import type { CustomCloud } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import type { AwsProviderSettings } from '../settings.js';
import {
  assumeRoleXml,
  callerIdentityXml,
  type StsCall,
  setupAwsTestServer,
  stsErrors,
  stsHandler,
  xml,
} from '../testing/sts-responses.js';

const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';
const cloud: CustomCloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
});
const sessionName = `byoc-${cloud.id}`;
const server = setupAwsTestServer();

/** A fake clock: sleeping moves time forward at once, and records each wait. */
function fakeClock() {
  let time = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: async (milliseconds: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      waits.push(milliseconds);
      time += milliseconds;
    },
    random: () => 0.5,
  };
}

function provider(
  clock: Pick<ReturnType<typeof fakeClock>, 'now' | 'sleep' | 'random'> = fakeClock(),
  overrides: Partial<AwsProviderSettings> = {},
) {
  return createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    now: clock.now,
    sleep: clock.sleep,
    random: clock.random,
    ...overrides,
  });
}

/**
 * STS that follows a script for AssumeRole with the cloud's external ID, denies it without one or
 * with another (unless the script says otherwise), and answers GetCallerIdentity.
 */
function scriptedSts(script: {
  withExternalId: ((call: StsCall) => ReturnType<typeof xml>)[];
  /** The cloud's external ID without a source identity: denied by the current template's trust, unless given. */
  withoutAttribution?: (call: StsCall) => ReturnType<typeof xml>;
  withoutExternalId?: (call: StsCall) => ReturnType<typeof xml>;
  withWrongExternalId?: (call: StsCall) => ReturnType<typeof xml>;
  account?: string;
}) {
  const calls: StsCall[] = [];
  let step = 0;
  server.use(
    stsHandler((call) => {
      calls.push(call);
      if (call.action === 'GetCallerIdentity') {
        return xml(
          callerIdentityXml(
            script.account ?? '123456789012',
            `arn:aws:sts::${script.account ?? '123456789012'}:assumed-role/cce-018b6442-iam-role/${sessionName}`,
          ),
        );
      }
      if (call.form.get('ExternalId') === cloud.externalId && !call.form.has('SourceIdentity')) {
        return (script.withoutAttribution ?? (() => stsErrors.accessDenied(roleArn)))(call);
      }
      if (call.form.get('ExternalId') === cloud.externalId) {
        const respond = script.withExternalId[Math.min(step++, script.withExternalId.length - 1)];
        return (respond as (call: StsCall) => ReturnType<typeof xml>)(call);
      }
      if (call.form.has('ExternalId')) return (script.withWrongExternalId ?? (() => stsErrors.accessDenied(roleArn)))(call);
      return (script.withoutExternalId ?? (() => stsErrors.accessDenied(roleArn)))(call);
    }),
  );
  return calls;
}

const succeed = () => xml(assumeRoleXml(roleArn, sessionName, 'ASIAASSUMEDEXAMPLE01'));
const deny = () => stsErrors.accessDenied(roleArn);
const throttle = () => stsErrors.throttling();

describe('verifyAccess', () => {
  it('passes all five checks and sends the external ID and a traceable session name', async () => {
    const calls = scriptedSts({ withExternalId: [succeed] });
    const aws = provider();
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
    expect(report).toMatchObject({ ok: true, attempts: 4 });
    expect(report.checks.map((check) => [check.id, check.ok])).toEqual([
      ['assume_role_with_external_id', true],
      ['session_attribution', true],
      ['assume_role_without_external_id_denied', true],
      ['assume_role_with_wrong_external_id_denied', true],
      ['caller_identity_account', true],
      ['permissions_granted', true],
    ]);
    const [withId, withoutId, wrongId, identity] = calls;
    // The wrong ID is fresh and random: never this cloud's, never a fixed value another cloud could hold.
    expect(wrongId?.form.get('ExternalId')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(wrongId?.form.get('ExternalId')).not.toBe(cloud.externalId);
    expect(withId?.form.get('Action')).toBe('AssumeRole');
    expect(withId?.form.get('RoleArn')).toBe(roleArn);
    expect(withId?.form.get('ExternalId')).toBe(cloud.externalId);
    expect(withId?.form.get('RoleSessionName')).toBe(sessionName);
    expect(withId?.form.get('RoleSessionName')).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(withId?.accessKeyId).toBe('AKIAVENDOREXAMPLE000');
    expect(withoutId?.form.has('ExternalId')).toBe(false);
    // Every AssumeRole carries who the vendor acts for, the probes too: a probe's denial is the ID's.
    for (const call of [withId, withoutId, wrongId]) {
      expect(call?.form.get('SourceIdentity')).toBe('byoc-kit');
      expect(call?.form.get('Tags.member.1.Key')).toBe('byoc:cloud-id');
      expect(call?.form.get('Tags.member.1.Value')).toBe(cloud.id);
      expect(call?.form.get('Tags.member.2.Key')).toBe('byoc:actor');
      expect(call?.form.get('Tags.member.3.Value')).toBe('verification');
    }
    expect(identity?.action).toBe('GetCallerIdentity');
    expect(identity?.accessKeyId).toBe('ASIAASSUMEDEXAMPLE01');
  });

  it('ends verified when the role becomes assumable after 4 denials, waiting with capped backoff', async () => {
    const clock = fakeClock();
    scriptedSts({ withExternalId: [deny, deny, deny, deny, succeed] });
    const aws = provider(clock);
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
    expect(report.ok).toBe(true);
    // Four denials, the one question without the attribution after the first, then the success and the three checks.
    expect(report.attempts).toBe(8);
    // full jitter with random() = 0.5: half of 2 s, 4 s, 8 s, 16 s
    expect(clock.waits).toEqual([1000, 2000, 4000, 8000]);
    expect(report.elapsedMs).toBe(15_000);
  });

  it('caps the wait at maxDelayMs', async () => {
    const clock = fakeClock();
    scriptedSts({ withExternalId: [deny, deny, deny, deny, deny, deny, deny, succeed] });
    const aws = provider(clock, { retry: { jitter: 'none' } });
    expect((await aws.verifyAccess(cloud, aws.parseAccess(roleArn))).ok).toBe(true);
    expect(clock.waits).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('gives up with PROPAGATION_TIMEOUT at the deadline, with attempts and elapsed time', async () => {
    const clock = fakeClock();
    scriptedSts({ withExternalId: [deny] });
    const aws = provider(clock, { retry: { jitter: 'none' } });
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('PROPAGATION_TIMEOUT');
    expect(report.elapsedMs).toBe(180_000);
    expect(report.error?.message).toContain(`retried ${report.attempts} times over 180 s`);
    expect(report.error?.message).toContain('arn:aws:iam::111122223333:role/vendor');
    expect(report.error?.message).toContain(cloud.externalId);
    expect(clock.waits.reduce((sum, wait) => sum + wait, 0)).toBe(180_000);
  });

  it('reports ACCESS_REVOKED at once when a health check is denied: the role worked before, so it is not propagation', async () => {
    const clock = fakeClock();
    scriptedSts({ withExternalId: [deny] });
    const aws = provider(clock, { retry: { jitter: 'none' } });
    const verified = { ...cloud, lastVerification: { ok: true, finishedAt: '2026-11-02T10:00:00.000Z', checks: [] } };
    const report = await aws.checkHealth?.(verified, aws.parseAccess(roleArn));
    expect(report).toMatchObject({ ok: false, attempts: 1, error: { code: 'ACCESS_REVOKED', isRetryable: false, fault: 'customer' } });
    expect(clock.waits).toEqual([]);
    expect(report?.error?.message).toContain('since its verification on 2026-11-02T10:00:00.000Z');
    expect(report?.error?.message).toContain("apply the custom cloud's template again");
    expect(report?.error?.message).not.toContain('propagating');
  });

  it('still retries throttling in a health check, to its deadline', async () => {
    const clock = fakeClock();
    scriptedSts({ withExternalId: [throttle, throttle, succeed] });
    const aws = provider(clock, { retry: { jitter: 'none' } });
    const report = await aws.checkHealth?.(cloud, aws.parseAccess(roleArn));
    expect(report?.ok).toBe(true);
    expect(clock.waits).toHaveLength(2);
  });

  it('honours a shorter deadline given per call', async () => {
    scriptedSts({ withExternalId: [deny] });
    const aws = provider(fakeClock(), { retry: { jitter: 'none' } });
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 10_000 });
    expect(report).toMatchObject({ ok: false, elapsedMs: 10_000, error: { code: 'PROPAGATION_TIMEOUT' } });
  });

  it('reports TRUST_MISSING_EXTERNAL_ID when the role can be assumed without the external ID', async () => {
    scriptedSts({ withExternalId: [succeed], withoutExternalId: succeed });
    const aws = provider();
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('TRUST_MISSING_EXTERNAL_ID');
    expect(report.checks.find((check) => check.id === 'assume_role_without_external_id_denied')?.ok).toBe(false);
  });

  it('reports ACCOUNT_MISMATCH when the assumed credentials act in another account', async () => {
    scriptedSts({ withExternalId: [succeed], account: '999999999999' });
    const aws = provider();
    expect((await aws.verifyAccess(cloud, aws.parseAccess(roleArn))).error?.code).toBe('ACCOUNT_MISMATCH');
  });

  it('retries throttling and 5xx, then succeeds', async () => {
    const clock = fakeClock();
    scriptedSts({ withExternalId: [stsErrors.throttling, stsErrors.internalFailure, succeed] });
    const aws = provider(clock);
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
    expect(report.ok).toBe(true);
    expect(clock.waits).toHaveLength(2);
  });

  it('reports STS_UNAVAILABLE when throttling lasts until the deadline', async () => {
    scriptedSts({ withExternalId: [stsErrors.throttling] });
    const aws = provider(fakeClock());
    expect((await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 20_000 })).error?.code).toBe('STS_UNAVAILABLE');
  });

  it.each([
    ['invalid vendor credentials', stsErrors.invalidClientToken, 'VENDOR_CREDENTIALS_INVALID'],
    ['a disabled STS region', stsErrors.regionDisabled, 'STS_REGION_DISABLED'],
  ])('does not retry %s', async (_, respond, code) => {
    const clock = fakeClock();
    const calls = scriptedSts({ withExternalId: [respond] });
    const aws = provider(clock);
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
    expect(report).toMatchObject({ ok: false, attempts: 1, error: { code, isRetryable: false } });
    expect(calls).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it('stops when its AbortSignal fires, reporting ABORTED', async () => {
    scriptedSts({ withExternalId: [deny] });
    const controller = new AbortController();
    const clock = fakeClock();
    const aws = provider({
      ...clock,
      sleep: async (milliseconds: number, signal?: AbortSignal) => {
        if (clock.waits.length === 2) controller.abort();
        await clock.sleep(milliseconds, signal);
      },
    });
    const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { signal: controller.signal });
    expect(report).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    expect(report.attempts).toBe(3);
  });

  it('refuses a role in another partition than the region without calling STS', async () => {
    const calls = scriptedSts({ withExternalId: [succeed] });
    const aws = provider();
    const report = await aws.verifyAccess(cloud, aws.parseAccess('arn:aws-cn:iam::123456789012:role/x'));
    expect(report).toMatchObject({ ok: false, attempts: 0, error: { code: 'ROLE_PARTITION_MISMATCH' } });
    expect(calls).toHaveLength(0);
  });

  it('works with an injected STS client, as an application with its own SDK setup passes one', async () => {
    const sent: string[] = [];
    const client = {
      async send(command: unknown) {
        const name = (command as object).constructor.name;
        const input = (command as { input: { ExternalId?: string } }).input;
        const mine = input.ExternalId === cloud.externalId;
        sent.push(`${name}${input.ExternalId ? (mine ? '+id' : '+wrong-id') : ''}`);
        if (name === 'AssumeRoleCommand' && !mine)
          throw Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        return {
          Credentials: { AccessKeyId: 'ASIAINJECTEDEXAMPLE1', SecretAccessKey: 's', SessionToken: 't' },
          AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/x/y' },
        };
      },
    };
    const aws = provider(fakeClock(), {
      stsClient: client,
      createAssumedRoleClient: () => ({
        send: async () => ({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/x/y' }),
      }),
    });
    expect((await aws.verifyAccess(cloud, aws.parseAccess(roleArn))).ok).toBe(true);
    expect(sent).toEqual(['AssumeRoleCommand+id', 'AssumeRoleCommand', 'AssumeRoleCommand+wrong-id']);
  });
});
