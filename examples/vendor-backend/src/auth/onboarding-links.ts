import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ByocError } from '@byoc-kit/core';

/** Settings of the links a vendor hands a customer to open the onboarding page. */
export interface OnboardingLinkSettings {
  /** Signing secrets, newest first, each 32+ characters: the first signs, all verify, so a secret rotates by going first. */
  readonly secrets: readonly string[];
  /** How long a link works, in ms. Default 72 hours; at most 30 days. */
  readonly ttlMs?: number;
  /** The current time in ms. Default `Date.now`. */
  readonly now?: () => number;
}

/** What a valid link grants: the page's calls for one organization until it expires. */
export interface OnboardingGrant {
  readonly organizationId: string;
  /** The link's own random id, recorded as the actor of what the customer does through it. */
  readonly linkId: string;
  readonly expiresAt: string;
}

const organizationIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const defaultTtlMs = 72 * 3_600_000;
const maximumTtlMs = 30 * 86_400_000;
const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest();

/**
 * Signed, expiring, organization-bound links to the onboarding page:
 * `<origin>/onboarding/<organization>#access=byocl_<claims>.<signature>`. The token rides in the
 * fragment, which browsers never send to a server, so it stays out of access logs and Referer
 * headers; the page sends it back as `Authorization: Bearer`. Nothing is stored: the signature is
 * the proof, and rotating the secrets voids every link.
 */
export function createOnboardingLinks(settings: OnboardingLinkSettings) {
  if (settings.secrets.length === 0 || settings.secrets.some((secret) => secret.length < 32)) {
    throw new ByocError({
      code: 'BYOC_OPTIONS_INVALID',
      message: 'Onboarding links need secrets of at least 32 characters (openssl rand -hex 32), newest first.',
    });
  }
  const ttlMs = settings.ttlMs ?? defaultTtlMs;
  if (!Number.isInteger(ttlMs) || ttlMs < 60_000 || ttlMs > maximumTtlMs) {
    throw new ByocError({ code: 'BYOC_OPTIONS_INVALID', message: 'An onboarding link lasts between one minute and 30 days (ttlMs).' });
  }
  const now = settings.now ?? Date.now;

  /** A token for one organization's page. */
  const issue = (organizationId: string, options: { ttlMs?: number } = {}): { token: string; expiresAt: string } => {
    if (!organizationIdPattern.test(organizationId)) {
      throw new ByocError({ code: 'ORGANIZATION_ID_INVALID', message: 'Use 1-128 letters, digits, "_" or "-" for the organization.' });
    }
    const lifetime = Math.min(options.ttlMs ?? ttlMs, maximumTtlMs);
    const claims = { v: 1, o: organizationId, e: now() + lifetime, n: randomBytes(9).toString('base64url') };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = sign(settings.secrets[0] as string, payload).toString('base64url');
    return { token: `byocl_${payload}.${signature}`, expiresAt: new Date(claims.e).toISOString() };
  };

  /** The grant of a token signed by one of the secrets and not expired; undefined otherwise. */
  const verify = (token: string): OnboardingGrant | undefined => {
    const match = /^byocl_([A-Za-z0-9_-]{1,512})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (match === null) return undefined;
    const [, payload, signature] = match as unknown as [string, string, string];
    const given = Buffer.from(signature, 'base64url');
    const signed = settings.secrets.some((secret) => {
      const expected = sign(secret, payload);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signed) return undefined;
    let claims: { v?: unknown; o?: unknown; e?: unknown; n?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (claims.v !== 1 || typeof claims.o !== 'string' || typeof claims.e !== 'number' || typeof claims.n !== 'string') return undefined;
    if (claims.e <= now()) return undefined;
    return { organizationId: claims.o, linkId: claims.n, expiresAt: new Date(claims.e).toISOString() };
  };

  /** The page's address with the token in its fragment. */
  const url = (origin: string, organizationId: string, options: { ttlMs?: number } = {}) => {
    const { token, expiresAt } = issue(organizationId, options);
    return { url: `${origin.replace(/\/+$/, '')}/onboarding/${organizationId}#access=${token}`, expiresAt };
  };

  return { issue, verify, url };
}

/** The links of one backend. */
export type OnboardingLinks = ReturnType<typeof createOnboardingLinks>;

/**
 * The links of `BYOC_ONBOARDING_SECRET` (32+ characters; several comma-separated, newest first),
 * lasting `BYOC_ONBOARDING_LINK_HOURS` (default 72); none when the secret is unset.
 */
export function onboardingLinksFromEnvironment(environment: NodeJS.ProcessEnv = process.env): OnboardingLinks | undefined {
  const secrets = environment.BYOC_ONBOARDING_SECRET;
  if (!secrets) return undefined;
  const hours = environment.BYOC_ONBOARDING_LINK_HOURS;
  return createOnboardingLinks({ secrets: secrets.split(','), ...(hours ? { ttlMs: Number(hours) * 3_600_000 } : {}) });
}
