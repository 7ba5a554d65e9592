import { readFile } from 'node:fs/promises';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { captureTelemetryInTests, parentOf } from '../../../../tools/telemetry-capture.js';
import type { ProviderAccess } from '../domain/index.js';
import { cloudCall, errorCodeOf, setTelemetryEnabled, type VerificationReport } from '../provider/index.js';
import { createReportBuilder } from '../provider/verification-report.js';
import { createByoc } from '../service/index.js';
import { createMemoryStore } from '../store/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { createInProcessJobQueue } from './in-process-job-queue.js';

// What byoc-kit exports through @opentelemetry/api once a vendor's process registers the SDK: the
// spans of a verification, a health check and a queue job, nested; the cloud calls as client
// spans; the metrics, gauges read from the store and the queue. Without an SDK, the API is a
// no-op, which every other test of the suite runs on.

const telemetry = captureTelemetryInTests();
// Every name and attribute the tests saw exported, for the README's tables.
const seen = new Set<string>();
afterEach(async () => {
  for (const span of telemetry.spans()) {
    if (span.instrumentationScope.name === '@byoc-kit/core')
      for (const name of [span.name, ...Object.keys(span.attributes)]) seen.add(name);
  }
  for (const point of await telemetry.metrics()) for (const name of [point.name, ...Object.keys(point.attributes)]) seen.add(name);
});

const input = {
  organizationId: 'org-telemetry',
  displayName: 'Telemetry',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
};

class ThrottlingError extends Error {
  override readonly name = 'Throttling';
  readonly $metadata = { requestId: 'req-throttled-1' };
}

/** A provider whose verification calls a cloud as an adapter does: through cloudCall, checks recorded by the report builder. */
function instrumentedProvider(answers: Map<string, 'ok' | 'denied' | 'throttled'>) {
  return createFakeProvider({
    async verify(cloud, access: ProviderAccess): Promise<VerificationReport> {
      const report = createReportBuilder({ now: () => 0 });
      const answer = answers.get(access.identity) ?? 'ok';
      const call = {
        system: 'aws-api' as const,
        service: 'STS',
        method: 'AssumeRole',
        classify: (error: unknown) => (error instanceof ThrottlingError ? ('throttled' as const) : ('denied' as const)),
        requestId: (value: unknown) => (value as { $metadata?: { requestId?: string } }).$metadata?.requestId,
      };
      try {
        await cloudCall(call, async () => {
          if (answer === 'throttled') throw new ThrottlingError(`Rate exceeded for ${cloud.externalId}`);
          if (answer === 'denied')
            throw Object.assign(new Error(`not authorized with ExternalId ${cloud.externalId}`), { name: 'AccessDenied' });
          return { $metadata: { requestId: 'req-ok-1' } };
        });
        report.check('assume-role', true, `assumed ${access.identity}`);
        report.check('permissions', true, 'every action allowed');
        report.countAttempts(1);
        return report.report();
      } catch (error) {
        report.check('assume-role', false, `refused: ${errorCodeOf(error)}`);
        report.countAttempts(1);
        return report.report(
          answer === 'throttled'
            ? { code: 'STS_THROTTLED', message: 'STS throttled.', fault: 'transport' }
            : { code: 'ACCESS_DENIED', message: 'Denied.', fault: 'customer' },
        );
      }
    },
  });
}

/** A service that verifies inline, or with `queued`, through a queue and a worker. */
async function setup(options: { queued?: boolean } = {}) {
  const answers = new Map<string, 'ok' | 'denied' | 'throttled'>();
  const store = createMemoryStore();
  const jobs = createInProcessJobQueue();
  const byoc = createByoc({
    providers: [instrumentedProvider(answers)],
    store,
    ...(options.queued ? { jobs } : {}),
    health: { intervalMs: 60_000, failuresBeforeDisconnect: 3, checkDeadlineMs: 5_000 },
    onBackgroundError: () => undefined,
  });
  return { answers, store, jobs, byoc };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('OpenTelemetry spans', () => {
  it('gives a queued verification a byoc.job consumer span, its byoc.verify child, a byoc.check per check and the cloud call as a client span', async () => {
    const { byoc, jobs } = await setup({ queued: true });
    const cloud = await byoc.create(input);
    // The vendor's request that submits the access, traced by its HTTP server.
    const request = trace.getTracer('vendor-backend').startSpan('POST /provision', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), request), () => byoc.submitAccess(cloud.id, 'fake:role'));
    request.end();
    const worker = await byoc.startWorker({ concurrency: 1, sweepIntervalMs: 60_000 });
    try {
      await until(
        () => byoc.get(cloud.id),
        (current) => current.state === 'creating',
      );
      await until(
        async () => telemetry.spansNamed('byoc.job').filter((span) => span.attributes['messaging.destination.name'] === 'byoc-verify'),
        (spans) => spans.length > 0,
      );
    } finally {
      await worker.stop({ graceMs: 1_000 });
      await jobs.stop({ graceMs: 100 });
    }
    const [verify] = telemetry.spansNamed('byoc.verify');
    // The job that ran it (the sweep may queue a second, which finds nothing to do).
    const job = telemetry.spansNamed('byoc.job').find((span) => span.spanContext().spanId === parentOf(verify as never));
    const checks = telemetry.spansNamed('byoc.check');
    const [call] = telemetry.spansNamed('STS/AssumeRole');
    expect(job?.kind).toBe(SpanKind.CONSUMER);
    expect(job?.attributes).toMatchObject({
      'messaging.system': 'byoc-kit',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'byoc-verify',
      'byoc.cloud.id': cloud.id,
    });
    expect(typeof job?.attributes['messaging.message.id']).toBe('string');
    // The job ran in a trace of its own, linked to the request that queued it.
    expect(job?.links.map((link) => link.context.spanId)).toEqual([request.spanContext().spanId]);
    expect(job?.spanContext().traceId).not.toBe(request.spanContext().traceId);
    expect(verify?.attributes).toMatchObject({
      'byoc.cloud.id': cloud.id,
      'byoc.provider': 'aws',
      'byoc.purpose': 'verification',
      'byoc.outcome': 'ok',
      'byoc.attempts': 1,
    });
    expect(verify?.attributes['byoc.error.code']).toBeUndefined();
    expect(verify?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(parentOf(verify as never)).toBe(job?.spanContext().spanId);
    expect(checks.map((span) => span.attributes['byoc.check.id'])).toEqual(['assume-role', 'permissions']);
    for (const check of checks) expect(parentOf(check)).toBe(verify?.spanContext().spanId);
    expect(call?.kind).toBe(SpanKind.CLIENT);
    expect(call?.attributes).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'STS',
      'rpc.method': 'AssumeRole',
      'aws.request_id': 'req-ok-1',
      'byoc.call.outcome': 'ok',
    });
    expect(parentOf(call as never)).toBe(verify?.spanContext().spanId);
    // One trace from the job down.
    const traces = new Set([job, verify, call, ...checks].map((span) => span?.spanContext().traceId));
    expect(traces.size).toBe(1);
  });

  it('marks a denied verification an error with its code, never its message, and a throttled call as throttled', async () => {
    const { byoc, answers } = await setup();
    answers.set('fake:denied', 'denied');
    answers.set('fake:throttled', 'throttled');
    const denied = await byoc.create(input);
    await expect(byoc.provision(denied.id, 'fake:denied')).resolves.toMatchObject({ report: { ok: false } });
    const throttled = await byoc.create(input);
    await byoc.provision(throttled.id, 'fake:throttled');
    const verifies = telemetry.spansNamed('byoc.verify');
    const deniedSpan = verifies.find((span) => span.attributes['byoc.cloud.id'] === denied.id);
    expect(deniedSpan?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ACCESS_DENIED' });
    expect(deniedSpan?.attributes).toMatchObject({
      'byoc.outcome': 'failed',
      'byoc.error.code': 'ACCESS_DENIED',
      'error.type': 'ACCESS_DENIED',
    });
    const throttledSpan = verifies.find((span) => span.attributes['byoc.cloud.id'] === throttled.id);
    expect(throttledSpan?.attributes).toMatchObject({ 'byoc.outcome': 'inconclusive', 'byoc.error.code': 'STS_THROTTLED' });
    const calls = telemetry.spansNamed('STS/AssumeRole');
    expect(calls.map((span) => span.attributes['byoc.call.outcome']).sort()).toEqual(['denied', 'throttled']);
    const throttledCall = calls.find((span) => span.attributes['byoc.call.outcome'] === 'throttled');
    expect(throttledCall?.attributes).toMatchObject({ 'error.type': 'Throttling', 'aws.request_id': 'req-throttled-1' });
    expect(throttledCall?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Throttling' });
    // The errors' messages held the external ID; no span carries a message.
    const exported = JSON.stringify(telemetry.spans().map((span) => [span.name, span.attributes, span.status, span.events]));
    expect(exported).not.toContain(denied.externalId);
    expect(exported).not.toContain(throttled.externalId);
    expect(exported).not.toContain('not authorized');
  });

  it('gives a health check a byoc.health_check span with its outcome, and counts a failure by code', async () => {
    const { byoc, answers } = await setup();
    const cloud = await byoc.create(input);
    await byoc.provision(cloud.id, 'fake:role');
    await byoc.markActive(cloud.id);
    await byoc.checkHealth(cloud.id);
    answers.set('fake:role', 'denied');
    await byoc.checkHealth(cloud.id);
    const checks = telemetry.spansNamed('byoc.health_check');
    expect(checks.map((span) => [span.attributes['byoc.outcome'], span.attributes['byoc.error.code'] ?? null])).toEqual([
      ['ok', null],
      ['failed', 'ACCESS_DENIED'],
    ]);
    expect(checks[0]?.attributes).toMatchObject({ 'byoc.cloud.id': cloud.id, 'byoc.provider': 'aws', 'byoc.state': 'active' });
    const calls = telemetry.spansNamed('STS/AssumeRole');
    expect(calls.map((span) => parentOf(span))).toEqual(expect.arrayContaining(checks.map((span) => span.spanContext().spanId)));
  });
});

describe('OpenTelemetry metrics', () => {
  it('records verification durations by provider and outcome, cloud calls by outcome and health check failures by code', async () => {
    const { byoc, answers } = await setup();
    answers.set('fake:denied', 'denied');
    const before = await telemetry.metrics();
    const ok = await byoc.create(input);
    await byoc.provision(ok.id, 'fake:role');
    const denied = await byoc.create(input);
    await byoc.provision(denied.id, 'fake:denied');
    await byoc.markActive(ok.id);
    answers.set('fake:role', 'denied');
    await byoc.checkHealth(ok.id);
    const after = await telemetry.metrics();
    const grown = (name: string, attributes: Record<string, unknown>) => {
      const matches = (point: { name: string; attributes: Readonly<Record<string, unknown>> }) =>
        point.name === name && Object.entries(attributes).every(([key, value]) => point.attributes[key] === value);
      const count = (points: typeof after) =>
        points.filter(matches).reduce((sum, point) => sum + (typeof point.value === 'number' ? point.value : point.value.count), 0);
      return count(after) - count(before);
    };
    expect(grown('byoc.verification.duration', { 'byoc.provider': 'aws', 'byoc.outcome': 'ok' })).toBe(1);
    expect(grown('byoc.verification.duration', { 'byoc.provider': 'aws', 'byoc.outcome': 'failed' })).toBe(1);
    expect(grown('byoc.cloud_calls', { 'rpc.service': 'STS', 'rpc.method': 'AssumeRole', 'byoc.call.outcome': 'ok' })).toBe(1);
    expect(grown('byoc.cloud_calls', { 'rpc.service': 'STS', 'rpc.method': 'AssumeRole', 'byoc.call.outcome': 'denied' })).toBe(2);
    expect(grown('byoc.health_check.failures', { 'byoc.provider': 'aws', 'byoc.error.code': 'ACCESS_DENIED' })).toBe(1);
  });

  it("reports the clouds in each state from the store's counts, and the queue's depth and oldest wait, while a worker runs", async () => {
    const { byoc, store, jobs } = await setup({ queued: true });
    const drafts = await Promise.all([byoc.create(input), byoc.create(input)]);
    const active = await byoc.create(input);
    await byoc.provision(active.id, 'fake:role');
    let counted = 0;
    const countByState = store.countByState?.bind(store);
    store.countByState = async () => {
      counted += 1;
      return (countByState as NonNullable<typeof countByState>)();
    };
    const scanned = store.list.bind(store);
    let scans = 0;
    store.list = (...args) => {
      scans += 1;
      return scanned(...args);
    };
    const worker = await byoc.startWorker({ concurrency: 1, sweepIntervalMs: 60_000 });
    try {
      await until(
        () => byoc.get(active.id),
        (current) => current.state === 'creating',
      );
      await byoc.markActive(active.id);
      scans = 0;
      // No worker takes deliveries without onTransition: one due now waits; one due in a minute does not yet.
      const waiting = (await jobs.stats?.())?.find((stats) => stats.name === 'byoc-deliver')?.waiting ?? Number.NaN;
      await jobs.send('byoc-deliver', { cloudId: drafts[0]?.id as string });
      await jobs.send('byoc-deliver', { cloudId: drafts[1]?.id as string }, { delayMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 60));
      counted = 0;
      const points = await telemetry.metrics();
      const gauge = (name: string, attribute: string, value: string) =>
        points.find((point) => point.name === name && point.attributes[attribute] === value)?.value;
      expect(gauge('byoc.clouds', 'byoc.state', 'draft')).toBe(2);
      expect(gauge('byoc.clouds', 'byoc.state', 'active')).toBe(1);
      expect(gauge('byoc.clouds', 'byoc.state', 'deleted')).toBe(0);
      expect(counted).toBe(1);
      expect(scans).toBe(0);
      expect(gauge('byoc.queue.depth', 'messaging.destination.name', 'byoc-deliver')).toBe(waiting + 1);
      expect(gauge('byoc.queue.oldest_age', 'messaging.destination.name', 'byoc-deliver')).toBeGreaterThanOrEqual(0.05);
      expect(gauge('byoc.queue.depth', 'messaging.destination.name', 'byoc-verify')).toBe(0);
      expect(gauge('byoc.queue.oldest_age', 'messaging.destination.name', 'byoc-verify')).toBe(0);
    } finally {
      await worker.stop({ graceMs: 1_000 });
    }
    // A stopped worker reports nothing more.
    counted = 0;
    await telemetry.metrics();
    expect(counted).toBe(0);
    await jobs.stop({ graceMs: 100 });
  });
});

describe('setTelemetryEnabled', () => {
  it('turns every span and metric of byoc-kit off while the SDK stays registered, and on again', async () => {
    const { byoc, answers } = await setup();
    const cloud = await byoc.create(input);
    const before = await telemetry.metrics();
    setTelemetryEnabled(false);
    try {
      await byoc.provision(cloud.id, 'fake:role');
      await byoc.markActive(cloud.id);
      answers.set('fake:role', 'denied');
      expect((await byoc.checkHealth(cloud.id)).report.ok).toBe(false);
      expect(telemetry.spans()).toEqual([]);
      expect(await telemetry.metrics()).toEqual(before);
    } finally {
      setTelemetryEnabled(true);
    }
    await byoc.checkHealth(cloud.id);
    expect(telemetry.spansNamed('byoc.health_check')).toHaveLength(1);
    expect(await telemetry.metrics()).not.toEqual(before);
  });
});

describe('errorCodeOf', () => {
  it('gives a code or a name, and never a message', () => {
    expect(errorCodeOf(Object.assign(new Error('secret text'), { code: 'ACCESS_DENIED' }))).toBe('ACCESS_DENIED');
    expect(errorCodeOf(new ThrottlingError('secret text'))).toBe('Throttling');
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 'has spaces and the secret' }))).toBe('Error');
    expect(errorCodeOf('a thrown string with a secret')).toBe('Error');
    expect(errorCodeOf(undefined)).toBe('Error');
  });
});

describe("core's README", () => {
  it('names every span, metric and attribute the tests above saw exported', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const tables = readme.slice(readme.indexOf('## OpenTelemetry'), readme.indexOf('## Code map'));
    const undocumented = [...seen].filter((name) => !tables.includes(`\`${name}\``));
    expect(seen.size).toBeGreaterThan(20);
    expect(undocumented).toEqual([]);
  });
});
