import { afterEach, describe, expect, it } from 'vitest';
import { callRoute, eventually, startTestBackend, type TestBackend, testOrganization } from '../test-backend.js';
import { createRateLimiter } from './rate-limit.js';

// Who may call which route: every route of an organization, for callers without credentials, with
// bad ones, and with another organization's. Each refusal leaves the store as it was, byte for byte.

const base = `/v1/organization/${testOrganization}/custom-cloud-environments`;
const onboarding = `/v1/byoc-kit/onboarding/organization/${testOrganization}`;
const roleArn = 'arn:aws:iam::123456789012:role/cce-auth-iam-role';
const createBody = {
  cloud_provider: 'aws',
  cloud_region: 'eu-north-1',
  deployment_model: 'standard',
  display_name: 'Guarded',
  reserved_cidr: '10.0.0.0/16',
  contact_emails: [{ email: 'admin@acme.example', role: 'Admin' }],
};

/** Every route under an organization, as [method, path, body]; `{org}` and `{id}` are filled in. */
const routes: [string, string, unknown?][] = [
  ['GET', '/v1/organization/{org}/custom-cloud-environments'],
  ['POST', '/v1/organization/{org}/custom-cloud-environments', createBody],
  ['GET', '/v1/organization/{org}/custom-cloud-environments/{id}'],
  ['PUT', '/v1/organization/{org}/custom-cloud-environments/{id}', { display_name: 'Taken over' }],
  ['POST', '/v1/organization/{org}/custom-cloud-environments/{id}/provision', { aws_iam_role_arn: roleArn }],
  ['GET', '/v1/organization/{org}/custom-cloud-environments/{id}/permissions'],
  ['PUT', '/v1/organization/{org}/custom-cloud-environments/{id}/permissions', { accounts: [], projects: ['p'] }],
  ['GET', '/v1/organization/{org}/custom-cloud-environments/{id}/infra-templates/terraform/template'],
  ['GET', '/v1/organization/{org}/custom-cloud-environments/{id}/infra-templates/terraform/variables'],
  ['GET', '/v1/organization/{org}/custom-cloud-environments/{id}/audit-log'],
  ['POST', '/v1/byoc-kit/onboarding/organization/{org}/cidr-check', { cidr: '10.0.0.0/16' }],
  ['GET', '/v1/byoc-kit/onboarding/organization/{org}/session'],
  ['GET', '/v1/byoc-kit/onboarding/organization/{org}/clouds/{id}/bundle'],
  ['GET', '/v1/byoc-kit/onboarding/organization/{org}/clouds/{id}/progress'],
  ['DELETE', '/v1/organization/{org}/custom-cloud-environments/{id}'],
];
const cloudRoutes = routes.filter(([, path]) => path.includes('{id}'));

let backend: TestBackend;
afterEach(async () => {
  expect(backend.unexpected).toEqual([]);
  await backend.close();
});

const call = (method: string, path: string, body: unknown, authorization: string | undefined) =>
  callRoute(backend, method, path, { body, authorization });

const fill = (path: string, organization: string, id: string) => path.replace('{org}', organization).replace('{id}', id);

/** The store as text: every cloud, deleted ones too, and every event waiting for delivery. */
async function snapshot(): Promise<string> {
  const clouds = await backend.store.list();
  return JSON.stringify({ clouds, events: await Promise.all(clouds.map((cloud) => backend.store.outbox?.pending(cloud.id))) });
}

async function createdCloud(authorization = `aivenv1 ${backend.token}`): Promise<string> {
  const response = await call('POST', base, createBody, authorization);
  expect(response.status).toBe(201);
  return response.json().custom_cloud_environment.custom_cloud_environment_id;
}

describe('authentication and authorization of the routes', () => {
  it('answers 401 to a request without a token, with a malformed, forged, revoked or unknown one, and stores nothing', async () => {
    backend = await startTestBackend();
    const id = await createdCloud();
    const revoked = await backend.tokenFor(testOrganization);
    await backend.tokens.revoke(revoked.split('_')[1] as string);
    const forged = backend.token.replace(/_[0-9a-f]{64}$/, `_${'0'.repeat(64)}`);
    const before = await snapshot();
    const credentials = [undefined, 'aivenv1', 'Basic dXNlcjpwYXNz', 'Bearer not-a-token', `aivenv1 ${forged}`, `aivenv1 ${revoked}`];
    for (const [method, path, body] of routes) {
      for (const authorization of credentials) {
        const response = await call(method, fill(path, testOrganization, id), body, authorization);
        const label = `${method} ${path} with ${authorization ?? 'no authorization'}`;
        expect(response.status, label).toBe(401);
        expect(response.headers.get('www-authenticate'), label).toBe('Bearer realm="byoc-kit"');
        expect(response.json().errors[0].code, label).toBe('UNAUTHENTICATED');
      }
    }
    expect((await call('GET', '/v1/byoc-kit/onboarding/providers', undefined, undefined)).status).toBe(401);
    expect(await snapshot()).toBe(before);
  });

  it("answers 404 to another organization's token, in this organization's path and for this cloud in its own, and stores nothing", async () => {
    backend = await startTestBackend();
    const id = await createdCloud();
    const theirs = `aivenv1 ${await backend.tokenFor('org-intruder')}`;
    const before = await snapshot();
    for (const [method, path, body] of routes) {
      const response = await call(method, fill(path, testOrganization, id), body, theirs);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.json().errors[0].code, `${method} ${path}`).toBe('ORGANIZATION_NOT_FOUND');
    }
    // The intruder's own organization: our cloud is worded as an id no cloud has.
    for (const [method, path, body] of cloudRoutes) {
      const foreign = await call(method, fill(path, 'org-intruder', id), body, theirs);
      const unknown = await call(method, fill(path, 'org-intruder', '00000000-0000-4000-8000-000000000000'), body, theirs);
      expect(foreign.status, `${method} ${path}`).toBe(404);
      expect(foreign.json().errors[0].code, `${method} ${path}`).toBe('CUSTOM_CLOUD_NOT_FOUND');
      expect(foreign.json().message.replace(id, '<id>')).toBe(
        unknown.json().message.replace('00000000-0000-4000-8000-000000000000', '<id>'),
      );
    }
    expect((await call('GET', fill(routes[0]?.[1] as string, 'org-intruder', id), undefined, theirs)).json()).toEqual({
      custom_cloud_environments: [],
    });
    expect(await snapshot()).toBe(before);
  });

  it("lets the organization's own token make every one of those calls", async () => {
    backend = await startTestBackend();
    const id = await createdCloud();
    const ours = `aivenv1 ${backend.token}`;
    for (const [method, path, body] of routes) {
      if (path.endsWith('/provision')) continue;
      const response = await call(method, fill(path, testOrganization, id), body, ours);
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
    }
  });

  it('records the caller as the actor of the transitions it causes', async () => {
    backend = await startTestBackend();
    const id = await createdCloud();
    const provisioned = await call('POST', `${base}/${id}/provision`, { aws_iam_role_arn: roleArn }, `Bearer ${backend.token}`);
    expect(provisioned.status).toBe(200);
    const cloud = await eventually(async () => {
      const read = await backend.byoc.get(id);
      return read.state === 'creating' ? read : undefined;
    });
    const tokenId = backend.token.split('_')[1];
    expect(cloud.history[0]).toMatchObject({ event: 'submitAccess', actor: `api-token.${tokenId}` });
    await backend.byoc.markActive(id);
    const deleted = await call('DELETE', `${base}/${id}?force=true`, undefined, `aivenv1 ${backend.token}`);
    expect(deleted.status).toBe(200);
    expect((await backend.byoc.get(id)).history.at(-1)).toMatchObject({ actor: `api-token.${tokenId}` });
  });

  it("stops a token of a deleted organization at once; a token of several keeps the others'", async () => {
    backend = await startTestBackend();
    const both = `aivenv1 ${await backend.tokenFor(testOrganization, 'org-kept')}`;
    expect((await call('GET', base, undefined, `aivenv1 ${backend.token}`)).status).toBe(200);
    expect(await backend.tokens.removeOrganization(testOrganization)).toBe(2);
    expect((await call('GET', base, undefined, `aivenv1 ${backend.token}`)).status).toBe(401);
    expect((await call('GET', base, undefined, both)).status).toBe(404);
    expect((await call('GET', '/v1/organization/org-kept/custom-cloud-environments', undefined, both)).status).toBe(200);
  });

  it('holds an onboarding link to the calls of the page: create, provision and follow; 403 for the rest', async () => {
    backend = await startTestBackend();
    const link = `Bearer ${backend.links.issue(testOrganization).token}`;
    const id = await createdCloud(link);
    const before = await snapshot();
    const refused: [string, string, unknown?][] = [
      ['GET', base],
      ['PUT', `${base}/${id}`, { display_name: 'Renamed' }],
      ['DELETE', `${base}/${id}`],
      ['GET', `${base}/${id}/permissions`],
      ['PUT', `${base}/${id}/permissions`, { all_projects: true }],
      ['GET', `${base}/${id}/infra-templates/terraform/template`],
    ];
    for (const [method, path, body] of refused) {
      const response = await call(method, path, body, link);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.json().errors[0].code).toBe('FORBIDDEN');
    }
    expect(await snapshot()).toBe(before);
    expect((await call('GET', `${base}/${id}`, undefined, link)).status).toBe(200);
    expect((await call('GET', `${onboarding}/clouds/${id}/bundle`, undefined, link)).status).toBe(200);
    expect((await call('POST', `${base}/${id}/provision`, { aws_iam_role_arn: roleArn }, link)).status).toBe(200);
    const actor = (await backend.byoc.get(id)).history[0]?.actor;
    expect(actor).toMatch(/^onboarding-link\.[A-Za-z0-9_-]{12}$/);
  });

  it("refuses an expired or forged onboarding link (401) and another organization's (404)", async () => {
    backend = await startTestBackend();
    const expiring = backend.links.issue(testOrganization, { ttlMs: 60_000 }).token;
    expect((await call('GET', `${onboarding}/session`, undefined, `Bearer ${expiring}`)).status).toBe(200);
    backend.clock.now += 61_000;
    expect((await call('GET', `${onboarding}/session`, undefined, `Bearer ${expiring}`)).status).toBe(401);
    const [payload] = backend.links.issue(testOrganization).token.split('.');
    expect((await call('GET', `${onboarding}/session`, undefined, `Bearer ${payload}.${'A'.repeat(43)}`)).status).toBe(401);
    const elsewhere = `Bearer ${backend.links.issue('org-elsewhere').token}`;
    expect((await call('POST', base, createBody, elsewhere)).status).toBe(404);
    expect(await backend.store.list()).toEqual([]);
  });
});

describe('abuse limits', () => {
  it('answers 429 with Retry-After once a token used up its changes, stores nothing then, and lets it go on later', async () => {
    const clock = { now: 0 };
    backend = await startTestBackend({
      rateLimit: createRateLimiter({ writes: { perMinute: 6, burst: 3 }, provisions: { perMinute: 2, burst: 1 }, now: () => clock.now }),
    });
    const ours = `aivenv1 ${backend.token}`;
    const id = await createdCloud();
    for (let index = 0; index < 2; index++)
      expect((await call('PUT', `${base}/${id}`, { display_name: `Name ${index}` }, ours)).status).toBe(200);
    const before = await snapshot();
    const limited = await call('PUT', `${base}/${id}`, { display_name: 'One too many' }, ours);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.json().errors[0]).toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Too many changes with these credentials; retry in 10 s.',
    });
    expect(await snapshot()).toBe(before);
    // Reads are not limited, and another token has its own bucket.
    expect((await call('GET', `${base}/${id}`, undefined, ours)).status).toBe(200);
    expect(
      (await call('PUT', `${base}/${id}`, { display_name: 'Colleague' }, `aivenv1 ${await backend.tokenFor(testOrganization)}`)).status,
    ).toBe(200);
    clock.now += 10_000;
    expect((await call('PUT', `${base}/${id}`, { display_name: 'Later' }, ours)).status).toBe(200);

    // Provisions have their own, smaller limit.
    expect((await call('POST', `${base}/${id}/provision`, { aws_iam_role_arn: roleArn }, ours)).status).toBe(200);
    const again = await call('POST', `${base}/${id}/provision`, { aws_iam_role_arn: roleArn }, ours);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('30');
  });

  it('runs one verification per cloud whatever the number of concurrent provisions: one is taken, the others are 409', async () => {
    backend = await startTestBackend();
    const id = await createdCloud();
    const callers = await Promise.all(Array.from({ length: 12 }, () => backend.tokenFor(testOrganization)));
    const answers = await Promise.all(
      callers.map((token) => call('POST', `${base}/${id}/provision`, { aws_iam_role_arn: roleArn }, `aivenv1 ${token}`)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array.from({ length: 11 }, () => 409)]);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.json().errors[0].code === 'INVALID_TRANSITION')).toBe(
      true,
    );
    const cloud = await eventually(async () => {
      const read = await backend.byoc.get(id);
      return read.state === 'creating' ? read : undefined;
    });
    expect(cloud.history.filter((entry) => entry.event === 'submitAccess')).toHaveLength(1);
    // The STS stand-in saw one verification: one AssumeRole presenting this cloud's external ID.
    const presented = backend.sts.calls.filter(
      (entry) => entry.action === 'AssumeRole' && entry.roleArn === roleArn && entry.externalId === cloud.externalId,
    );
    expect(presented).toHaveLength(1);
  });
});
