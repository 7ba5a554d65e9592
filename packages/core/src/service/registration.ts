import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { type ActorOptions, assertTransitionAllowed, type CloudProviderId, type CustomCloud, parseInput } from '../domain/index.js';
import { ByocError, quote } from '../errors/index.js';
import type { CloudProviderV1 } from '../provider/index.js';
import { storeErrors } from '../store/index.js';

/**
 * Self-registration: a stack posts the identity it created, with a token that proves the vendor
 * issued it for this cloud. Tokens are signed with HMAC-SHA256 under the vendor's secret (the first
 * of `secrets` signs, every one verifies, so a secret rotates by putting the new one first), bound
 * to the cloud and its external ID, single-use, and expiring.
 */
export interface RegistrationSettings {
  /** Signing secrets, newest first, each at least 32 characters (`openssl rand -hex 32`). */
  secrets: string[];
  /** How long a token is valid, in ms. Default 7 days: a customer may apply the stack days later. */
  tokenTtlMs?: number;
}

export const registrationSettingsSchema = z.strictObject({
  secrets: z.array(z.string().min(32, 'Use secrets of at least 32 characters (openssl rand -hex 32).')).min(1).max(5),
  tokenTtlMs: z
    .number()
    .int()
    .min(60_000)
    .max(90 * 86_400_000)
    .default(7 * 86_400_000),
});

/** The claims a token carries. */
interface TokenClaims {
  /** Format version. */
  readonly v: 1;
  /** The custom cloud. */
  readonly c: string;
  /** The first 16 hex digits of the SHA-256 of the cloud's external ID: a rotated ID voids the token. */
  readonly x: string;
  /** A random id, recorded on the cloud once used. */
  readonly n: string;
  /** Expiry, in ms since the epoch. */
  readonly e: number;
}

const claimsSchema = z.strictObject({
  v: z.literal(1),
  c: z.string().min(1).max(64),
  x: z.string().regex(/^[0-9a-f]{16}$/),
  n: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  e: z.number().int(),
});

/** What `acceptRegistration` takes: the body the stack's custom resource posts. */
export const registrationBodySchema = z.strictObject({
  roleArn: z.string().min(1).max(2048),
  stackId: z
    .string()
    .regex(
      /^arn:aws(-cn|-us-gov)?:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[0-9a-f-]{36}$/,
      'Use the stack id CloudFormation gives the custom resource (arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>).',
    ),
  token: z.string().min(1).max(1024),
  /** When the callback URL names the cloud: the token must be this cloud's. */
  customCloudId: z.string().max(64).optional(),
});

const externalIdDigest = (externalId: string) => createHash('sha256').update(externalId).digest('hex').slice(0, 16);
const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

function refused(code: 'REGISTRATION_TOKEN_INVALID' | 'REGISTRATION_TOKEN_EXPIRED' | 'REGISTRATION_TOKEN_USED', message: string) {
  return new ByocError({ code, message });
}

/** Token issuing and checking for one service. */
export function createRegistrationTokens(given: RegistrationSettings, now: () => number) {
  const settings = parseInput(registrationSettingsSchema, given, { what: 'registration settings', code: 'BYOC_OPTIONS_INVALID' });

  const issue = (cloud: CustomCloud): { token: string; expiresAt: string } => {
    const claims: TokenClaims = {
      v: 1,
      c: cloud.id,
      x: externalIdDigest(cloud.externalId),
      n: randomBytes(18).toString('base64url'),
      e: now() + settings.tokenTtlMs,
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${payload}.${sign(settings.secrets[0] as string, payload)}`, expiresAt: new Date(claims.e).toISOString() };
  };

  /** The claims of a token signed by one of the secrets; `REGISTRATION_TOKEN_INVALID` otherwise. */
  const read = (token: string): TokenClaims => {
    const [payload, signature, ...rest] = token.split('.');
    const forged = () =>
      refused(
        'REGISTRATION_TOKEN_INVALID',
        'The registration token is not one this vendor issued. Render the template again for a fresh one.',
      );
    if (!payload || !signature || rest.length > 0) throw forged();
    const given = Buffer.from(signature, 'base64url');
    const signed = settings.secrets.some((secret) => {
      const expected = Buffer.from(sign(secret, payload), 'base64url');
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signed) throw forged();
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw forged();
    }
    const claims = claimsSchema.safeParse(decoded);
    if (!claims.success) throw forged();
    return claims.data;
  };

  /** Checks a token against the cloud it names; the cloud must wait in draft for its identity. */
  const check = (claims: TokenClaims, cloud: CustomCloud): void => {
    if (claims.e <= now()) {
      throw refused(
        'REGISTRATION_TOKEN_EXPIRED',
        `The registration token expired at ${new Date(claims.e).toISOString()}. Render the template again for a fresh one.`,
      );
    }
    if ((cloud.registration?.usedTokens ?? []).includes(claims.n)) {
      throw refused('REGISTRATION_TOKEN_USED', 'The registration token was already used; a token registers one stack once.');
    }
    if (claims.x !== externalIdDigest(cloud.externalId)) {
      throw refused(
        'REGISTRATION_TOKEN_INVALID',
        'The registration token was issued for another external ID of this cloud. Render the template again for a fresh one.',
      );
    }
    if (cloud.state !== 'draft') {
      throw refused(
        'REGISTRATION_TOKEN_INVALID',
        `Custom cloud ${cloud.id} is "${cloud.state}", not waiting for its identity: a registration is for a cloud in draft.`,
      );
    }
  };

  return { issue, read, check };
}

/**
 * `registrationToken` and `acceptRegistration` of one service: the token checked, the identity
 * checked, the token used up in a versioned write, then the access submitted as `submitAccess` does.
 */
export function createRegistration(context: {
  readonly settings: RegistrationSettings | undefined;
  readonly now: () => number;
  readonly load: (id: unknown) => Promise<CustomCloud>;
  readonly write: (id: string, change: (cloud: CustomCloud) => CustomCloud) => Promise<unknown>;
  readonly providerFor: (id: CloudProviderId) => CloudProviderV1;
  readonly submitAccess: (id: string, accessInput: unknown, actor: ActorOptions) => Promise<CustomCloud>;
}) {
  const tokens = context.settings === undefined ? undefined : createRegistrationTokens(context.settings, context.now);
  const configured = () => {
    if (tokens === undefined) {
      throw new ByocError({
        code: 'REGISTRATION_NOT_CONFIGURED',
        message: 'Self-registration is off: pass registration: { secrets: [<32+ characters>] } to createByoc.',
      });
    }
    return tokens;
  };

  const token = async (id: unknown) => {
    const issuer = configured();
    const cloud = await context.load(id);
    assertTransitionAllowed(cloud, 'submitAccess');
    return issuer.issue(cloud);
  };

  /** With `owner`, a token of a cloud of another organization is `CUSTOM_CLOUD_NOT_FOUND`, as for a cloud that does not exist. */
  const accept = async (body: unknown, actor: ActorOptions, owner?: string): Promise<CustomCloud> => {
    const checker = configured();
    const { roleArn, stackId, token: given, customCloudId } = parseInput(registrationBodySchema, body, { what: 'registration' });
    const claims = checker.read(given);
    if (customCloudId !== undefined && customCloudId !== claims.c) {
      throw refused('REGISTRATION_TOKEN_INVALID', 'The registration token was issued for another custom cloud.');
    }
    const cloud = await context.load(claims.c);
    if (owner !== undefined && cloud.organizationId !== owner) throw storeErrors.notFound(claims.c);
    checker.check(claims, cloud);
    // The identity is checked before the token is used up: a malformed one changes nothing.
    context.providerFor(cloud.provider).parseAccess(roleArn);
    const stackAccount = stackId.split(':')[4];
    if (roleArn.split(':')[4] !== stackAccount) {
      throw new ByocError({
        code: 'ACCESS_INVALID',
        message: `The role ${quote(roleArn)} is not in the account of the stack that registers it (${stackAccount}).`,
      });
    }
    await context.write(cloud.id, (current) => {
      checker.check(claims, current);
      return { ...current, registration: { usedTokens: [...(current.registration?.usedTokens ?? []), claims.n].slice(-20) } };
    });
    return context.submitAccess(cloud.id, roleArn, {
      actor: actor.actor ?? 'self-registration',
      reason: actor.reason ?? `registered by CloudFormation stack ${stackId}`,
    });
  };

  /** A token for a cloud's bundle, when registration is on; none otherwise. */
  const tokenFor = (cloud: CustomCloud) => tokens?.issue(cloud);

  return { token, accept, tokenFor };
}
