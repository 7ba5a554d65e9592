import { boundedCall, type CallBounds, z } from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import { GoogleApiError, googleErrorOf, MalformedGoogleResponseError } from './gcp-google-errors.js';

/** The Resource Manager v1 calls verification makes, with the impersonated token. */
export interface ResourceManager {
  testIamPermissions(projectId: string, permissions: readonly string[]): Promise<string[]>;
  getProject(projectId: string): Promise<{ projectId: string; lifecycleState: string; projectNumber?: string | null | undefined }>;
}

const base = 'https://cloudresourcemanager.googleapis.com/v1';
// Google leaves `permissions` out when none is granted: `{}` is a well-formed answer.
const testIamPermissionsSchema = z.object({ permissions: z.array(z.string()).nullish() });
const projectSchema = z.object({ projectId: z.string().min(1), lifecycleState: z.string().min(1), projectNumber: z.string().nullish() });

/**
 * Resource Manager through ky, with `token` as the bearer of every call. Every call is bounded (its
 * timeout, the verification's deadline) and every answer parsed: one that does not parse is a
 * transport fault (`MalformedGoogleResponseError`), never a verdict on the customer.
 */
export function resourceManager(http: KyInstance, token: string, bounds: Omit<CallBounds, 'what'>): ResourceManager {
  const call = async <T>(what: string, method: 'get' | 'post', url: string, schema: z.ZodType<T>, json?: object): Promise<T> => {
    const response = await boundedCall(
      (signal) => http(url, { method, headers: { authorization: `Bearer ${token}` }, ...(json ? { json } : {}), signal, timeout: false }),
      { ...bounds, what: `Resource Manager ${what}` },
    );
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = googleErrorOf(body);
      throw new GoogleApiError(response.status, error.status, error.message, 'impersonated');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MalformedGoogleResponseError(
        `Resource Manager ${what}`,
        `${issue?.path.join('.') || 'the body'}: ${issue?.message ?? 'unexpected shape'}`,
      );
    }
    return parsed.data;
  };
  return {
    async testIamPermissions(projectId, permissions) {
      const url = `${base}/projects/${encodeURIComponent(projectId)}:testIamPermissions`;
      const result = await call('testIamPermissions', 'post', url, testIamPermissionsSchema, { permissions });
      return result.permissions ?? [];
    },
    getProject: (projectId) => call('projects.get', 'get', `${base}/projects/${encodeURIComponent(projectId)}`, projectSchema),
  };
}
