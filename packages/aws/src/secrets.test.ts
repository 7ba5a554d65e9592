import { ByocError, type ByocEvents, createByoc, createMemoryStore } from '@byoc-kit/core';
import { captureOutput, expectNoSecrets } from '@byoc-kit/core/testing';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { captureTelemetryInTests } from '../../../tools/telemetry-capture.js';
import { createAwsProvider } from './provider.js';
import type { AwsProviderSettings } from './settings.js';
import { serviceUserBlueprint } from './testing/service-user-blueprint.js';
import { assumeRoleXml, callerIdentityXml, type StsCall, setupAwsTestServer, stsErrors, stsHandler, xml } from './testing/sts-responses.js';

// No credential reaches a message, a report, a stored record, an event, a log line or an exported
// span or metric, whatever STS answers: the vendor's secret key, the assumed session's key and
// token, a customer's access key secret, and the sealed form of that secret. Nor does the external
// ID reach the telemetry.

const telemetry = captureTelemetryInTests();

const vendorSecret = 'VendorSecretKey/0123456789abcdefghijklmnopqrstuv';
const sessionSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const sessionToken =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
const customerSecret = 'CustomerSecretKey0123456789abcdefghijklm';
const sealedPrefix = 'kms-sealed-v1:';
const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';
const server = setupAwsTestServer();

type Respond = (call: StsCall) => Response | Promise<Response>;
const silent: Respond = () => new Promise<Response>(() => undefined);

/** STS faults, each as answers to the role's calls: with its ID, without, with a wrong one, GetCallerIdentity. */
const roleFaults: Record<string, { withId?: Respond; withoutId?: Respond; wrongId?: Respond; identity?: Respond }> = {
  'a verified role': {},
  'a role denied to the deadline': { withId: (call) => stsErrors.accessDenied(call.form.get('RoleArn') ?? '') },
  'a trust without the external ID condition': { withoutId: () => xml(assumeRoleXml(roleArn, 'x')) },
  'a trust that takes any external ID': { wrongId: () => xml(assumeRoleXml(roleArn, 'x')) },
  'an empty 200': { withId: () => new HttpResponse('', { status: 200 }) },
  'an answer without credentials': {
    withId: () =>
      xml(
        '<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::1:x</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>',
      ),
  },
  'a silent STS': { withId: silent },
  throttling: { withId: stsErrors.throttling },
  'bad vendor credentials': { withId: stsErrors.invalidClientToken },
  'another account': { identity: () => xml(callerIdentityXml('999999999999', 'arn:aws:sts::999999999999:assumed-role/x/y')) },
  'a silent GetCallerIdentity': { identity: silent },
};

function sts(cases: (typeof roleFaults)[string], externalId: () => string) {
  server.use(
    stsHandler((call) => {
      if (call.action === 'GetCallerIdentity') {
        return (cases.identity ?? (() => xml(callerIdentityXml('123456789012', 'arn:aws:sts::123456789012:assumed-role/r/s'))))(
          call,
        ) as never;
      }
      const given = call.form.get('ExternalId');
      const session = () =>
        xml(
          assumeRoleXml(roleArn, 'session')
            .replace(/<SecretAccessKey>.*<\/SecretAccessKey>/, `<SecretAccessKey>${sessionSecret}</SecretAccessKey>`)
            .replace(/<SessionToken>.*<\/SessionToken>/, `<SessionToken>${sessionToken}</SessionToken>`),
        );
      if (given === externalId()) return (cases.withId ?? session)(call) as never;
      if (given === null) return (cases.withoutId ?? (() => stsErrors.accessDenied(roleArn)))(call) as never;
      return (cases.wrongId ?? (() => stsErrors.accessDenied(roleArn)))(call) as never;
    }),
  );
}

/** Runs one provisioning and collects every place a secret could leak to. */
async function provisionCollecting(settings: Partial<AwsProviderSettings>, access: unknown, arrange: (externalId: () => string) => void) {
  const output = captureOutput();
  try {
    let time = 1_000_000;
    const aws = createAwsProvider({
      vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
      stsRegion: 'eu-north-1',
      credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: vendorSecret },
      now: () => time,
      sleep: async (milliseconds) => {
        time += milliseconds;
      },
      requestTimeoutMs: 100,
      retry: { deadlineMs: 5_000 },
      ...settings,
    });
    const store = createMemoryStore();
    const byoc = createByoc({ providers: [aws], store });
    const events: ByocEvents['transition'][] = [];
    byoc.on('transition', (event) => events.push(event));
    const cloud = await byoc.create({
      organizationId: 'org',
      displayName: 'Acme',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.0.0.0/16',
    });
    arrange(() => cloud.externalId);
    const outcome = await byoc.provision(cloud.id, access).catch((error: unknown) => ({ thrown: error }));
    const retried = 'thrown' in outcome ? undefined : await byoc.retry(cloud.id).catch((error: unknown) => error);
    const stored = await store.list();
    const exported = await telemetry.exported();
    return {
      outcome,
      retried,
      stored,
      events,
      output,
      exported,
      externalId: cloud.externalId,
      error: 'thrown' in outcome ? outcome.thrown : undefined,
    };
  } finally {
    output.restore();
  }
}

describe('AWS credentials never leak', () => {
  it.each(Object.entries(roleFaults))('keeps every credential out of sight with %s', async (_, cases) => {
    const run = await provisionCollecting({}, roleArn, (externalId) => sts(cases, externalId));
    const { stored, events, output, outcome } = run;
    expectNoSecrets(
      {
        'the report': outcome,
        'the thrown error': run.error,
        'stored records': stored,
        events,
        'log lines': output.lines,
        'the error JSON': run.error instanceof ByocError ? run.error.toJSON() : undefined,
        'exported spans and metrics': run.exported,
      },
      [vendorSecret, sessionSecret, sessionToken],
    );
    expectNoSecrets({ 'exported spans and metrics': run.exported }, [run.externalId]);
    // What was exported is the calls' spans, not nothing.
    expect(JSON.stringify(run.exported)).toContain('STS/AssumeRole');
  });

  const keyFaults: Record<string, Respond> = {
    'a key that works': () => xml(callerIdentityXml('123456789012', 'arn:aws:iam::123456789012:user/whoever')),
    'an unknown key': stsErrors.invalidClientToken,
    'a secret of another key': stsErrors.signatureMismatch,
    'a silent STS': silent,
    'an empty 200': () => new HttpResponse('', { status: 200 }),
  };

  it.each(Object.entries(keyFaults))(
    "keeps a customer's access key secret, and its sealed form, out of sight with %s",
    async (_, answer) => {
      const sealed: string[] = [];
      const run = await provisionCollecting(
        {
          blueprint: serviceUserBlueprint,
          seal: (secret) => {
            const value = `${sealedPrefix}${Buffer.from(secret).reverse().toString('hex')}`;
            sealed.push(value);
            return value;
          },
          unseal: (value) => Buffer.from(value.slice(sealedPrefix.length), 'hex').reverse().toString(),
        },
        { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: customerSecret },
        () => server.use(stsHandler(answer as never)),
      );
      expect(sealed.length).toBeGreaterThan(0);
      // The sealed form is stored by design; it goes nowhere else.
      expect(JSON.stringify(run.stored)).toContain(sealed[0]);
      expectNoSecrets({ 'stored records': run.stored }, [customerSecret, vendorSecret]);
      expectNoSecrets(
        {
          'the report': run.outcome,
          'the thrown error': run.error,
          'the retry': run.retried,
          events: run.events,
          'log lines': run.output.lines,
          'exported spans and metrics': run.exported,
        },
        [customerSecret, vendorSecret, sealed[0] as string],
      );
      expectNoSecrets({ 'exported spans and metrics': run.exported }, [run.externalId]);
    },
  );

  it('keeps a malformed key secret out of the error', async () => {
    const run = await provisionCollecting(
      { blueprint: serviceUserBlueprint },
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: `${customerSecret}!` },
      () => undefined,
    );
    expect((run.error as ByocError).code).toBe('ACCESS_KEY_INVALID');
    expectNoSecrets({ 'the thrown error': run.error, 'the error JSON': (run.error as ByocError).toJSON(), 'stored records': run.stored }, [
      customerSecret,
    ]);
  });
});
