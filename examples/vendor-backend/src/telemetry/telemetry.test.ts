import { SpanKind } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { eventually, startTestBackend, type TestBackend, testOrganization } from '../test-backend.js';
import { startTelemetry, type Telemetry } from './telemetry.js';

// The backend as main.ts runs it with OTEL_EXPORTER_OTLP_ENDPOINT set (the OpenTelemetry Node SDK),
// its exporters swapped for in-memory ones: the spans and metrics of one journey, as a collector gets them.

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const roleArn = 'arn:aws:iam::123456789012:role/cce-telemetry-role';
// The trace of the vendor's own caller (an API gateway, a script), continued by the backend.
const callerTrace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
let telemetry: Telemetry;
let backend: TestBackend;

beforeAll(async () => {
  telemetry = await startTelemetry({ environment: {}, spanExporter: spans, metricExporter, metricIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await telemetry.shutdown();
});
afterEach(async () => {
  expect(backend.unexpected).toEqual([]);
  await backend.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${backend.origin}/v1/organization/${testOrganization}/custom-cloud-environments${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `aivenv1 ${backend.token}`, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    json: (await response.json()) as { custom_cloud_environment: { custom_cloud_environment_id: string } },
  };
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const named = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);
const one = (name: string) => {
  const found = named(name);
  expect(found, name).toHaveLength(1);
  return found[0] as ReadableSpan;
};
/** Whether `span` is under `ancestor`, however deep. */
function descends(span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.getFinishedSpans().map((each) => [each.spanContext().spanId, each]));
  for (let parent = parentOf(span); parent !== undefined; parent = byId.get(parent) && parentOf(byId.get(parent) as ReadableSpan)) {
    if (parent === ancestor.spanContext().spanId) return true;
  }
  return false;
}

it('traces a provision from the HTTP request through the queued job to the STS calls of its verification, and meters it', async () => {
  backend = await startTestBackend({ status: { metrics: telemetry.status } });
  const created = await call('POST', '', {
    cloud_provider: 'aws',
    cloud_region: 'eu-north-1',
    deployment_model: 'standard',
    display_name: 'Traced cloud',
    reserved_cidr: '10.40.0.0/16',
    contact_emails: [{ email: 'ops@example.com', real_name: 'Ops', role: 'Admin' }],
  });
  expect(created.status).toBe(201);
  const id = created.json.custom_cloud_environment.custom_cloud_environment_id;
  const provisioned = await call(
    'POST',
    `/${id}/provision`,
    { aws_iam_role_arn: roleArn },
    { traceparent: `00-${callerTrace.traceId}-${callerTrace.spanId}-01` },
  );
  expect(provisioned.status).toBe(200);
  await eventually(async () => ((await backend.byoc.get(id)).state === 'creating' ? true : undefined));
  // The job's span ends once the job has settled, a moment after the state changed; the SDK batches spans.
  await eventually(async () => {
    await telemetry.flush();
    return named('byoc.job').length > 0 ? true : undefined;
  });

  // The request: a SERVER span named by its route, continuing the caller's trace.
  const request = one('POST /v1/organization/:organizationId/custom-cloud-environments/:id/provision');
  expect(request.kind).toBe(SpanKind.SERVER);
  expect(request.spanContext().traceId).toBe(callerTrace.traceId);
  expect(parentOf(request)).toBe(callerTrace.spanId);
  expect(request.attributes).toMatchObject({
    'http.request.method': 'POST',
    'http.route': '/v1/organization/:organizationId/custom-cloud-environments/:id/provision',
    'http.response.status_code': 200,
  });
  expect(one('POST /v1/organization/:organizationId/custom-cloud-environments').attributes['http.response.status_code']).toBe(201);

  // The job the request queued: a CONSUMER span linked to the request, the verification its child.
  const job = named('byoc.job').find((span) => span.attributes['messaging.destination.name'] === 'byoc-verify') as ReadableSpan;
  expect(job.kind).toBe(SpanKind.CONSUMER);
  expect(job.attributes).toMatchObject({ 'messaging.operation.type': 'process', 'byoc.cloud.id': id });
  expect(job.links.map((link) => link.context.spanId)).toEqual([request.spanContext().spanId]);
  const verify = one('byoc.verify');
  expect(parentOf(verify)).toBe(job.spanContext().spanId);
  expect(verify.attributes).toMatchObject({ 'byoc.cloud.id': id, 'byoc.provider': 'aws', 'byoc.outcome': 'ok' });
  expect(verify.attributes['byoc.attempts']).toBeGreaterThanOrEqual(1);
  const checks = named('byoc.check');
  expect(checks.length).toBeGreaterThan(1);
  for (const check of checks) expect(parentOf(check)).toBe(verify.spanContext().spanId);

  // The cloud calls: AWS SDK client spans under the verification, with the STS stand-in's request ids.
  const assumeRole = named('STS/AssumeRole');
  expect(assumeRole.length).toBeGreaterThan(0);
  for (const call of assumeRole) {
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(descends(call, verify)).toBe(true);
    expect(call.attributes).toMatchObject({ 'rpc.system': 'aws-api', 'rpc.service': 'STS', 'rpc.method': 'AssumeRole' });
    expect(call.attributes['aws.request_id']).toMatch(/^[0-9a-f-]{32,36}$/);
  }

  // The metrics, as the OTLP reader exports them and as the status page reads them.
  const exported = metricExporter.getMetrics().at(-1);
  const core = exported?.scopeMetrics.find((scope) => scope.scope.name === '@byoc-kit/core');
  expect(core?.metrics.map((metric) => metric.descriptor.name)).toEqual(
    expect.arrayContaining(['byoc.verification.duration', 'byoc.cloud_calls', 'byoc.clouds', 'byoc.queue.depth']),
  );
  const status = await telemetry.status.read();
  expect(status.clouds).toMatchObject({ creating: 1, draft: 0, active: 0 });
  expect(status.verifications).toEqual([expect.objectContaining({ provider: 'aws', outcome: 'ok', count: 1 })]);
  expect(status.cloudCalls).toEqual(
    expect.arrayContaining([expect.objectContaining({ service: 'STS', method: 'AssumeRole', outcome: 'ok' })]),
  );
  expect(status.queues.map((queue) => queue.name)).toEqual(expect.arrayContaining(['byoc-verify', 'byoc-health']));
});
