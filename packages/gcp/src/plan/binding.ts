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
