import { makeCustomCloud, setupTestServer } from '@byoc-kit/core/testing';
import { OAuth2Client } from 'google-auth-library';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseServiceAccount } from '../access/service-account.js';
import { createGcpProvider } from '../provider.js';
import type { GcpProviderSettings } from '../settings.js';
import {
  accessTokenResponse,
  type GoogleCall,
  googleErrors,
  googleHandlers,
  projectResponse,
  serviceAccountResponse,
} from '../testing/google-responses.js';

// Google answers an outside test sent to break verification: bodies without their fields, a
// project that does not exist, APIs that never answer; and service accounts Google would refuse.

const serviceAccount = 'cce-018b6442@acme-prod.iam.gserviceaccount.com';
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme',
  provider: 'gcp',
  region: 'europe-north1',
  reservedCidr: '10.0.0.0/16',
});
const server = setupTestServer();
const permissions = ['compute.instances.create', 'monitoring.timeSeries.list', 'resourcemanager.projects.get'];

function vendorClient() {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'vendor-source-token', expiry_date: Date.now() + 3_600_000 });
  return client;
}

function provider(overrides: Partial<GcpProviderSettings> = {}) {
  let time = 5_000_000;
  return createGcpProvider({
    vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
    sourceClient: vendorClient(),
    permissions,
    now: () => time,
    sleep: async (milliseconds) => {
      time += milliseconds;
    },
    random: () => 0.5,
    retry: { deadlineMs: 60_000 },
    ...overrides,
  });
}

type Answer = (call: GoogleCall) => Response | Promise<Response>;
function google(answers: { impersonate?: Answer; account?: Answer; test?: Answer; read?: Answer }) {
  const calls: GoogleCall[] = [];
  server.use(
    ...googleHandlers((call) => {
      calls.push(call);
      if (call.api === 'generateAccessToken') return (answers.impersonate ?? accessTokenResponse)(call);
      if (call.api === 'getServiceAccount') return (answers.account ?? ((c) => serviceAccountResponse(c, cloud.externalId)))(call);
      if (call.api === 'testIamPermissions') return (answers.test ?? (() => HttpResponse.json({ permissions })))(call);
      return (answers.read ?? (() => projectResponse('acme-prod')))(call);
    }),
  );
  return calls;
}

const silent: Answer = () => new Promise<Response>(() => undefined);

describe('verifyAccess against hostile Google answers', () => {
  describe('answers that are not well-formed results', () => {
    it.each([
      ['a projects.get body without its fields', { read: () => HttpResponse.json({}) }],
      ['a projects.get body that is not JSON', { read: () => new HttpResponse('<html>proxy</html>', { status: 200 }) }],
      ['a testIamPermissions body whose permissions are not a list', { test: () => HttpResponse.json({ permissions: 'all' }) }],
      ['a testIamPermissions body of null', { test: () => HttpResponse.json(null) }],
      ['a serviceAccounts.get body without its email', { account: () => HttpResponse.json({ description: 'byoc-binding:x' }) }],
      ['a serviceAccounts.get body that is not JSON', { account: () => new HttpResponse('<html>proxy</html>', { status: 200 }) }],
    ] as [string, { read?: Answer; test?: Answer; account?: Answer }][])(
      'treats %s as a transport fault, retried to GCP_UNAVAILABLE',
      async (_, answers) => {
        const calls = google(answers);
        const gcp = provider();
        const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { deadlineMs: 20_000 });
        expect(report).toMatchObject({ ok: false, error: { code: 'GCP_UNAVAILABLE', isRetryable: true } });
        expect(report.error?.message).toContain('not a well-formed result');
        expect(calls.length).toBeGreaterThan(3);
      },
    );

    it('recovers when a malformed projects.get answer is followed by a good one', async () => {
      let first = true;
      google({
        read: () => {
          if (!first) return projectResponse('acme-prod');
          first = false;
          return HttpResponse.json({ projectNumber: '1' });
        },
      });
      const gcp = provider();
      expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount))).ok).toBe(true);
    });
  });

  describe('descriptions that try to pass for a binding', () => {
    it.each([
      ['the binding later in the text', 'Impersonated by the vendor. byoc-binding:TestExternalId0123456789abcdefXY'],
      ['the binding with a suffix glued on', 'byoc-binding:TestExternalId0123456789abcdefXYZ more'],
      ['a prefix of the binding', 'byoc-binding:TestExternalId0123456789abcde'],
      ['another case', 'BYOC-BINDING:TestExternalId0123456789abcdefXY'],
      ['a binding split by a newline', 'byoc-binding:\nTestExternalId0123456789abcdefXY'],
    ])('refuses %s', async (_, description) => {
      expect(cloud.externalId).toBe('TestExternalId0123456789abcdefXY');
      google({ account: () => HttpResponse.json({ email: serviceAccount, description }) });
      const gcp = provider();
      expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount))).error?.code).toBe('SERVICE_ACCOUNT_NOT_BOUND');
    });
  });

  describe('a project that does not exist', () => {
    it('answers PROJECT_NOT_FOUND at once when testIamPermissions grants nothing and the project is 404', async () => {
      const calls = google({ test: () => HttpResponse.json({}), read: googleErrors.notFound });
      const gcp = provider();
      const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
      expect(report).toMatchObject({ ok: false, error: { code: 'PROJECT_NOT_FOUND', isRetryable: false } });
      expect(report.elapsedMs).toBe(0);
      expect(calls.map((call) => call.api)).toEqual(['generateAccessToken', 'getServiceAccount', 'testIamPermissions', 'getProject']);
    });

    it('still reports each missing permission when the project exists but grants nothing', async () => {
      google({ test: () => HttpResponse.json({}), read: googleErrors.permissionDenied });
      const gcp = provider();
      const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { deadlineMs: 10_000 });
      expect(report.error?.code).toBe('PERMISSIONS_MISSING');
      for (const permission of permissions) expect(report.error?.message).toContain(permission);
    });
  });

  describe('APIs that never answer', () => {
    it.each([
      ['IAM Credentials', { impersonate: silent }],
      ['Resource Manager testIamPermissions', { test: silent }],
      ['Resource Manager projects.get', { read: silent }],
    ] as [string, { impersonate?: Answer; test?: Answer; read?: Answer }][])(
      'times out %s and ends at the deadline',
      async (_, answers) => {
        google(answers);
        const gcp = provider({ now: Date.now, sleep: async () => undefined, requestTimeoutMs: 200 });
        const started = Date.now();
        const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { deadlineMs: 1_200 });
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(report).toMatchObject({ ok: false, error: { code: 'GCP_UNAVAILABLE' } });
      },
    );

    it('cuts a call in flight at the deadline, however long its own timeout', async () => {
      google({ read: silent });
      const gcp = provider({ now: Date.now, requestTimeoutMs: 120_000 });
      const started = Date.now();
      const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { deadlineMs: 700 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(report.error?.code).toBe('GCP_UNAVAILABLE');
      expect(report.error?.message).toContain('still running at the deadline');
    });
  });

  describe('service accounts Google would refuse', () => {
    it.each([
      'cce-018b6442@my-google-prod.iam.gserviceaccount.com',
      'cce-018b6442@googleproject.iam.gserviceaccount.com',
      'cce-018b6442@ssl-prod.iam.gserviceaccount.com',
    ])('refuses %s: a project id with a restricted word', (email) => {
      expect(() => parseServiceAccount(email)).toThrow(expect.objectContaining({ code: 'SERVICE_ACCOUNT_INVALID' }));
    });

    it.each([
      { serviceAccount, externalId: 'x' },
      { privilege_bearing_service_account_id: serviceAccount, project: 'acme-prod' },
      { email: serviceAccount },
    ])('refuses unknown keys in %j with INPUT_UNKNOWN_KEY', (input) => {
      expect(() => parseServiceAccount(input)).toThrow(expect.objectContaining({ code: 'INPUT_UNKNOWN_KEY' }));
    });
  });
});
