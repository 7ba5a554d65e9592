import { afterEach, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from '../test-backend.js';

// The page's own reads, without a browser: what each answers, and what each refuses.

const organization = 'org-routes';
const api = `/v1/byoc-kit/onboarding/organization/${organization}`;
const input = {
  organizationId: organization,
  displayName: 'Production',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
};

let backend: TestBackend;
afterEach(async () => {
  expect(backend.unexpected).toEqual([]);
  await backend.close();
});

/** A call as the page makes it: with an onboarding link's token, of this test's organization unless told. */
async function call(method: string, path: string, body?: unknown, linkOf = organization) {
  const authorization = `Bearer ${backend.links.issue(linkOf).token}`;
  const response = await backend.app.request(path, {
    method,
    headers: body === undefined ? { authorization } : { 'content-type': 'application/json', authorization },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json().catch(() => null)) as Record<string, unknown> };
}

const checkCidr = async (cidr: unknown) => (await call('POST', `${api}/cidr-check`, { cidr })).json;

describe('the onboarding routes', () => {
  it('serves the page with a policy that allows no inline script and nothing from elsewhere', async () => {
    backend = await startTestBackend();
    const response = await backend.app.request(`/onboarding/${organization}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('<script type="module" src="/onboarding/assets/onboarding.js"></script>');
    expect((await backend.app.request('/onboarding/assets/onboarding.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await backend.app.request('/onboarding/assets/%2e%2e%2froutes.ts')).status).toBe(404);
    expect((await backend.app.request('/onboarding/not.an.organization')).status).toBe(404);
  });

  it('offers the self-service providers with their regions, formats and the identity each returns', async () => {
    backend = await startTestBackend();
    const { providers } = (await call('GET', '/v1/byoc-kit/onboarding/providers')).json as {
      providers: { id: string; wireName: string; formats: string[]; regions: { id: string }[]; access: { field: string } }[];
    };
    expect(providers.map((provider) => [provider.id, provider.wireName, provider.access.field])).toEqual([
      ['aws', 'aws', 'aws_iam_role_arn'],
      ['gcp', 'google', 'google_privilege_bearing_service_account_id'],
    ]);
    expect(providers[0]?.formats).toEqual(['terraform', 'cloudformation']);
    expect(providers[0]?.regions.map((region) => region.id)).toContain('eu-north-1');
  });

  it("checks a CIDR as creation will, with the SDK's message and a free block to use instead", async () => {
    backend = await startTestBackend();
    expect(await checkCidr('10.0.0.0/16')).toEqual({ ok: true, cidr: '10.0.0.0/16', addresses: 65_536 });
    expect(await checkCidr('10.0.0.1/16')).toMatchObject({ ok: false, code: 'CIDR_HOST_BITS_SET', suggestion: '10.0.0.0/16' });
    expect(await checkCidr('8.8.8.0/24')).toMatchObject({ ok: false, code: 'CIDR_NOT_PRIVATE', suggestion: '10.0.0.0/24' });
    expect(await checkCidr('10.0.0.0/8')).toMatchObject({ ok: false, code: 'CIDR_PREFIX_OUT_OF_RANGE', suggestion: '10.0.0.0/16' });
    expect(await checkCidr('10.0.0.0/28')).toMatchObject({ ok: false, code: 'CIDR_PREFIX_OUT_OF_RANGE', suggestion: '10.0.0.0/24' });
    expect(await checkCidr('nonsense')).toMatchObject({ ok: false, code: 'CIDR_INVALID', suggestion: '10.0.0.0/16' });
    expect(await checkCidr(42)).toMatchObject({ ok: false, code: 'CIDR_INVALID' });
    // A body that is not JSON is refused before anything is read.
    const form = await backend.app.request(`${api}/cidr-check`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${backend.links.issue(organization).token}` },
      body: 'cidr=1',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ errors: [{ code: 'UNSUPPORTED_MEDIA_TYPE' }] });

    // The organization's clouds: an overlap is allowed (creation allows it) but said, with the next free block.
    await backend.byoc.create(input);
    await backend.byoc.create({ ...input, displayName: 'Staging', reservedCidr: '10.1.0.0/16' });
    expect(await checkCidr('10.0.128.0/17')).toMatchObject({
      ok: true,
      warning: '10.0.128.0/17 overlaps your custom cloud "Production" (10.0.0.0/16); the two cannot be peered with each other.',
      suggestion: '10.2.0.0/17',
    });
    // A "did you mean" that another cloud holds is not offered: the next free block is.
    expect(await checkCidr('10.1.0.1/16')).toMatchObject({ ok: false, code: 'CIDR_HOST_BITS_SET', suggestion: '10.2.0.0/16' });
    // Another organization's clouds are not this one's concern.
    const elsewhere = await call('POST', '/v1/byoc-kit/onboarding/organization/other-org/cidr-check', { cidr: '10.0.0.0/16' }, 'other-org');
    expect(elsewhere.json).toEqual({
      ok: true,
      cidr: '10.0.0.0/16',
      addresses: 65_536,
    });
  });

  it('answers the bundle with its console link and the progress of a cloud, for its own organization only', async () => {
    backend = await startTestBackend({ aws: { cloudFormationTemplateUrl: 'https://templates.example.com/byoc.yaml' } });
    const cloud = await backend.byoc.create(input);
    const bundle = await call('GET', `${api}/clouds/${cloud.id}/bundle?format=cloudformation`);
    expect(bundle.status).toBe(200);
    expect(bundle.json).toMatchObject({ format: 'cloudformation', applyLink: { registersAccess: false } });
    expect((bundle.json.files as { path: string }[]).map((file) => file.path)).toEqual(['template.yaml', 'parameters.json', 'README.md']);
    const refused = await call('GET', `${api}/clouds/${cloud.id}/bundle?format=pulumi`);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ errors: [{ code: 'INPUT_INVALID' }] });

    const progress = await call('GET', `${api}/clouds/${cloud.id}/progress`);
    expect(progress.json).toEqual({
      id: cloud.id,
      displayName: 'Production',
      provider: 'aws',
      state: 'draft',
      verifying: false,
      errors: [],
      checks: [],
      verifiedAt: null,
      health: null,
      templateVersion: null,
      access: null,
    });
    for (const path of [`/clouds/${cloud.id}/progress`, `/clouds/${cloud.id}/bundle`]) {
      const elsewhere = await call('GET', `/v1/byoc-kit/onboarding/organization/other-org${path}`, undefined, 'other-org');
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.json).toMatchObject({ errors: [{ code: 'CUSTOM_CLOUD_NOT_FOUND' }] });
      // Its own organization's link in another organization's path sees no organization at all.
      const crossed = await call('GET', `/v1/byoc-kit/onboarding/organization/other-org${path}`);
      expect(crossed.json).toMatchObject({ errors: [{ code: 'ORGANIZATION_NOT_FOUND' }] });
    }
  });
});
