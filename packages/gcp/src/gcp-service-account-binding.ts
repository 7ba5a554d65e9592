import { type CallBounds, z } from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import { googleCaller } from './gcp-google-call.js';
import type { GcpServiceAccount } from './gcp-service-account.js';

/**
 * The GCP guard against a confused deputy. The vendor's one principal may impersonate the service
 * account of every customer, so an account alone proves nothing about which cloud it was made
 * for: organization B could return organization A's account. The template therefore writes the
 * cloud's external ID at the start of the account's description (`byoc-binding:<external ID> ...`)
 * and lets the account read itself (`roles/iam.serviceAccountViewer` on itself only); verification
 * and every health check read the description through the impersonated token and refuse an account
 * that carries another cloud's value, or none. Only the customer's project can write it.
 */
export const bindingPrefix = 'byoc-binding:';

const bindingPattern = /^byoc-binding:([A-Za-z0-9-]{32,128})(?:\s|$)/;

/** The external ID a description binds its account to, or undefined when it carries none. */
export function bindingOf(description: string | null | undefined): string | undefined {
  return bindingPattern.exec(description ?? '')?.[1];
}

/** The IAM role the template grants the access account on itself, so it can read its own description. */
export const selfViewerRole = 'roles/iam.serviceAccountViewer';

const iamBase = 'https://iam.googleapis.com/v1';
// IAM's ServiceAccount resource: the fields verification reads (Google leaves `description` out when empty).
const serviceAccountSchema = z.object({ email: z.string().min(1), description: z.string().nullish() });

/** `projects.serviceAccounts.get` of the account on itself, with its impersonated token. */
export function readServiceAccount(
  http: KyInstance,
  token: string,
  bounds: Omit<CallBounds, 'what'>,
  account: GcpServiceAccount,
): Promise<{ email: string; description?: string | null | undefined }> {
  const call = googleCaller(http, token, bounds, 'IAM');
  const url = `${iamBase}/projects/${encodeURIComponent(account.projectId)}/serviceAccounts/${encodeURIComponent(account.email)}`;
  return call('serviceAccounts.get', 'get', url, serviceAccountSchema);
}
