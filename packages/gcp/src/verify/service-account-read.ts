import { type CallBounds, z } from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import type { GcpServiceAccount } from '../access/service-account.js';
import { googleCaller } from './google-call.js';

const iamBase = 'https://iam.googleapis.com/v1';
// IAM's ServiceAccount resource: the fields verification reads (Google leaves `description` out when empty).
const serviceAccountSchema = z.object({ email: z.string().min(1), description: z.string().nullish() });

/** `projects.serviceAccounts.get` of the account on itself, with its impersonated token. */
export function readServiceAccount(
  http: KyInstance,
  token: string,
  bounds: Omit<CallBounds, 'what'>,
  account: GcpServiceAccount,
  requestReason?: string,
): Promise<{ email: string; description?: string | null | undefined }> {
  const call = googleCaller(http, token, bounds, 'IAM', requestReason);
  const url = `${iamBase}/projects/${encodeURIComponent(account.projectId)}/serviceAccounts/${encodeURIComponent(account.email)}`;
  return call('serviceAccounts.get', 'get', url, serviceAccountSchema);
}
