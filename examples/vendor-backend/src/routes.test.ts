import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestBackend, type TestBackend } from './test-backend.js';

const organization = 'org123a456b789';
const base = `/v1/organization/${organization}/custom-cloud-environments`;
const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';

const createBody = {
  cloud_provider: 'aws',
  cloud_region: 'eu-north-1',
  deployment_model: 'standard',
  display_name: 'My BYOC Cloud on AWS',
  reserved_cidr: '10.0.0.0/16',
  tags: { 'byoc_resource_tag:env': 'prod' },
  contact_emails: [{ email: 'firstname.secondname@domain.com', real_name: 'Test User', role: 'Admin' }],
};

let backend: TestBackend;
afterEach(async () => {
  expect(backend.unexpected).toEqual([]);
  await backend.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await backend.app.request(path.startsWith('/v1') ? path : `${base}${path}`, {
    method,
    // As Aiven's CLI sends them: JSON bodies, and octet-stream on calls without one.
    headers: {
      'content-type': body === undefined ? 'application/octet-stream' : 'application/json',
      authorization: `aivenv1 ${backend.token}`,
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

async function created(body: object = createBody): Promise<string> {
  const response = await call('POST', '', body);
  expect(response.status, response.text).toBe(201);
  return response.json().custom_cloud_environment.custom_cloud_environment_id;
}

describe('vendor backend routes', () => {
  it("creates a custom cloud and answers in Aiven's wire format", async () => {
    backend = await startTestBackend();
    const response = await call('POST', '', createBody);
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    const environment = response.json().custom_cloud_environment;
    expect(environment).toMatchObject({ ...createBody, state: 'draft', errors: [] });
    expect(Object.keys(environment)).toEqual([
      'cloud_provider',
      'cloud_region',
      'contact_emails',
      'custom_cloud_environment_id',
      'deployment_model',
      'display_name',
      'errors',
      'reserved_cidr',
      'state',
      'tags',
      'update_time',
    ]);
    const id = environment.custom_cloud_environment_id;
    expect((await backend.byoc.get(id)).tags).toEqual({ env: 'prod' });
    expect((await call('GET', `/${id}`)).json().custom_cloud_environment.custom_cloud_environment_id).toBe(id);
    expect(
      (await call('GET', ''))
        .json()
        .custom_cloud_environments.map((cloud: { custom_cloud_environment_id: string }) => cloud.custom_cloud_environment_id),
    ).toEqual([id]);
  });

  it('creates from the five fields avn sends; contacts come later', async () => {
    backend = await startTestBackend();
    const { tags, contact_emails, ...bare } = createBody;
    const id = await created(bare);
    expect((await backend.byoc.get(id)).contacts).toEqual([]);
  });

  it('reads an empty PUT without writing: no new version, no new update_time', async () => {
    backend = await startTestBackend();
    const creation = (await call('POST', '', createBody)).json().custom_cloud_environment;
    const id = creation.custom_cloud_environment_id;
    const before = await backend.byoc.get(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const read = await call('PUT', `/${id}`, {});
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${before.version}"`);
    expect(read.json().custom_cloud_environment).toEqual(creation);
    expect(await backend.byoc.get(id)).toEqual(before);
  });

  it('merges tag updates: prefixed keys added, null removes, the rest stays', async () => {
    backend = await startTestBackend();
    const id = await created({ ...createBody, tags: { env: 'prod', team: 'data' } });
    const updated = await call('PUT', `/${id}`, { tags: { 'byoc_resource_tag:cost': 'c1', 'byoc_resource_tag:team': null } });
    expect(updated.status).toBe(200);
    expect(updated.json().custom_cloud_environment.tags).toEqual({ 'byoc_resource_tag:cost': 'c1', 'byoc_resource_tag:env': 'prod' });
    expect((await backend.byoc.get(id)).tags).toEqual({ cost: 'c1', env: 'prod' });
  });

  it('takes google for GCP and contacts with or without a role', async () => {
    backend = await startTestBackend();
    const id = await created();
    const response = await call('PUT', `/${id}`, {
      contact_emails: [{ email: 'ops@example.com', real_name: 'Ops', role: 'Admin' }, { email: 'dev@example.com' }],
    });
    expect(response.json().custom_cloud_environment.contact_emails).toEqual([
      { email: 'ops@example.com', real_name: 'Ops', role: 'Admin' },
      { email: 'dev@example.com', role: 'Technical' },
    ]);
    const google = await call('POST', '', { ...createBody, cloud_provider: 'google', cloud_region: 'europe-west1' });
    expect(google.status).toBe(201);
    expect(google.json().custom_cloud_environment.cloud_provider).toBe('google');
    expect((await backend.byoc.get(google.json().custom_cloud_environment.custom_cloud_environment_id)).provider).toBe('gcp');
  });

  it('serves the Terraform template and its values in the envelopes avn reads', async () => {
    backend = await startTestBackend();
    const id = await created();
    const template = await call('GET', `/${id}/infra-templates/terraform/template`);
    expect(template.headers.get('content-type')).toMatch(/^application\/json/);
    expect(template.json().template).toContain('resource "aws_iam_role" "vendor"');
    expect(template.json().template).toContain('variable "custom_cloud_id"');
    const variables = (await call('GET', `/${id}/infra-templates/terraform/variables`)).json().variables as string;
    expect(variables).toMatch(new RegExp(`^custom_cloud_id\\s+= "${id}"$`, 'm'));
    expect(variables).toMatch(/^reserved_cidr\s+= "10\.0\.0\.0\/16"$/m);
  });

  it('gets and sets permissions as { accounts, projects }', async () => {
    backend = await startTestBackend();
    const id = await created();
    expect((await call('GET', `/${id}/permissions`)).json()).toEqual({ accounts: [], projects: [], all_projects: true });
    const set = await call('PUT', `/${id}/permissions`, { accounts: ['a1b2c3'], projects: ['web', 'api'] });
    expect(set.json()).toEqual({ accounts: ['a1b2c3'], projects: ['api', 'web'], all_projects: false });
    expect((await call('GET', `/${id}/permissions`)).json()).toEqual({
      accounts: ['a1b2c3'],
      projects: ['api', 'web'],
      all_projects: false,
    });
    expect((await call('PUT', `/${id}/permissions`, { accounts: [], projects: [] })).json()).toEqual({
      accounts: [],
      projects: [],
      all_projects: false,
    });
    expect((await call('PUT', `/${id}/permissions`, { all_projects: true })).json().all_projects).toBe(true);
  });

  it('provisions in the background: validating at once, creating once the worker verified the role', async () => {
    backend = await startTestBackend();
    const id = await created();
    const provisioned = await call('POST', `/${id}/provision`, { aws_iam_role_arn: roleArn });
    expect(provisioned.status).toBe(200);
    expect(provisioned.json().custom_cloud_environment.state).toBe('validating');
    await eventually(async () => ((await backend.byoc.get(id)).state === 'creating' ? true : undefined));
    expect((await call('PUT', `/${id}`, {})).json().custom_cloud_environment.state).toBe('creating');
  });

  it('keeps the Admin contact of an active cloud: a PUT that drops it is refused and stores nothing', async () => {
    backend = await startTestBackend();
    const id = await created();
    await call('POST', `/${id}/provision`, { aws_iam_role_arn: roleArn });
    await eventually(async () => ((await backend.byoc.get(id)).state === 'creating' ? true : undefined));
    await backend.byoc.markActive(id);
    const before = await backend.store.get(id);
    for (const contacts of [[], [{ email: 'tech@example.com', role: 'Technical' }]]) {
      const refused = await call('PUT', `/${id}`, { contact_emails: contacts });
      expect(refused.status, JSON.stringify(contacts)).toBe(400);
      expect(refused.json().errors[0].code).toBe('CONTACTS_INVALID');
      expect(refused.json().message).toContain('must keep an Admin contact');
    }
    expect(await backend.store.get(id)).toEqual(before);
    const swapped = await call('PUT', `/${id}`, {
      contact_emails: [
        { email: 'new-admin@example.com', role: 'Admin' },
        { email: 'tech@example.com', role: 'Technical' },
      ],
    });
    expect(swapped.status).toBe(200);
    expect(swapped.json().custom_cloud_environment.contact_emails).toHaveLength(2);
  });

  it("shows the cloud's audit log, page by page: who did what, with the source identity the customer's CloudTrail shows", async () => {
    backend = await startTestBackend();
    const id = await created();
    await call('POST', `/${id}/provision`, { aws_iam_role_arn: roleArn });
    await eventually(async () => ((await backend.byoc.get(id)).state === 'creating' ? true : undefined));
    const log = await call('GET', `/${id}/audit-log`);
    expect(log.status).toBe(200);
    const { entries, next } = log.json();
    const tokenActor = `api-token.${backend.token.split('_')[1]}`;
    expect(entries.map((entry: { kind: string; outcome: string }) => `${entry.kind} ${entry.outcome}`)).toEqual([
      'transition draft -> validating',
      'verification ok',
      'transition validating -> creating',
    ]);
    expect(entries[1]).toMatchObject({ actor: tokenActor, sourceIdentity: tokenActor });
    expect(next).toBe(entries[2].id);
    const page = await call('GET', `/${id}/audit-log?limit=1&after=${entries[0].id}`);
    expect(page.json().entries.map((entry: { id: string }) => entry.id)).toEqual([entries[1].id]);
    expect((await call('GET', `/${id}/audit-log?limit=x`)).json().errors[0].code).toBe('INPUT_INVALID');
    expect((await call('GET', `/${id}/audit-log?after=nope`)).status).toBe(400);
  });

  it('records a denied role on the cloud, which returns to draft', async () => {
    backend = await startTestBackend();
    const id = await created();
    backend.sts.role('arn:aws:iam::123456789012:role/other').deny();
    await call('POST', `/${id}/provision`, { aws_iam_role_arn: 'arn:aws:iam::123456789012:role/other' });
    const cloud = await eventually(async () => {
      const read = (await call('PUT', `/${id}`, {})).json().custom_cloud_environment;
      return read.state === 'draft' && read.errors.length > 0 ? read : undefined;
    });
    expect(cloud.errors[0]).toMatchObject({ category: 'verification' });
  });

  it('deletes a draft; refuses a bad force value', async () => {
    backend = await startTestBackend();
    const id = await created();
    expect((await call('DELETE', `/${id}?force=maybe`)).json().errors[0].code).toBe('INPUT_INVALID');
    const deleted = await call('DELETE', `/${id}?force=false`);
    expect(deleted.status).toBe(200);
    expect(deleted.json().custom_cloud_environment.state).toBe('deleted');
  });

  it('answers bad requests with the code, wire field names and the right status, storing nothing', async () => {
    backend = await startTestBackend();
    const id = await created();
    const before = await backend.store.list();
    const cases: [string, string, unknown, number, string, string?, Record<string, string>?][] = [
      ['POST', '', { ...createBody, reserved_cidr: '8.8.8.0/24' }, 400, 'CIDR_NOT_PRIVATE', 'reserved_cidr'],
      ['POST', '', { ...createBody, cloud_region: 'europe-north1' }, 400, 'REGION_INVALID', 'cloud_region'],
      ['POST', '', { ...createBody, cloud_provider: 'oracle' }, 400, 'PROVIDER_INVALID', 'cloud_provider'],
      ['POST', '', { ...createBody, display_name: '' }, 400, 'DISPLAY_NAME_INVALID', 'display_name'],
      ['POST', '', { ...createBody, owner: 'x' }, 400, 'INPUT_UNKNOWN_KEY'],
      ['POST', '', '{ not json', 400, 'INPUT_INVALID'],
      ['POST', '', [1], 400, 'INPUT_INVALID'],
      ['POST', '', createBody, 415, 'UNSUPPORTED_MEDIA_TYPE', undefined, { 'content-type': 'text/plain' }],
      ['PUT', `/${id}`, { display_name: 'x' }, 412, 'VERSION_CONFLICT', undefined, { 'if-match': '"7"' }],
      ['PUT', `/${id}`, { tags: { 'byoc_resource_tag:aws-x': 'y' } }, 400, 'TAG_INVALID', 'tags'],
      ['PUT', `/${id}`, { tags: { env: 5 } }, 400, 'TAG_INVALID', 'tags'],
      ['PUT', `/${id}`, { contact_emails: [{ email: 'not-an-email' }] }, 400, 'CONTACTS_INVALID', 'contact_emails'],
      ['PUT', `/${id}`, { contact_emails: [{ email: 'a@example.com', role: 'Boss' }] }, 400, 'CONTACTS_INVALID', 'contact_emails'],
      ['PUT', `/${id}/permissions`, { accounts: ['bad name!'] }, 400, 'AVAILABILITY_INVALID'],
      ['PUT', `/${id}/permissions`, { accounts: [], teams: [] }, 400, 'INPUT_UNKNOWN_KEY'],
      ['POST', `/${id}/provision`, { aws_iam_role_arn: 'arn:aws:iam::123456789012:user/x' }, 400, 'ROLE_ARN_INVALID'],
      ['POST', `/${id}/provision`, {}, 400, 'ACCESS_INVALID'],
      ['GET', '/00000000-0000-4000-8000-000000000000', undefined, 404, 'CUSTOM_CLOUD_NOT_FOUND'],
      ['GET', '/x/y/z', undefined, 404, 'ROUTE_NOT_FOUND'],
      ['PATCH', `/${id}`, undefined, 405, 'METHOD_NOT_ALLOWED'],
      ['POST', `/${id}/permissions`, { projects: ['p'] }, 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [method, path, body, status, code, field, headers] of cases) {
      const response = await call(method, path, body, headers);
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(response.status, label).toBe(status);
      const answer = response.json();
      expect(answer.errors[0].code, label).toBe(code);
      expect(answer.message, label).not.toMatch(/reservedCidr|displayName|organizationUnits|realName/);
      if (field) {
        expect(answer.errors[0].details?.path ?? '', label).toMatch(new RegExp(`^${field}`));
        expect(answer.message, label).toContain(field);
      }
    }
    expect(await backend.store.list()).toEqual(before);
  });

  it('refuses a body over 1 MiB before reading it', async () => {
    backend = await startTestBackend();
    const response = await call('POST', '', JSON.stringify({ ...createBody, display_name: 'x'.repeat(1_100_000) }));
    expect(response.status).toBe(413);
    expect(response.json().errors[0].code).toBe('BODY_TOO_LARGE');
    expect(await backend.store.list()).toEqual([]);
  });

  it("hides clouds of other organizations: another organization's token sees neither the organization nor the cloud", async () => {
    backend = await startTestBackend();
    const id = await created();
    const theirs = { authorization: `aivenv1 ${await backend.tokenFor('org-other')}` };
    const other = '/v1/organization/org-other/custom-cloud-environments';
    expect((await call('PUT', `${other}/${id}`, {}, theirs)).json().errors[0].code).toBe('CUSTOM_CLOUD_NOT_FOUND');
    expect((await call('GET', `${other}/${id}/permissions`, undefined, theirs)).status).toBe(404);
    expect((await call('GET', other, undefined, theirs)).json().custom_cloud_environments).toEqual([]);
    expect((await call('DELETE', `${other}/${id}`, undefined, theirs)).json().errors[0].code).toBe('CUSTOM_CLOUD_NOT_FOUND');
    expect((await call('GET', `/${id}`, undefined, theirs)).json().errors[0].code).toBe('ORGANIZATION_NOT_FOUND');
    expect((await backend.byoc.get(id)).state).toBe('draft');
  });
});
