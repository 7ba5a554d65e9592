import { createByoc, createMemoryStore } from '@byoc-kit/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { captureTelemetryInTests, parentOf } from '../../../../tools/telemetry-capture.js';
import { createAwsProvider } from '../provider.js';
import { assumeRoleXml, callerIdentityXml, setupAwsTestServer, stsErrors, stsErrorXml, stsHandler } from '../testing/sts-responses.js';

// The AWS calls of a verification as OpenTelemetry exports them: client spans with the AWS SDK's
// semantic conventions (rpc.system aws-api, rpc.service, rpc.method, aws.request_id from the
// answer's x-amzn-requestid), under the byoc.verify span, and counted by outcome, throttling apart.

const telemetry = captureTelemetryInTests();

const server = setupAwsTestServer();
const roleArn = 'arn:aws:iam::123456789012:role/cce-telemetry-iam-role';
let requests = 0;

/** An STS answer with a request id of its own, as STS gives every request. */
function answer(body: string, status = 200) {
  const id = `req-${String(++requests).padStart(4, '0')}`;
  return { id, response: new HttpResponse<string>(body, { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id } }) };
}

function service() {
  let time = 1_000_000;
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    now: () => time,
    sleep: async (milliseconds) => {
      time += milliseconds;
    },
    retry: { deadlineMs: 60_000 },
  });
  return createByoc({ providers: [aws], store: createMemoryStore() });
}

const input = { organizationId: 'org', displayName: 'Traced', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' };

describe('the AWS calls of a verification, traced', () => {
  it('exports each STS and IAM call as a client span under byoc.verify, with the request id AWS gave it, and counts a throttled call', async () => {
    const byoc = service();
    const cloud = await byoc.create({ ...input, contacts: [{ email: 'admin@acme.example', role: 'Admin' }] });
    const given: { action: string; id: string; throttled: boolean }[] = [];
    let throttledOnce = false;
    server.use(
      stsHandler((call) => {
        if (call.action === 'GetCallerIdentity') {
          const { id, response } = answer(callerIdentityXml('123456789012', `arn:aws:sts::123456789012:assumed-role/r/s`));
          given.push({ action: call.action, id, throttled: false });
          return response;
        }
        if (call.form.get('ExternalId') !== cloud.externalId) return stsErrors.accessDenied(roleArn);
        if (!throttledOnce) {
          throttledOnce = true;
          const { id, response } = answer(stsErrorXml('Throttling', 'Rate exceeded'), 400);
          given.push({ action: call.action, id, throttled: true });
          return response;
        }
        const { id, response } = answer(assumeRoleXml(roleArn, 'byoc'));
        given.push({ action: call.action, id, throttled: false });
        return response;
      }),
    );
    const before = await telemetry.metrics();
    const { report } = await byoc.provision(cloud.id, roleArn);
    expect(report.ok, JSON.stringify(report.error)).toBe(true);

    const [verify] = telemetry.spansNamed('byoc.verify');
    expect(verify?.attributes).toMatchObject({ 'byoc.provider': 'aws', 'byoc.outcome': 'ok', 'byoc.cloud.id': cloud.id });
    expect(typeof verify?.attributes['byoc.template_version']).toBe('string');
    const assumes = telemetry.spansNamed('STS/AssumeRole');
    const identities = telemetry.spansNamed('STS/GetCallerIdentity');
    const simulations = telemetry.spansNamed('IAM/SimulatePrincipalPolicy');
    expect(simulations.length).toBeGreaterThan(0);
    for (const span of [...assumes, ...identities, ...simulations]) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes['rpc.system']).toBe('aws-api');
      expect(span.spanContext().traceId).toBe(verify?.spanContext().traceId);
    }
    // Each call's span carries the id of the request AWS answered, the throttled one included.
    const withIds = [...assumes, ...identities].filter((span) => given.some((call) => call.id === span.attributes['aws.request_id']));
    expect(withIds.length).toBe(given.length);
    const throttled = assumes.find((span) => span.attributes['byoc.call.outcome'] === 'throttled');
    expect(throttled?.attributes).toMatchObject({
      'rpc.service': 'STS',
      'rpc.method': 'AssumeRole',
      'error.type': 'Throttling',
      'aws.request_id': given.find((call) => call.throttled)?.id,
    });
    expect(throttled?.status.code).toBe(SpanStatusCode.ERROR);
    // The calls hang from the verification's span, or from a check's step inside it.
    const ids = new Set(telemetry.spans().map((span) => span.spanContext().spanId));
    for (const span of [...assumes, ...identities, ...simulations]) expect(ids.has(parentOf(span) as string)).toBe(true);
    expect(parentOf(throttled as never)).toBe(verify?.spanContext().spanId);
    expect(telemetry.spansNamed('byoc.check').map((span) => span.attributes['byoc.check.id'])).toEqual(
      report.checks.map((check) => check.id),
    );

    const after = await telemetry.metrics();
    const calls = (points: typeof after, outcome: string) =>
      points
        .filter(
          (point) =>
            point.name === 'byoc.cloud_calls' &&
            point.attributes['rpc.service'] === 'STS' &&
            point.attributes['rpc.method'] === 'AssumeRole' &&
            point.attributes['byoc.call.outcome'] === outcome,
        )
        .reduce((sum, point) => sum + (point.value as number), 0);
    expect(calls(after, 'throttled') - calls(before, 'throttled')).toBe(1);
    expect(calls(after, 'ok') - calls(before, 'ok')).toBe(assumes.filter((span) => span.attributes['byoc.call.outcome'] === 'ok').length);
    // The denial probes (without the external ID, with a wrong one) count as denied.
    expect(calls(after, 'denied') - calls(before, 'denied')).toBeGreaterThan(0);
  });
});
