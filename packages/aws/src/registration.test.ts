import { type CustomCloud, createByoc, createMemoryStore } from '@byoc-kit/core';
import { rejectedCode } from '@byoc-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsProvider } from './provider.js';
import { type StsStandIn, startStsStandInForProcess } from './testing/sts-stand-in.js';

// Self-registration: the stack posts { roleArn, stackId, token } and the cloud goes on with nothing
// pasted. STS is the loopback stand-in, driven by the real AWS SDK through AWS_ENDPOINT_URL_STS.

let sts: StsStandIn;
beforeAll(async () => {
  sts = await startStsStandInForProcess({ unknownRoles: 'deny' });
});
afterAll(() => sts.close());

const secretA = `${'a'.repeat(16)}registration-secret-A`;
const secretB = `${'b'.repeat(16)}registration-secret-B`;
const account = '123456789012';
const stackId = `arn:aws:cloudformation:eu-north-1:${account}:stack/cce-registration/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d`;
const input = { organizationId: 'org', displayName: 'Registered', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' };
let roles = 0;

function setup(secrets: string[] = [secretA]) {
  const clock = { at: Date.UTC(2026, 10, 28), now: () => new Date(clock.at) };
  const store = createMemoryStore();
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 1_500 },
  });
  const byoc = createByoc({ providers: [aws], store, clock, registration: { secrets } });
  const roleArn = `arn:aws:iam::${account}:role/cce-registered-${++roles}`;
  return { byoc, store, clock, roleArn };
}

const codeOf = rejectedCode;

/** Expects the call to fail with `code` and to leave the stored cloud exactly as it was. */
async function refusedUnchanged(store: ReturnType<typeof createMemoryStore>, id: string, call: Promise<unknown>, code: string) {
  const before = await store.get(id);
  expect(await codeOf(call)).toBe(code);
  expect(await store.get(id)).toEqual(before);
}

async function until(byoc: ReturnType<typeof createByoc>, id: string, state: CustomCloud['state']): Promise<CustomCloud> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const cloud = await byoc.get(id);
    if (cloud.state === state) return cloud;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`custom cloud ${id} never reached ${state}`);
}

describe('self-registration', () => {
  it('takes the role the stack posts, with nothing pasted, and the worker verifies it', async () => {
    const { byoc, roleArn } = setup();
    const cloud = await byoc.create(input);
    const { token, expiresAt } = await byoc.registrationToken(cloud.id);
    expect(Date.parse(expiresAt)).toBe(Date.UTC(2026, 10, 28) + 7 * 86_400_000);
    sts.role(roleArn).trust(cloud.externalId);
    const submitted = await byoc.acceptRegistration({ roleArn, stackId, token });
    expect(submitted.state).toBe('validating');
    expect(submitted.history.at(-1)).toMatchObject({ actor: 'self-registration', reason: `registered by CloudFormation stack ${stackId}` });
    const worker = await byoc.startWorker({ concurrency: 1 });
    try {
      const verified = await until(byoc, cloud.id, 'creating');
      expect(verified.access).toMatchObject({ kind: 'aws_iam_role', identity: roleArn });
    } finally {
      await worker.stop();
    }
    // The same token again: used.
    expect(await codeOf(byoc.acceptRegistration({ roleArn, stackId, token }))).toBe('REGISTRATION_TOKEN_USED');
  });

  it("registers through the organization's own operations, and not another organization's", async () => {
    const { byoc, store, roleArn } = setup();
    const cloud = await byoc.forOrganization('org').create(input);
    const { token } = await byoc.forOrganization('org').registrationToken(cloud.id);
    sts.role(roleArn).trust(cloud.externalId);
    await refusedUnchanged(
      store,
      cloud.id,
      byoc.forOrganization('org-else').acceptRegistration({ roleArn, stackId, token }),
      'CUSTOM_CLOUD_NOT_FOUND',
    );
    expect((await byoc.forOrganization('org').acceptRegistration({ roleArn, stackId, token })).state).toBe('validating');
  });

  it('refuses a forged, tampered, expired, replayed or misdirected token, and changes nothing', async () => {
    const { byoc, store, clock, roleArn } = setup();
    const cloud = await byoc.create(input);
    const other = await byoc.create({ ...input, displayName: 'Other', reservedCidr: '10.1.0.0/16' });
    const { token } = await byoc.registrationToken(cloud.id);
    const [payload, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const retargeted = Buffer.from(JSON.stringify({ ...claims, c: other.id })).toString('base64url');
    const cases: [string, unknown, string][] = [
      ['a token this vendor never signed', { roleArn, stackId, token: `${payload}.${'A'.repeat(43)}` }, 'REGISTRATION_TOKEN_INVALID'],
      ['claims changed under the signature', { roleArn, stackId, token: `${retargeted}.${signature}` }, 'REGISTRATION_TOKEN_INVALID'],
      ['no signature', { roleArn, stackId, token: payload }, 'REGISTRATION_TOKEN_INVALID'],
      ["another cloud's callback", { roleArn, stackId, token, customCloudId: other.id }, 'REGISTRATION_TOKEN_INVALID'],
      ['a role in another account than the stack', { roleArn: 'arn:aws:iam::210987654321:role/x', stackId, token }, 'ACCESS_INVALID'],
      ['a user ARN', { roleArn: `arn:aws:iam::${account}:user/x`, stackId, token }, 'ROLE_ARN_INVALID'],
      ['a stack id that is not one', { roleArn, stackId: 'my-stack', token }, 'INPUT_INVALID'],
      ['an unknown key', { roleArn, stackId, token, externalId: cloud.externalId }, 'INPUT_UNKNOWN_KEY'],
      ['no body', undefined, 'INPUT_INVALID'],
    ];
    for (const [name, body, code] of cases) {
      await refusedUnchanged(store, cloud.id, byoc.acceptRegistration(body), code).catch((error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }
    clock.at += 7 * 86_400_000 + 1;
    await refusedUnchanged(store, cloud.id, byoc.acceptRegistration({ roleArn, stackId, token }), 'REGISTRATION_TOKEN_EXPIRED');
  });

  it('refuses a token once the cloud has left draft, and changes nothing', async () => {
    const { byoc, store, roleArn } = setup();
    const cloud = await byoc.create(input);
    const { token } = await byoc.registrationToken(cloud.id);
    await byoc.submitAccess(cloud.id, roleArn);
    await refusedUnchanged(store, cloud.id, byoc.acceptRegistration({ roleArn, stackId, token }), 'REGISTRATION_TOKEN_INVALID');
    expect(await codeOf(byoc.registrationToken(cloud.id))).toBe('INVALID_TRANSITION');
  });

  it('rotates secrets: the newest signs, older ones still verify until they are dropped', async () => {
    const before = setup([secretB]);
    const cloud = await before.byoc.create(input);
    const { token } = await before.byoc.registrationToken(cloud.id);
    // The same store, a service whose newest secret is A and which still accepts B.
    // Same store, same clock: the token's 7 days and the unserved external ID's 48 hours are
    // measured on the clock the token was issued by, never on the day the test runs.
    const rotated = createByoc({
      providers: [createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' })],
      store: before.store,
      clock: before.clock,
      registration: { secrets: [secretA, secretB] },
    });
    const dropped = createByoc({
      providers: [createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' })],
      store: before.store,
      clock: before.clock,
      registration: { secrets: [secretA] },
    });
    await refusedUnchanged(
      before.store,
      cloud.id,
      dropped.acceptRegistration({ roleArn: before.roleArn, stackId, token }),
      'REGISTRATION_TOKEN_INVALID',
    );
    expect((await rotated.acceptRegistration({ roleArn: before.roleArn, stackId, token })).state).toBe('validating');
  });

  it('is off without settings, and refuses short secrets', async () => {
    const byoc = createByoc({
      providers: [createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' })],
      store: createMemoryStore(),
    });
    const cloud = await byoc.create(input);
    expect(await codeOf(byoc.registrationToken(cloud.id))).toBe('REGISTRATION_NOT_CONFIGURED');
    expect(await codeOf(byoc.acceptRegistration({ roleArn: 'x', stackId, token: 'x' }))).toBe('REGISTRATION_NOT_CONFIGURED');
    expect(() => createByoc({ providers: [], store: createMemoryStore(), registration: { secrets: ['short'] } })).toThrow(
      expect.objectContaining({ code: 'BYOC_OPTIONS_INVALID' }),
    );
  });
});
