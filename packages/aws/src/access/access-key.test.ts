import { type ByocEvents, type CustomCloud, createByoc, createMemoryStore } from '@byoc-kit/core';
import { setupTestServer, thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import type { AwsProviderSettings } from '../settings.js';
import { serviceUserBlueprint } from '../testing/service-user-blueprint.js';
import { callerIdentityXml, type StsCall, stsErrors, stsHandler, xml } from '../testing/sts-responses.js';
import { parseAccessKeyAccess } from './access-key.js';

const keyId = 'AKIAIOSFODNN7EXAMPLE';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const server = setupTestServer();

function fakeClock() {
  let time = 1_000_000;
  const sleep = async (milliseconds: number) => {
    time += milliseconds;
  };
  return { now: () => time, sleep, random: () => 0.5 };
}

function setup(settings: Partial<AwsProviderSettings> = {}) {
  const clock = fakeClock();
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:root',
    resourcePrefix: 'acme',
    stsRegion: 'us-east-1',
    blueprint: serviceUserBlueprint,
    ...clock,
    ...settings,
  });
  const store = createMemoryStore();
  const byoc = createByoc({ providers: [aws], store });
  const events: ByocEvents['transition'][] = [];
  byoc.on('transition', (event) => events.push(event));
  return { aws, store, byoc, events };
}

const input = { organizationId: 'org', displayName: 'Acme', provider: 'aws', region: 'us-east-1', reservedCidr: '10.0.0.0/16' } as const;
const userArn = (cloud: CustomCloud, name = `acme-${cloud.id.replaceAll('-', '').slice(0, 8)}-service-user`) =>
  `arn:aws:iam::123456789012:user/${name}`;

/** STS answering GetCallerIdentity for the key, after `failures` responses. */
function sts(answer: (call: StsCall) => ReturnType<typeof xml>) {
  const calls: StsCall[] = [];
  server.use(
    stsHandler((call) => {
      calls.push(call);
      return answer(call);
    }),
  );
  return calls;
}

describe('access keys', () => {
  describe('parsing', () => {
    it.each([
      ['a string', keyId],
      ['null', null],
      ['no key id', { secretAccessKey: secret }],
      ['a key id of a session', { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: secret }],
      ['a short key id', { accessKeyId: 'AKIA123', secretAccessKey: secret }],
      ['no secret', { accessKeyId: keyId }],
      ['a secret of 39 characters', { accessKeyId: keyId, secretAccessKey: secret.slice(1) }],
      ['a secret with a space', { accessKeyId: keyId, secretAccessKey: `${secret.slice(1)} ` }],
    ])('refuses %s with ACCESS_KEY_INVALID, never repeating the secret', (_, value) => {
      let thrown: unknown;
      try {
        parseAccessKeyAccess(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'ACCESS_KEY_INVALID' });
      expect(JSON.stringify(thrown)).not.toContain(secret.slice(5, 30));
      expect(String((thrown as Error).message)).not.toContain(secret.slice(5, 30));
    });

    it('takes the Terraform output names too, and keeps the secret out of the access', () => {
      const access = parseAccessKeyAccess({ access_key_id: keyId, access_secret_key: secret });
      expect(access).toEqual({ provider: 'aws', kind: 'aws_access_key', identity: keyId, attributes: {} });
      expect(JSON.stringify(access)).not.toContain(secret);
    });

    it('refuses bad access through provision with nothing stored and no event', async () => {
      const { byoc, store, events } = setup();
      const cloud = await byoc.create(input);
      await expect(byoc.provision(cloud.id, { accessKeyId: keyId })).rejects.toMatchObject({ code: 'ACCESS_KEY_INVALID' });
      expect(await store.get(cloud.id)).toEqual(cloud);
      expect(events).toEqual([]);
    });
  });

  describe('sealing', () => {
    it('refuses seal without unseal, and unseal without seal: AWS_SETTINGS_INVALID', () => {
      expect(thrownCode(() => setup({ seal: (value) => value }))).toBe('AWS_SETTINGS_INVALID');
      expect(thrownCode(() => setup({ unseal: (value) => value }))).toBe('AWS_SETTINGS_INVALID');
    });

    it.each([
      ['the secret itself', (value: string) => `kms:${value}`],
      ['an empty string', () => ''],
    ])('refuses a seal that returns %s, with nothing stored and no event', async (_, seal) => {
      const { byoc, store, events } = setup({ seal, unseal: (value) => value });
      const cloud = await byoc.create(input);
      const calls = sts(() => xml(callerIdentityXml('123456789012', userArn(cloud))));
      await expect(byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret })).rejects.toMatchObject({
        code: 'AWS_SETTINGS_INVALID',
      });
      expect(await store.get(cloud.id)).toEqual(cloud);
      expect(events).toEqual([]);
      expect(calls).toHaveLength(0);
    });
  });

  describe('verification', () => {
    it('signs GetCallerIdentity with the key, and stores neither the secret nor anything that holds it', async () => {
      const { byoc, store, events } = setup();
      const cloud = await byoc.create(input);
      const calls = sts(() => xml(callerIdentityXml('123456789012', userArn(cloud))));
      const { cloud: after, report } = await byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret });
      expect(report).toMatchObject({ ok: true });
      expect(report.checks.map((check) => check.id)).toEqual(['caller_identity_with_access_key', 'access_key_user']);
      expect(after.state).toBe('creating');
      expect(calls.map((call) => [call.action, call.accessKeyId])).toEqual([['GetCallerIdentity', keyId]]);
      expect(after.access).toEqual({ provider: 'aws', kind: 'aws_access_key', identity: keyId, attributes: {} });
      const everything = JSON.stringify([await store.list(), events, report]);
      expect(everything).not.toContain(secret);
    });

    it('stores the secret sealed when the vendor seals, and verifies again with unseal', async () => {
      const sealed: string[] = [];
      const { byoc, store } = setup({
        seal: async (value, { customCloudId }) => {
          sealed.push(customCloudId);
          return `sealed:${Buffer.from(value).toString('base64url').split('').reverse().join('')}`;
        },
        unseal: async (value) => Buffer.from(value.slice(7).split('').reverse().join(''), 'base64url').toString(),
      });
      const cloud = await byoc.create(input);
      sts(() => xml(callerIdentityXml('123456789012', userArn(cloud))));
      await byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret });
      const stored = await store.get(cloud.id);
      expect(sealed).toEqual([cloud.id]);
      expect(stored?.access?.attributes.sealedSecretAccessKey).toMatch(/^sealed:/);
      expect(JSON.stringify(stored)).not.toContain(secret);

      await byoc.markFailed(cloud.id, { code: 'QUOTA', message: 'The vendor ran out of quota.' });
      const calls = sts((call) => xml(callerIdentityXml('123456789012', userArn(cloud)), call.accessKeyId === keyId ? 200 : 403));
      const { report } = await byoc.retry(cloud.id);
      expect(report).toMatchObject({ ok: true });
      expect(calls).toHaveLength(1);
    });

    it('without seal, a retry says the secret is not at hand: ACCESS_KEY_SECRET_UNAVAILABLE', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      sts(() => xml(callerIdentityXml('123456789012', userArn(cloud))));
      await byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret });
      await byoc.markFailed(cloud.id, { code: 'QUOTA', message: 'The vendor ran out of quota.' });
      const calls = sts(() => xml(callerIdentityXml('123456789012', userArn(cloud))));
      const { report } = await byoc.retry(cloud.id);
      expect(report.error?.code).toBe('ACCESS_KEY_SECRET_UNAVAILABLE');
      expect(calls).toHaveLength(0);
    });

    it('retries an unknown key while it propagates, then reports ACCESS_KEY_REJECTED', async () => {
      const { byoc } = setup({ retry: { deadlineMs: 30_000 } });
      const cloud = await byoc.create(input);
      const calls = sts(() => stsErrors.invalidClientToken());
      const { cloud: after, report } = await byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret });
      expect(report.error?.code).toBe('ACCESS_KEY_REJECTED');
      expect(calls.length).toBeGreaterThan(2);
      expect(after.state).toBe('draft');
    });

    it('reports a secret that does not belong to the key at once: ACCESS_KEY_SECRET_MISMATCH', async () => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      const calls = sts(() => stsErrors.signatureMismatch());
      const { report } = await byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret });
      expect(report.error?.code).toBe('ACCESS_KEY_SECRET_MISMATCH');
      expect(calls).toHaveLength(1);
    });

    it.each([
      ['another user', (cloud: CustomCloud) => userArn(cloud, 'someone-else')],
      ['a role session', () => 'arn:aws:sts::123456789012:assumed-role/admin/session'],
      ['another partition', (cloud: CustomCloud) => userArn(cloud).replace('arn:aws:', 'arn:aws-cn:')],
    ])('refuses a key of %s: ACCESS_KEY_USER_MISMATCH', async (_, arn) => {
      const { byoc } = setup();
      const cloud = await byoc.create(input);
      sts(() => xml(callerIdentityXml('123456789012', arn(cloud))));
      const { report } = await byoc.provision(cloud.id, { accessKeyId: keyId, secretAccessKey: secret });
      expect(report.error?.code).toBe('ACCESS_KEY_USER_MISMATCH');
    });
  });
});
