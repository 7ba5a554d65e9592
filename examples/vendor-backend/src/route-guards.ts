import type { Byoc, OrganizationByoc } from '@byoc-kit/core';
import type { Context, Next } from 'hono';
import type { Authenticate, Caller } from './auth/authenticate.js';
import type { RateLimiter } from './auth/rate-limit.js';
import { httpError } from './http-errors.js';

/** What the guards leave on a request for its route: who calls, and the service bound to the organization in the path. */
export type VendorEnv = { Variables: { caller: Caller; organization: OrganizationByoc } };

/** 401 unless `authenticate` names a caller. */
export function authenticated(authenticate: Authenticate) {
  return async (context: Context<VendorEnv>, next: Next) => {
    const caller = await authenticate(context.req.raw);
    if (caller === undefined) {
      throw httpError(
        'UNAUTHENTICATED',
        'Send a valid API token: Authorization: aivenv1 <token> (avn --auth-token) or Bearer <token>. An onboarding link may have expired; ask for a new one.',
      );
    }
    context.set('caller', caller);
    await next();
  };
}

/**
 * 404 for an organization the caller may not use, worded as for one that does not exist; else
 * the service bound to it, so no route can reach another organization's clouds.
 */
export function forOrganization(byoc: Byoc) {
  return async (context: Context<VendorEnv>, next: Next) => {
    const organizationId = context.req.param('organizationId') as string;
    if (!context.get('caller').organizationIds.includes(organizationId)) {
      throw httpError(
        'ORGANIZATION_NOT_FOUND',
        `No organization ${organizationId.slice(0, 128)} for these credentials. Check the organization id, or use a token of that organization.`,
      );
    }
    context.set('organization', byoc.forOrganization(organizationId));
    await next();
  };
}

/** 403 for an onboarding link on a route the page does not use (list, update, delete, permissions, avn's templates). */
export async function fullAccess(context: Context<VendorEnv>, next: Next) {
  if (context.get('caller').access === 'onboarding') {
    throw httpError(
      'FORBIDDEN',
      'An onboarding link may create a custom cloud, provision it and follow it; use an API token of the organization for this call.',
    );
  }
  await next();
}

/** 429 with Retry-After once the caller used up its `kind` of calls. */
export function limited(limiter: RateLimiter, kind: 'writes' | 'provisions') {
  return async (context: Context<VendorEnv>, next: Next) => {
    const caller = context.get('caller');
    const decision = limiter.take(caller.rateLimitKey ?? caller.actor, kind);
    if (!decision.ok) {
      context.header('retry-after', String(decision.retryAfterSeconds));
      throw httpError(
        'RATE_LIMITED',
        `Too many ${kind === 'provisions' ? 'provisions' : 'changes'} with these credentials; retry in ${decision.retryAfterSeconds} s.`,
      );
    }
    await next();
  };
}

/** 403 unless the caller is one of the vendor's operators (an operator token): the status page and its read. */
export async function operatorOnly(context: Context<VendorEnv>, next: Next) {
  if (context.get('caller').access !== 'operator') {
    throw httpError(
      'FORBIDDEN',
      "The status is for the vendor's operators: use an operator token (npm run tokens -- create-operator), not an organization's.",
    );
  }
  await next();
}
