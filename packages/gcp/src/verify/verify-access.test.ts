import { makeCustomCloud, setupTestServer } from '@byoc-kit/core/testing';
import { OAuth2Client } from 'google-auth-library';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { defaultGcpBlueprint } from '../blueprint/default.js';
import type { GcpBlueprintInput } from '../blueprint/define.js';
import { createGcpProvider } from '../provider.js';
import type { GcpProviderSettings } from '../settings.js';
import {
  accessTokenResponse,
  type GoogleCall,
  googleErrors,
  googleHandlers,
  impersonatedToken,
  projectResponse,
  serviceAccountResponse,
} from '../testing/google-responses.js';

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

function fakeClock() {
  let time = 5_000_000;
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

function vendorClient() {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'vendor-source-token', expiry_date: Date.now() + 3_600_000 });
  return client;
}

function provider(clock = fakeClock(), overrides: Partial<GcpProviderSettings> = {}) {
  return createGcpProvider({
    vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
    sourceClient: vendorClient(),
    permissions,
    now: clock.now,
    sleep: clock.sleep,
    random: clock.random,
    ...overrides,
  });
}

type Step = (call: GoogleCall) => Response;
function scriptedGoogle(script: { impersonate?: Step[]; account?: Step[]; test?: Step[]; read?: Step[] }) {
  const calls: GoogleCall[] = [];
  const steps = { generateAccessToken: 0, getServiceAccount: 0, testIamPermissions: 0, getProject: 0 };
  const pick = (list: Step[] | undefined, api: keyof typeof steps, fallback: Step) => {
    const index = steps[api]++;
    return list ? (list[Math.min(index, list.length - 1)] as Step) : fallback;
  };
  server.use(
    ...googleHandlers((call) => {
      calls.push(call);
      if (call.api === 'generateAccessToken') return pick(script.impersonate, call.api, accessTokenResponse)(call);
      if (call.api === 'getServiceAccount') return pick(script.account, call.api, boundTo(cloud.externalId))(call);
      if (call.api === 'testIamPermissions') return pick(script.test, call.api, grantAll)(call);
      return pick(script.read, call.api, () => projectResponse('acme-prod'))(call);
    }),
  );
  return calls;
}

/** The account as the template leaves it: its description bound to `externalId` (undefined: no binding). */
const boundTo =
  (externalId: string | undefined): Step =>
  (call) =>
    serviceAccountResponse(call, externalId);
const grantAll: Step = (call) => HttpResponse.json({ permissions: call.body?.permissions as string[] });
const grantSome: Step = () => HttpResponse.json({ permissions: ['resourcemanager.projects.get'] });

describe('verifyAccess (GCP)', () => {
  it("tests the custom permissions of the blueprint's access account", async () => {
    const calls = scriptedGoogle({});
    const withBlueprint = provider(fakeClock(), {
      blueprint: {
        ...structuredClone(defaultGcpBlueprint),
        serviceAccounts: [
          {
            ...structuredClone(defaultGcpBlueprint.serviceAccounts[0]),
            projectRoles: [
              {
                id: 'vendor',
                custom: {
                  roleId: 'vendor',
                  title: 'Vendor',
                  description: 'Vendor.',
                  permissions: ['container.clusters.get', 'compute.zones.list'],
                },
              },
              { id: 'logs', predefined: 'roles/logging.logWriter' },
            ],
          },
        ],
      } as GcpBlueprintInput,
    });
    const report = await withBlueprint.verifyAccess(cloud, withBlueprint.parseAccess(serviceAccount));
    expect(report.ok).toBe(true);
    expect(calls.find((call) => call.api === 'testIamPermissions')?.body).toEqual({
      permissions: ['compute.zones.list', 'container.clusters.get'],
    });
  });

  it('impersonates, tests the permissions and reads the project, with the impersonated token', async () => {
    const calls = scriptedGoogle({});
    const gcp = provider();
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report).toMatchObject({ ok: true, attempts: 4 });
    expect(report.checks.map((check) => check.id)).toEqual([
      'impersonate_service_account',
      'service_account_bound',
      'permissions_granted',
      'project_read',
    ]);
    const [impersonation, self, test, read] = calls;
    expect(impersonation?.url).toBe(
      `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`,
    );
    expect(impersonation?.token).toBe('vendor-source-token');
    expect(impersonation?.body).toMatchObject({ scope: ['https://www.googleapis.com/auth/cloud-platform'] });
    expect(self?.url).toBe(`https://iam.googleapis.com/v1/projects/acme-prod/serviceAccounts/${encodeURIComponent(serviceAccount)}`);
    expect(self?.token).toBe(impersonatedToken);
    expect(test?.url).toBe('https://cloudresourcemanager.googleapis.com/v1/projects/acme-prod:testIamPermissions');
    expect(test?.body).toEqual({ permissions });
    expect(test?.token).toBe(impersonatedToken);
    expect(read?.url).toBe('https://cloudresourcemanager.googleapis.com/v1/projects/acme-prod');
    expect(read?.token).toBe(impersonatedToken);
    // Every call with the impersonated token says why, for the customer's audit logs.
    for (const call of [self, test, read])
      expect(call?.reason).toBe(`byoc-kit custom-cloud=${cloud.id} actor=byoc-kit purpose=verification`);
  });

  it("names the actor and the purpose in each call's request reason", async () => {
    const calls = scriptedGoogle({});
    const gcp = provider();
    await gcp.checkHealth?.(cloud, gcp.parseAccess(serviceAccount), { actor: 'health-monitor', purpose: 'health-check' });
    const reasons = calls.filter((call) => call.api !== 'generateAccessToken').map((call) => call.reason);
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons)).toEqual(new Set([`byoc-kit custom-cloud=${cloud.id} actor=health-monitor purpose=health-check`]));
  });

  it('ends verified when impersonation starts working after three denials', async () => {
    const clock = fakeClock();
    scriptedGoogle({
      impersonate: [
        googleErrors.impersonationDenied,
        googleErrors.impersonationDenied,
        googleErrors.impersonationDenied,
        accessTokenResponse,
      ],
    });
    const gcp = provider(clock);
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report.ok).toBe(true);
    expect(clock.waits).toEqual([2500, 5000, 10000]);
  });

  it('reports IMPERSONATION_DENIED with the fix when the denial lasts until the deadline', async () => {
    const clock = fakeClock();
    scriptedGoogle({ impersonate: [googleErrors.impersonationDenied] });
    const gcp = provider(clock, { retry: { jitter: 'none' } });
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('IMPERSONATION_DENIED');
    expect(report.error?.message).toContain('roles/iam.serviceAccountTokenCreator');
    expect(report.elapsedMs).toBe(420_000);
  });

  it('reports each missing permission with PERMISSIONS_MISSING', async () => {
    scriptedGoogle({ test: [grantSome] });
    const gcp = provider(fakeClock(), { retry: { deadlineMs: 30_000 } });
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report.error?.code).toBe('PERMISSIONS_MISSING');
    expect(report.error?.message).toContain('compute.instances.create, monitoring.timeSeries.list');
    // The same list for programs, as the AWS adapter gives its denied actions.
    expect(report.error?.details?.missing).toEqual(
      expect.arrayContaining([{ permission: 'compute.instances.create' }, { permission: 'monitoring.timeSeries.list' }]),
    );
    expect(report.checks.find((check) => check.id === 'permissions_granted')?.ok).toBe(false);
  });

  it('waits for permissions that propagate', async () => {
    scriptedGoogle({ test: [grantSome, grantSome, grantAll] });
    const gcp = provider();
    expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount))).ok).toBe(true);
  });

  it('reports a missing project as PROJECT_NOT_FOUND, not as missing permissions', async () => {
    const calls = scriptedGoogle({ test: [googleErrors.notFound] });
    const gcp = provider();
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report.error?.code).toBe('PROJECT_NOT_FOUND');
    expect(calls.filter((call) => call.api === 'testIamPermissions')).toHaveLength(1);
  });

  it('reports a project being deleted as PROJECT_NOT_FOUND', async () => {
    scriptedGoogle({ read: [() => projectResponse('acme-prod', 'DELETE_REQUESTED')] });
    const gcp = provider();
    expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount))).error?.code).toBe('PROJECT_NOT_FOUND');
  });

  it('fails when the permission test passes but the real read stays denied', async () => {
    scriptedGoogle({ read: [googleErrors.permissionDenied] });
    const gcp = provider(fakeClock(), { retry: { deadlineMs: 60_000 } });
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('PROPAGATION_TIMEOUT');
    expect(report.checks.map((check) => [check.id, check.ok])).toEqual([
      ['impersonate_service_account', true],
      ['service_account_bound', true],
      ['permissions_granted', true],
      ['project_read', false],
    ]);
  });

  it('retries 503 answers, and reports GCP_UNAVAILABLE when they last', async () => {
    scriptedGoogle({ read: [googleErrors.unavailable, () => projectResponse('acme-prod')] });
    const gcp = provider();
    expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount))).ok).toBe(true);
    scriptedGoogle({ test: [googleErrors.unavailable] });
    expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { deadlineMs: 20_000 })).error?.code).toBe('GCP_UNAVAILABLE');
  });

  it("reports the vendor's own refused credentials without retrying", async () => {
    const clock = fakeClock();
    scriptedGoogle({ impersonate: [googleErrors.unauthenticated] });
    const gcp = provider(clock);
    const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
    expect(report).toMatchObject({ ok: false, attempts: 1, error: { code: 'VENDOR_CREDENTIALS_INVALID' } });
    expect(clock.waits).toEqual([]);
  });

  it('stops when its AbortSignal fires', async () => {
    scriptedGoogle({ impersonate: [googleErrors.impersonationDenied] });
    const controller = new AbortController();
    const clock = fakeClock();
    const gcp = provider(clock, {
      sleep: async (milliseconds, signal) => {
        controller.abort();
        await clock.sleep(milliseconds, signal);
      },
    });
    expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { signal: controller.signal })).error?.code).toBe('ABORTED');
  });

  describe('the binding of the service account to its cloud (confused deputy)', () => {
    const otherCloud = makeCustomCloud(
      { organizationId: 'org-b', displayName: 'Intruder', provider: 'gcp', region: 'europe-north1', reservedCidr: '10.9.0.0/16' },
      { id: '00000000-0000-4000-8000-00000000000b', externalId: 'IntruderCloudExternalId000000000000' },
    );

    it("refuses an account bound to another cloud at once, without naming that cloud's value", async () => {
      const clock = fakeClock();
      // Organization B returns organization A's account: it carries A's cloud's external ID.
      const calls = scriptedGoogle({ account: [boundTo(cloud.externalId)] });
      const gcp = provider(clock);
      const report = await gcp.verifyAccess(otherCloud, gcp.parseAccess(serviceAccount));
      expect(report).toMatchObject({ ok: false, error: { code: 'SERVICE_ACCOUNT_NOT_BOUND', isRetryable: false, fault: 'customer' } });
      expect(report.error?.message).toContain(`is bound to another custom cloud, not to custom cloud ${otherCloud.id}`);
      expect(report.error?.message).toContain('byoc-binding:<external ID>');
      expect(JSON.stringify(report)).not.toContain(cloud.externalId);
      expect(report.checks.map((check) => [check.id, check.ok])).toEqual([
        ['impersonate_service_account', true],
        ['service_account_bound', false],
      ]);
      // Nothing else was asked of the project, and nothing was retried.
      expect(calls.map((call) => call.api)).toEqual(['generateAccessToken', 'getServiceAccount']);
      expect(clock.waits).toEqual([]);
    });

    it('refuses an account without a binding, or without a description, on a first verification', async () => {
      for (const description of [undefined, null]) {
        scriptedGoogle({ account: [(call) => serviceAccountResponse(call, description)] });
        const gcp = provider();
        const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount));
        expect(report.error?.code, String(description)).toBe('SERVICE_ACCOUNT_NOT_BOUND');
        expect(report.error?.message).toContain('carries no custom-cloud binding in its description');
      }
    });

    it('waits for the grant that lets the account read itself, then reports SERVICE_ACCOUNT_NOT_BOUND with the fix', async () => {
      scriptedGoogle({ account: [googleErrors.permissionDenied, googleErrors.permissionDenied, boundTo(cloud.externalId)] });
      const gcp = provider();
      expect((await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount))).ok).toBe(true);
      scriptedGoogle({ account: [googleErrors.permissionDenied] });
      const report = await gcp.verifyAccess(cloud, gcp.parseAccess(serviceAccount), { deadlineMs: 30_000 });
      expect(report.error).toMatchObject({ code: 'SERVICE_ACCOUNT_NOT_BOUND', isRetryable: true });
      expect(report.error?.message).toContain('roles/iam.serviceAccountViewer on itself only');
    });

    it('refuses an account bound to another cloud in every health check', async () => {
      const gcp = provider();
      const current = gcp.describeTemplate?.().version;
      scriptedGoogle({ account: [boundTo(cloud.externalId)] });
      const report = await gcp.checkHealth?.({ ...otherCloud, templateVersion: current }, gcp.parseAccess(serviceAccount));
      expect(report?.error?.code).toBe('SERVICE_ACCOUNT_NOT_BOUND');
      // Even on a cloud verified before bindings existed: another cloud's binding is never an upgrade to wait for.
      const legacy = await gcp.checkHealth?.(
        { ...otherCloud, templateVersion: 'sha256:0123456789abcdef' },
        gcp.parseAccess(serviceAccount),
      );
      expect(legacy?.error?.code).toBe('SERVICE_ACCOUNT_NOT_BOUND');
    });

    it('lets a cloud verified on an older template keep passing health checks until its upgrade binds it, then records the version', async () => {
      const gcp = provider();
      const current = gcp.describeTemplate?.().version as string;
      const legacy = { ...cloud, templateVersion: 'sha256:0123456789abcdef' };
      scriptedGoogle({ account: [boundTo(undefined)] });
      const pending = await gcp.checkHealth?.(legacy, gcp.parseAccess(serviceAccount));
      expect(pending).toMatchObject({ ok: true });
      expect(pending?.templateVersion).toBeUndefined();
      expect(pending?.checks.find((check) => check.id === 'service_account_bound')?.detail).toContain(
        'has not applied the template upgrade',
      );
      scriptedGoogle({ account: [googleErrors.permissionDenied] });
      expect((await gcp.checkHealth?.(legacy, gcp.parseAccess(serviceAccount)))?.ok).toBe(true);
      scriptedGoogle({});
      expect(await gcp.checkHealth?.(legacy, gcp.parseAccess(serviceAccount))).toMatchObject({ ok: true, templateVersion: current });
      // A cloud on the current template has no such grace.
      scriptedGoogle({ account: [boundTo(undefined)] });
      expect((await gcp.checkHealth?.({ ...cloud, templateVersion: current }, gcp.parseAccess(serviceAccount)))?.error?.code).toBe(
        'SERVICE_ACCOUNT_NOT_BOUND',
      );
    });
  });
});
