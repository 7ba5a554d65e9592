import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTokenStore, createOperatorToken, verifyApiToken } from '../auth/api-tokens.js';
import { startTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { callRoute, startTestBackend, type TestBackend, testOrganization } from '../test-backend.js';
import { activeThenRevoked } from './status-fixtures.js';
import type { StatusReport } from './status-report.js';

// The operators' status: who may read it, and what it says after a verification and a failed health
// check, read from the process's metrics (no SDK exporting: the in-process reader only) and the store.

const base = `/v1/organization/${testOrganization}/custom-cloud-environments`;
let telemetry: Telemetry;
let backend: TestBackend;

beforeAll(async () => {
  telemetry = await startTelemetry({ environment: {} });
});
afterAll(async () => {
  await telemetry.shutdown();
});
afterEach(async () => {
  expect(backend.unexpected).toEqual([]);
  await backend.close();
});

const call = (method: string, path: string, authorization: string | undefined, body?: unknown) =>
  callRoute(backend, method, path, { body, authorization });

describe("the operators' status", () => {
  it('answers 401 without a token, 403 to an organization token and to an onboarding link; an operator token reaches no organization', async () => {
    backend = await startTestBackend({ status: { metrics: telemetry.status } });
    const without = await call('GET', '/v1/byoc-kit/status', undefined);
    expect(without.status).toBe(401);
    expect(without.json().errors[0].code).toBe('UNAUTHENTICATED');
    const organizationToken = await call('GET', '/v1/byoc-kit/status', `aivenv1 ${backend.token}`);
    expect(organizationToken.status).toBe(403);
    expect(organizationToken.json().message).toContain('create-operator');
    const link = await call('GET', '/v1/byoc-kit/status', `Bearer ${backend.links.issue(testOrganization).token}`);
    expect(link.status).toBe(403);
    const before = JSON.stringify(await backend.store.list());
    const operator = `Bearer ${backend.operatorToken}`;
    expect((await call('GET', base, operator)).status).toBe(404);
    expect((await call('POST', base, operator, { display_name: 'x' })).status).toBe(404);
    expect(JSON.stringify(await backend.store.list())).toBe(before);
    const allowed = await call('GET', '/v1/byoc-kit/status', operator);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
  });

  it("says the clouds by state, the verification, the failed health check with its code's meaning and fix, and the queues", async () => {
    backend = await startTestBackend({ status: { metrics: telemetry.status } });
    const id = await activeThenRevoked(backend);
    const response = await call('GET', '/v1/byoc-kit/status', `Bearer ${backend.operatorToken}`);
    expect(response.status).toBe(200);
    const status = response.json() as StatusReport;
    expect(status.clouds).toMatchObject({ active: 1, draft: 0, disconnected: 0 });
    expect(status.verifications).toContainEqual(expect.objectContaining({ provider: 'aws', outcome: 'ok', count: 1 }));
    expect(status.healthCheckFailures).toEqual([
      { provider: 'aws', code: 'ACCESS_REVOKED', count: 1, description: expect.stringContaining('customer must restore the access') },
    ]);
    expect(status.cloudCalls).toContainEqual(expect.objectContaining({ service: 'STS', method: 'AssumeRole', outcome: 'denied' }));
    expect(status.throttledCalls).toBe(0);
    expect(status.queues.map((queue) => queue.name).sort()).toEqual(['byoc-deliver', 'byoc-health', 'byoc-sweep', 'byoc-verify']);
    expect(status.recentFailures).toEqual([
      expect.objectContaining({
        cloudId: id,
        organizationId: testOrganization,
        kind: 'health-check',
        actor: 'health-monitor',
        code: 'ACCESS_REVOKED',
        description: expect.stringContaining('verified before'),
        message: expect.stringContaining('with the external ID <external ID>, or an organization SCP'),
      }),
    ]);
    // Ids, codes and messages: never the cloud's external ID, which the message of a denied AssumeRole names.
    expect(response.text).not.toContain((await backend.byoc.get(id)).externalId);
  });

  it('serves the page and its files under the content security policy, and no other file', async () => {
    backend = await startTestBackend({ status: { metrics: telemetry.status } });
    const page = await call('GET', '/status', undefined);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('/status/assets/status.js');
    expect((await call('GET', '/status/assets/status.js', undefined)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await call('GET', '/status/assets/status.css', undefined)).status).toBe(200);
    expect((await call('GET', '/status/assets/onboarding.js', undefined)).status).toBe(404);
    expect((await call('GET', '/status/assets/__proto__', undefined)).status).toBe(404);
  });

  it('is absent from a backend not given the metrics', async () => {
    backend = await startTestBackend();
    expect((await call('GET', '/v1/byoc-kit/status', `Bearer ${backend.operatorToken}`)).status).toBe(404);
    expect((await call('GET', '/status', undefined)).status).toBe(404);
  });
});

describe('operator tokens', () => {
  it('verify with no organization, survive the deletion of every organization, and refuse a bad name', async () => {
    const tokens = createMemoryTokenStore();
    const { token, record } = await createOperatorToken(tokens, { name: 'on-call' });
    expect(record).toMatchObject({ operator: true, organizationIds: [], name: 'on-call' });
    expect(await tokens.removeOrganization('org123')).toBe(0);
    expect(await verifyApiToken(tokens, token)).toEqual(record);
    await expect(createOperatorToken(tokens, { name: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(await tokens.list()).toEqual([record]);
  });
});
