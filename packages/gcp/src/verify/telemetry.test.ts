import { createByoc, createMemoryStore } from '@byoc-kit/core';
import { setupTestServer } from '@byoc-kit/core/testing';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OAuth2Client } from 'google-auth-library';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { captureTelemetryInTests, parentOf } from '../../../../tools/telemetry-capture.js';
import { createGcpProvider } from '../provider.js';
import { accessTokenResponse, googleError, googleHandlers, projectResponse, serviceAccountResponse } from '../testing/google-responses.js';

// Google's calls of a verification as OpenTelemetry exports them: HTTP client spans (named by the
// method, http.request.method, server.address, http.response.status_code) that also name the API
// and the call (rpc.service, rpc.method) for the byoc.cloud_calls counter, under byoc.verify. The
// URL is never an attribute: it names the customer's project and service account.

const telemetry = captureTelemetryInTests();

const server = setupTestServer();
const serviceAccount = 'cce-telemetry@acme-prod.iam.gserviceaccount.com';

function service() {
  let time = 5_000_000;
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'vendor-source-token', expiry_date: Date.now() + 3_600_000 });
  const gcp = createGcpProvider({
    vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
    sourceClient: client,
    permissions: ['compute.instances.create', 'resourcemanager.projects.get'],
    now: () => time,
    sleep: async (milliseconds) => {
      time += milliseconds;
    },
    random: () => 0.5,
  });
  return createByoc({ providers: [gcp], store: createMemoryStore() });
}

describe("Google's calls of a verification, traced", () => {
  it('exports each call as an HTTP client span under byoc.verify, and counts a throttled one', async () => {
    const byoc = service();
    const cloud = await byoc.create({
      organizationId: 'org',
      displayName: 'Traced',
      provider: 'gcp',
      region: 'europe-north1',
      reservedCidr: '10.0.0.0/16',
      contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
    });
    let throttled = false;
    server.use(
      ...googleHandlers((call) => {
        if (call.api === 'generateAccessToken') return accessTokenResponse();
        if (call.api === 'getServiceAccount') return serviceAccountResponse(call, cloud.externalId);
        if (call.api === 'testIamPermissions') {
          if (!throttled) {
            throttled = true;
            return googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric Read requests.');
          }
          return HttpResponse.json({ permissions: call.body?.permissions });
        }
        return projectResponse('acme-prod');
      }),
    );
    const before = await telemetry.metrics();
    const { report } = await byoc.provision(cloud.id, serviceAccount);
    expect(report.ok, JSON.stringify(report.error)).toBe(true);

    const [verify] = telemetry.spansNamed('byoc.verify');
    expect(verify?.attributes).toMatchObject({ 'byoc.provider': 'gcp', 'byoc.outcome': 'ok' });
    const calls = telemetry.spans().filter((span) => span.attributes['rpc.system'] === 'gcp-api');
    expect(calls.map((span) => `${span.name} ${span.attributes['rpc.service']} ${span.attributes['rpc.method']}`)).toEqual([
      'POST IAM Credentials generateAccessToken',
      'GET IAM serviceAccounts.get',
      'POST Resource Manager testIamPermissions',
      'POST Resource Manager testIamPermissions',
      'GET Resource Manager projects.get',
    ]);
    for (const span of calls) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(span)).toBe(verify?.spanContext().spanId);
      expect(span.attributes['http.request.method']).toBe(span.name);
      expect(String(span.attributes['server.address'])).toMatch(/^[a-z]+\.googleapis\.com$/);
    }
    expect(calls.slice(1).map((span) => span.attributes['http.response.status_code'])).toEqual([200, 429, 200, 200]);
    expect(calls[2]?.attributes).toMatchObject({ 'byoc.call.outcome': 'throttled', 'error.type': 'GoogleApiError' });
    expect(calls[2]?.status.code).toBe(SpanStatusCode.ERROR);
    const exported = JSON.stringify(await telemetry.exported());
    for (const customerName of [serviceAccount, 'acme-prod', cloud.externalId]) expect(exported).not.toContain(customerName);

    const after = await telemetry.metrics();
    const count = (points: typeof after, method: string, outcome: string) =>
      points
        .filter(
          (point) =>
            point.name === 'byoc.cloud_calls' &&
            point.attributes['rpc.system'] === 'gcp-api' &&
            point.attributes['rpc.method'] === method &&
            point.attributes['byoc.call.outcome'] === outcome,
        )
        .reduce((sum, point) => sum + (point.value as number), 0);
    expect(count(after, 'testIamPermissions', 'throttled') - count(before, 'testIamPermissions', 'throttled')).toBe(1);
    expect(count(after, 'testIamPermissions', 'ok') - count(before, 'testIamPermissions', 'ok')).toBe(1);
    expect(count(after, 'generateAccessToken', 'ok') - count(before, 'generateAccessToken', 'ok')).toBe(1);
  });
});
