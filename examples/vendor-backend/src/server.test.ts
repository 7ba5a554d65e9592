import type { AddressInfo } from 'node:net';
import { createAwsProvider } from '@byoc-kit/aws';
import { type CustomCloudStore, createByoc, createMemoryStore } from '@byoc-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createVendorServer } from './server.js';

const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';
/**
 * An STS client standing in for AWS: the role is assumable with the external ID it was first
 * presented (the cloud's, as the customer's template trusts it) and with no other.
 */
const trusted = new Map<string, string>();
const sts = {
  async send(command: unknown) {
    const input = (command as { input: { ExternalId?: string; RoleArn?: string } }).input;
    if ((command as object).constructor.name === 'AssumeRoleCommand') {
      if (input.ExternalId && input.RoleArn && !trusted.has(input.RoleArn)) trusted.set(input.RoleArn, input.ExternalId);
      if (!input.ExternalId || input.RoleArn !== roleArn || trusted.get(input.RoleArn) !== input.ExternalId)
        throw Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      return {
        Credentials: { AccessKeyId: 'ASIAVENDORBACKEND001', SecretAccessKey: 's', SessionToken: 't' },
        AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/x/y' },
      };
    }
    return {};
  },
};

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start() {
  const store: CustomCloudStore = createMemoryStore();
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsClient: sts,
    createAssumedRoleClient: () => ({ send: async () => ({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/x/y' }) }),
    retry: { deadlineMs: 1_000, initialDelayMs: 50 },
  });
  const server = createVendorServer(createByoc({ providers: [aws], store }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    organization = 'org123a456b789',
  ) => {
    const response = await fetch(`${origin}/v1/organization/${organization}/custom-cloud-environments${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  };
  return { call, store };
}

const createBody = {
  cloud_provider: 'aws',
  cloud_region: 'eu-north-1',
  deployment_model: 'standard',
  display_name: 'My BYOC Cloud on AWS',
  reserved_cidr: '10.0.0.0/16',
  tags: { env: 'prod' },
  contact_emails: [{ email: 'firstname.secondname@domain.com', real_name: 'Test User', role: 'Admin' }],
};

describe('vendor backend', () => {
  it("creates a custom cloud and answers in Aiven's wire format", async () => {
    const { call } = await start();
    const created = await call('POST', '', createBody);
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const environment = created.json().custom_cloud_environment;
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
    expect((await call('GET', `/${id}`)).json().custom_cloud_environment.custom_cloud_environment_id).toBe(id);
    expect((await call('GET', '')).json().custom_cloud_environments).toHaveLength(1);
  });

  it('serves the Terraform template and its variables', async () => {
    const { call } = await start();
    const id = (await call('POST', '', createBody)).json().custom_cloud_environment.custom_cloud_environment_id;
    const template = await call('GET', `/${id}/infra-templates/terraform/template`);
    expect(template.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(template.text).toContain('resource "aws_iam_role" "vendor"');
    expect((await call('GET', `/${id}/infra-templates/terraform/variables`)).json()).toMatchObject({
      custom_cloud_id: id,
      reserved_cidr: '10.0.0.0/16',
    });
  });

  it('provisions, updates permissions, and deletes', async () => {
    const { call } = await start();
    const id = (await call('POST', '', createBody)).json().custom_cloud_environment.custom_cloud_environment_id;
    const provisioned = await call('POST', `/${id}/provision`, { aws_iam_role_arn: roleArn });
    expect(provisioned.status).toBe(200);
    expect(provisioned.json()).toMatchObject({ custom_cloud_environment: { state: 'creating' }, verification: { ok: true } });
    expect((await call('PUT', `/${id}/permissions`, { projects: ['web'] })).json()).toEqual({
      availability: { mode: 'selection', organizationUnits: [], projects: ['web'] },
    });
    expect((await call('POST', `/${id}/permissions`, { projects: ['api'] })).json().availability.projects).toEqual(['api', 'web']);
    expect((await call('DELETE', `/${id}/permissions`, { projects: ['web'] })).json().availability.projects).toEqual(['api']);
    expect((await call('DELETE', `/${id}`)).status).toBe(409);
  });

  it('records a denied role on the cloud, which returns to draft', async () => {
    const { call } = await start();
    const id = (await call('POST', '', createBody)).json().custom_cloud_environment.custom_cloud_environment_id;
    const denied = (await call('POST', `/${id}/provision`, { aws_iam_role_arn: 'arn:aws:iam::123456789012:role/other' })).json();
    expect(denied.custom_cloud_environment).toMatchObject({
      state: 'draft',
      errors: [{ category: 'verification', code: 'PROPAGATION_TIMEOUT' }],
    });
  });

  it('answers bad requests with the ByocError code and the right status, changing nothing', async () => {
    const { call, store } = await start();
    const id = (await call('POST', '', createBody)).json().custom_cloud_environment.custom_cloud_environment_id;
    const before = await store.list();
    const cases: [string, string, unknown, number, string, Record<string, string>?][] = [
      ['POST', '', { ...createBody, reserved_cidr: '8.8.8.0/24' }, 400, 'CIDR_NOT_PRIVATE'],
      ['POST', '', { ...createBody, cloud_region: 'europe-north1' }, 400, 'REGION_INVALID'],
      ['POST', '', { ...createBody, owner: 'x' }, 400, 'INPUT_UNKNOWN_KEY'],
      ['POST', '', '{ not json', 400, 'INPUT_INVALID'],
      ['PUT', `/${id}`, { display_name: 'x' }, 412, 'VERSION_CONFLICT', { 'if-match': '"7"' }],
      ['PUT', `/${id}`, { tags: { 'aws-x': 'y' } }, 400, 'TAG_INVALID'],
      ['POST', `/${id}/provision`, { aws_iam_role_arn: 'arn:aws:iam::123456789012:user/x' }, 400, 'ROLE_ARN_INVALID'],
      ['POST', `/${id}/provision`, {}, 400, 'ACCESS_INVALID'],
      ['GET', '/00000000-0000-4000-8000-000000000000', undefined, 404, 'CUSTOM_CLOUD_NOT_FOUND'],
      ['GET', '/../x', undefined, 404, 'ROUTE_NOT_FOUND'],
      ['PATCH', `/${id}`, undefined, 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [method, path, body, status, code, headers] of cases) {
      const response = await call(method, path, body, headers);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(response.json().errors[0].code, `${method} ${path}`).toBe(code);
    }
    expect(await store.list()).toEqual(before);
  });

  it('hides clouds of other organizations', async () => {
    const { call } = await start();
    const id = (await call('POST', '', createBody)).json().custom_cloud_environment.custom_cloud_environment_id;
    const other = await call('GET', `/${id}`, undefined, {}, 'org-other');
    expect(other.status).toBe(404);
    expect(other.json().errors[0].code).toBe('CUSTOM_CLOUD_NOT_FOUND');
    expect((await call('GET', '', undefined, {}, 'org-other')).json().custom_cloud_environments).toEqual([]);
    expect((await call('DELETE', `/${id}`, undefined, {}, 'org-other')).status).toBe(404);
  });
});
