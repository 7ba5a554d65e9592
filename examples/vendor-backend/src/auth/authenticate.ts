import { type ApiTokenStore, verifyApiToken } from './api-tokens.js';
import type { OnboardingLinks } from './onboarding-links.js';

/** Who is calling, as the vendor's authentication says. */
export interface Caller {
  /** The organizations whose clouds the caller may see and change. Any other is a 404. */
  readonly organizationIds: readonly string[];
  /** Recorded as the `actor` of the transitions the caller causes: a person's id, a token's id. */
  readonly actor: string;
  /**
   * `full` (the default): every route of its organizations. `onboarding`: what the onboarding page
   * does (create, provision, read a cloud, its bundle and progress, the CIDR check); other routes
   * answer 403. `operator`: the vendor's on-call staff, for the status page only (no organization).
   */
  readonly access?: 'full' | 'onboarding' | 'operator';
  /** What the rate limit counts calls by. Default: the actor. */
  readonly rateLimitKey?: string;
}

/**
 * The one hook that decides who calls: the request in, the caller out, or undefined for a request
 * without valid credentials (401). Replace it with the vendor's own (a session cookie, an OIDC
 * token, an API gateway's header); every route but the self-registration callback goes through it.
 */
export type Authenticate = (request: Request) => Caller | undefined | Promise<Caller | undefined>;

/**
 * The credential of a request: `Authorization: aivenv1 <token>` (what Aiven's CLI sends for
 * `--auth-token`) or `Bearer <token>`, schemes in any case.
 */
export function presentedToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (header === null || header.length > 4096) return undefined;
  const match = /^(?:aivenv1|bearer)\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The example's default authentication: API tokens (`byoc_...`, hashed in `tokens`) for `avn` and
 * the vendor's scripts, operator tokens (the same, marked `operator`) for the status page, and signed onboarding links (`byocl_...`) for the customer's page.
 */
export function createTokenAuthenticator(options: { tokens: ApiTokenStore; onboardingLinks?: OnboardingLinks | undefined }): Authenticate {
  return async (request) => {
    const token = presentedToken(request);
    if (token === undefined) return undefined;
    if (token.startsWith('byocl_')) {
      const grant = options.onboardingLinks?.verify(token);
      if (grant === undefined) return undefined;
      return { organizationIds: [grant.organizationId], actor: `onboarding-link.${grant.linkId}`, access: 'onboarding' };
    }
    const record = await verifyApiToken(options.tokens, token);
    if (record === undefined) return undefined;
    if (record.operator === true) return { organizationIds: [], actor: `operator-token.${record.id}`, access: 'operator' };
    return { organizationIds: record.organizationIds, actor: `api-token.${record.id}` };
  };
}
