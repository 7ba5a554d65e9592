import { ByocError, type ProviderAccess } from '@byoc-kit/core';
import { accessInputValue, quote } from '@byoc-kit/core/provider-utils';

/** Service account ids: 6-30 characters, `[a-z]([-a-z0-9]*[a-z0-9])`. */
export const serviceAccountIdPattern = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;
/** Project ids: 6-30 characters, a lower-case letter first, no trailing hyphen. */
export const projectIdPattern = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** Words Google refuses inside a project id (Resource Manager: "restricted strings, such as google and ssl"). */
export const restrictedProjectIdWords = ['google', 'ssl'] as const;

/** A parsed user-managed service account. */
export interface GcpServiceAccount {
  readonly email: string;
  readonly accountId: string;
  readonly projectId: string;
  /** `projects/<project>/serviceAccounts/<email>`, the Terraform resource id. */
  readonly resourceName: string;
}

const emailPattern = /^([^@\s]+)@([^@\s]+)\.iam\.gserviceaccount\.com$/;
const resourcePattern = /^projects\/([^/\s]+)\/serviceAccounts\/([^/\s]+)$/;

/**
 * Parses the privilege-bearing service account the customer returns, as an email
 * (`name@project-id.iam.gserviceaccount.com`) or as the Terraform id
 * (`projects/<project>/serviceAccounts/<email>`), also under `{ serviceAccount }` or
 * `{ privilege_bearing_service_account_id }`. Refuses default and Google-managed service
 * accounts, and malformed account or project ids, with `SERVICE_ACCOUNT_INVALID`.
 */
export function parseServiceAccount(input: unknown): GcpServiceAccount {
  const value = accessInputValue(input, ['serviceAccount', 'privilege_bearing_service_account_id'], 'a GCP service account access');
  if (typeof value !== 'string' || value.length > 512) throw invalid(value, 'is not a string');
  const resource = resourcePattern.exec(value);
  const email = resource ? (resource[2] as string) : value;
  // Compute, App Engine and Cloud Build defaults and Google APIs agents live outside .iam.gserviceaccount.com.
  if (email.endsWith('gserviceaccount.com') && !email.endsWith('.iam.gserviceaccount.com')) {
    throw invalid(value, 'is a default or Google-managed service account; return the one the template created');
  }
  const match = emailPattern.exec(email);
  if (!match) throw invalid(value, 'is not a service account email (name@project-id.iam.gserviceaccount.com)');
  const [, accountId, projectId] = match as unknown as [string, string, string];
  if (projectId.startsWith('gcp-sa-') || /^service-\d+$/.test(accountId)) {
    throw invalid(value, 'is a Google-managed service agent; return the one the template created');
  }
  if (!serviceAccountIdPattern.test(accountId))
    throw invalid(value, `has the account id "${accountId}", which is not 6-30 characters of [a-z0-9-] starting with a letter`);
  if (!projectIdPattern.test(projectId))
    throw invalid(value, `has the project id "${projectId}", which is not 6-30 characters of [a-z0-9-] starting with a letter`);
  const restricted = restrictedProjectIdWords.find((word) => projectId.includes(word));
  if (restricted !== undefined) {
    throw invalid(value, `has the project id "${projectId}", which contains "${restricted}": Google refuses project ids with that word`);
  }
  if (resource && resource[1] !== projectId && resource[1] !== '-') {
    throw invalid(value, `names project ${resource[1]} but an account of project ${projectId}`);
  }
  return { email, accountId, projectId, resourceName: `projects/${projectId}/serviceAccounts/${email}` };
}

/** The service account as core's `ProviderAccess`. */
export function serviceAccountAccess(input: unknown): ProviderAccess {
  const account = parseServiceAccount(input);
  return {
    provider: 'gcp',
    kind: 'gcp_service_account',
    identity: account.email,
    attributes: { accountId: account.accountId, projectId: account.projectId, resourceName: account.resourceName },
  };
}

function invalid(value: unknown, reason: string): ByocError {
  const shown = typeof value === 'string' ? quote(value, 128) : `A ${value === null ? 'null' : typeof value}`;
  return new ByocError({
    code: 'SERVICE_ACCOUNT_INVALID',
    message: `${shown} ${reason}. Pass the privilege_bearing_service_account_id output of the template, such as projects/acme-prod/serviceAccounts/cce-018b6442@acme-prod.iam.gserviceaccount.com.`,
    details: { value: typeof value === 'string' ? value : typeof value },
  });
}
