import type { CustomCloud } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { HttpResponse } from 'msw';
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

// STS answers an outside test sent to break verification: trusts that take any external ID,
// answers that are not well-formed results, and an STS that never answers.

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

/** A clock that moves when waited on; the deadline is still a real timer for calls in flight. */
function fakeClock() {
  let time = 1_000_000;
  return {
    now: () => time,
    sleep: async (milliseconds: number) => {
      time += milliseconds;
    },
    random: () => 0.5,
  };
}

function provider(overrides: Partial<AwsProviderSettings> = {}) {
  return createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    ...fakeClock(),
    retry: { deadlineMs: 60_000 },
    ...overrides,
  });
}

type Respond = (call: StsCall) => Response | Promise<Response>;
const succeed: Respond = () => xml(assumeRoleXml(roleArn, sessionName, 'ASIAASSUMEDEXAMPLE01'));
const deny: Respond = () => stsErrors.accessDenied(roleArn);
const identity: Respond = () => xml(callerIdentityXml('123456789012', `arn:aws:sts::123456789012:assumed-role/r/${sessionName}`));

/** STS by case: the cloud's external ID, none, another one, and GetCallerIdentity. */
function sts(cases: { withId?: Respond; withoutId?: Respond; wrongId?: Respond; callerIdentity?: Respond }) {
  const calls: StsCall[] = [];
  server.use(
    stsHandler((call) => {
      calls.push(call);
      if (call.action === 'GetCallerIdentity') return (cases.callerIdentity ?? identity)(call) as never;
      const externalId = call.form.get('ExternalId');
      if (externalId === cloud.externalId) return (cases.withId ?? succeed)(call) as never;
      if (externalId === null) return (cases.withoutId ?? deny)(call) as never;
      return (cases.wrongId ?? deny)(call) as never;
    }),
  );
  return calls;
}

const emptyOk: Respond = () => new HttpResponse('', { status: 200, headers: { 'content-type': 'text/xml' } });
const withoutCredentials: Respond = () =>
  xml(
    `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/${sessionName}</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
const notXml: Respond = () =>
  new HttpResponse('<html>gateway says hello</html>', { status: 200, headers: { 'content-type': 'text/html' } });
const silent: Respond = () => new Promise<Response>(() => undefined);

describe('verifyAccess against hostile STS answers', () => {
  describe('confused deputy', () => {
    it('refuses a role whose trust takes any external ID (StringLike "*") with TRUST_EXTERNAL_ID_NOT_ENFORCED', async () => {
      const calls = sts({ wrongId: succeed });
      const aws = provider();
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
      expect(report).toMatchObject({ ok: false, error: { code: 'TRUST_EXTERNAL_ID_NOT_ENFORCED' } });
      expect(report.error?.message).toContain('StringEquals');
      expect(report.error?.message).toContain(cloud.externalId);
      expect(report.checks.find((check) => check.id === 'assume_role_with_wrong_external_id_denied')?.ok).toBe(false);
      const probe = calls.find((call) => call.form.has('ExternalId') && call.form.get('ExternalId') !== cloud.externalId);
      expect(probe?.form.get('ExternalId')).toMatch(/^[A-Za-z0-9]{32}$/);
    });

    it('probes with a different random external ID each time', async () => {
      const calls = sts({});
      const aws = provider();
      await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
      await aws.verifyAccess(cloud, aws.parseAccess(roleArn));
      const probes = calls.map((call) => call.form.get('ExternalId')).filter((id) => id !== null && id !== cloud.externalId);
      expect(probes).toHaveLength(2);
      expect(probes[0]).not.toBe(probes[1]);
    });
  });

  describe('answers that are not well-formed results', () => {
    const malformed: [string, Respond][] = [
      ['an empty 200', emptyOk],
      ['a body without credentials', withoutCredentials],
      ['an HTML page with status 200', notXml],
    ];

    it.each(malformed)(
      'treats %s to AssumeRole with the external ID as a transport fault, retried to STS_UNAVAILABLE',
      async (_, answer) => {
        const calls = sts({ withId: answer });
        const aws = provider();
        const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 20_000 });
        expect(report).toMatchObject({ ok: false, error: { code: 'STS_UNAVAILABLE', isRetryable: true } });
        expect(report.error?.message).toContain('not a verdict on the role');
        expect(calls.length).toBeGreaterThan(1);
        expect(calls.every((call) => call.form.get('ExternalId') === cloud.externalId)).toBe(true);
      },
    );

    it.each(malformed)('never reads %s to AssumeRole without an external ID as "the trust is open"', async (_, answer) => {
      const aws = provider();
      sts({ withoutId: answer });
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 20_000 });
      expect(report.error?.code).toBe('STS_UNAVAILABLE');
    });

    it.each(malformed)('never reads %s to AssumeRole with a wrong external ID as "any ID is taken"', async (_, answer) => {
      const aws = provider();
      sts({ wrongId: answer });
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 20_000 });
      expect(report.error?.code).toBe('STS_UNAVAILABLE');
    });

    it('recovers when a malformed answer is followed by a good one', async () => {
      let first = true;
      sts({
        withId: (call) => {
          if (!first) return succeed(call);
          first = false;
          return emptyOk(call);
        },
      });
      const aws = provider();
      expect((await aws.verifyAccess(cloud, aws.parseAccess(roleArn))).ok).toBe(true);
    });

    it('treats a GetCallerIdentity answer without an account as a transport fault', async () => {
      sts({
        callerIdentity: () =>
          xml(
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::1:x</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>',
          ),
      });
      const aws = provider();
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 20_000 });
      expect(report).toMatchObject({ ok: false, error: { code: 'STS_UNAVAILABLE' } });
    });
  });

  describe('an STS that never answers', () => {
    it('times each call out and ends at the deadline with STS_UNAVAILABLE', async () => {
      sts({ withId: silent });
      // Real time here: the timeout is a real timer.
      const aws = provider({ now: Date.now, sleep: async () => undefined, requestTimeoutMs: 200 });
      const started = Date.now();
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 1_500 });
      const elapsed = Date.now() - started;
      expect(report).toMatchObject({ ok: false, error: { code: 'STS_UNAVAILABLE' } });
      expect(report.error?.message).toMatch(/did not answer within 200 ms|still running at the deadline/);
      expect(elapsed).toBeGreaterThanOrEqual(1_000);
      expect(elapsed).toBeLessThan(10_000);
    });

    it('cuts a call in flight at the verification deadline, however long its own timeout', async () => {
      sts({ withId: silent });
      const aws = provider({ now: Date.now, requestTimeoutMs: 120_000 });
      const started = Date.now();
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 800 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(report).toMatchObject({ ok: false, error: { code: 'STS_UNAVAILABLE' } });
      expect(report.error?.message).toContain('still running at the deadline');
    });

    it('keeps a denial as the reason when the deadline cuts the next attempt', async () => {
      let denied = false;
      sts({
        withId: (call) => {
          if (denied) return silent(call);
          denied = true;
          return deny(call);
        },
      });
      const aws = provider({ now: Date.now, sleep: async () => undefined, requestTimeoutMs: 120_000 });
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 800 });
      expect(report.error?.code).toBe('PROPAGATION_TIMEOUT');
    });

    it('stops a call in flight when the caller aborts', async () => {
      sts({ withId: silent });
      const aws = provider({ now: Date.now, requestTimeoutMs: 120_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { signal: controller.signal });
      expect(report.error?.code).toBe('ABORTED');
    });

    it('cuts an injected client that ignores its abort signal', async () => {
      const aws = provider({
        now: Date.now,
        requestTimeoutMs: 300,
        stsClient: { send: () => new Promise(() => undefined) },
      });
      const started = Date.now();
      const report = await aws.verifyAccess(cloud, aws.parseAccess(roleArn), { deadlineMs: 1_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(report.error?.code).toBe('STS_UNAVAILABLE');
    });
  });
});
