import { generateKeyPairSync } from 'node:crypto';
import { ByocError, type ByocEvents, createByoc, createMemoryStore } from '@byoc-kit/core';
import { captureOutput, expectNoSecrets, setupTestServer } from '@byoc-kit/core/testing';
import { JWT } from 'google-auth-library';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { captureTelemetryInTests } from '../../../tools/telemetry-capture.js';
import { createGcpProvider } from './provider.js';
import { type GoogleCall, googleErrors, googleHandlers, projectResponse, serviceAccountResponse } from './testing/google-responses.js';

const externalId = 'SecretsTestExternalId00000000000';

// No credential reaches a message, a report, a stored record, an event, a log line or an exported
// span or metric, whatever Google answers: the vendor's private key, the token it mints with it, and
// the impersonated token. Nor does the external ID reach the telemetry.

const telemetry = captureTelemetryInTests();

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const privateKeyBody = privateKeyPem.split('\n').slice(1, -2).join('');
const vendorToken = 'ya29.VendorSourceTokenThatMustNeverBeSeen0123456789';
const impersonatedToken = 'ya29.ImpersonatedTokenThatMustNeverBeSeen0123456789';
const serviceAccount = 'cce-018b6442@acme-prod.iam.gserviceaccount.com';
const server = setupTestServer();

type Answer = (call: GoogleCall) => Response | Promise<Response>;
const silent: Answer = () => new Promise<Response>(() => undefined);
const token: Answer = () => HttpResponse.json({ accessToken: impersonatedToken, expireTime: '2030-01-01T00:00:00Z' });

const faults: Record<string, { impersonate?: Answer; test?: Answer; read?: Answer }> = {
  'a verified account': {},
  'impersonation denied': { impersonate: googleErrors.impersonationDenied },
  'a silent IAM Credentials': { impersonate: silent },
  'an impersonation answer without a token': { impersonate: () => HttpResponse.json({}) },
  'missing permissions': { test: () => HttpResponse.json({ permissions: ['resourcemanager.projects.get'] }) },
  'a project that does not exist': { test: () => HttpResponse.json({}), read: googleErrors.notFound },
  'a malformed projects.get': { read: () => HttpResponse.json({ projectNumber: '1' }) },
  'a silent Resource Manager': { read: silent },
  'an unavailable Google': { test: googleErrors.unavailable },
  'bad vendor credentials': { impersonate: googleErrors.unauthenticated },
};

describe('GCP credentials never leak', () => {
  it.each(Object.entries(faults))('keeps every credential out of sight with %s', async (name, answers) => {
    server.use(
      http.post('https://oauth2.googleapis.com/token', () =>
        HttpResponse.json({ access_token: vendorToken, expires_in: 3600, token_type: 'Bearer' }),
      ),
      ...googleHandlers((call) => {
        if (call.api === 'generateAccessToken') return (answers.impersonate ?? token)(call);
        if (call.api === 'getServiceAccount') return serviceAccountResponse(call, externalId);
        if (call.api === 'testIamPermissions')
          return (answers.test ?? ((c) => HttpResponse.json({ permissions: c.body?.permissions })))(call);
        return (answers.read ?? (() => projectResponse('acme-prod')))(call);
      }),
    );
    const output = captureOutput();
    try {
      let time = 1_000_000;
      const gcp = createGcpProvider({
        vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
        sourceClient: new JWT({
          email: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
          key: privateKeyPem,
          scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        }),
        now: () => time,
        sleep: async (milliseconds) => {
          time += milliseconds;
        },
        requestTimeoutMs: 150,
        retry: { deadlineMs: 5_000 },
      });
      const store = createMemoryStore();
      const byoc = createByoc({ providers: [gcp], store, generateExternalId: () => externalId });
      const events: ByocEvents['transition'][] = [];
      byoc.on('transition', (event) => events.push(event));
      const cloud = await byoc.create({
        organizationId: 'org',
        displayName: 'Acme',
        provider: 'gcp',
        region: 'europe-north1',
        reservedCidr: '10.0.0.0/16',
      });
      const outcome = await byoc.provision(cloud.id, serviceAccount).catch((error: unknown) => error);
      // The key really signed in: the verified case goes all the way through.
      if (name === 'a verified account') expect((outcome as { report: { ok: boolean } }).report.ok).toBe(true);
      expectNoSecrets(
        {
          'the report': outcome,
          'the error JSON': ByocError.isInstance(outcome) ? outcome.toJSON() : undefined,
          'stored records': await store.list(),
          events,
          'log lines': output.lines,
        },
        [privateKeyBody.slice(100, 164), vendorToken, impersonatedToken],
      );
      const exported = await telemetry.exported();
      expectNoSecrets({ 'exported spans and metrics': exported }, [
        privateKeyBody.slice(100, 164),
        vendorToken,
        impersonatedToken,
        externalId,
      ]);
      expect(JSON.stringify(exported)).toContain('generateAccessToken');
    } finally {
      output.restore();
    }
  });
});
