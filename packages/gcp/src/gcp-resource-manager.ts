import type { KyInstance } from 'ky';
import { GoogleApiError, googleErrorOf } from './gcp-google-errors.js';

/** The Resource Manager v1 calls verification makes, with the impersonated token. */
export interface ResourceManager {
  testIamPermissions(projectId: string, permissions: readonly string[]): Promise<string[]>;
  getProject(projectId: string): Promise<{ projectId?: string; lifecycleState?: string; projectNumber?: string }>;
}

const base = 'https://cloudresourcemanager.googleapis.com/v1';

/** Resource Manager through ky, with `token` as the bearer of every call. */
export function resourceManager(http: KyInstance, token: string, signal: AbortSignal | undefined): ResourceManager {
  const call = async <T>(method: 'get' | 'post', url: string, json?: object): Promise<T> => {
    const response = await http(url, {
      method,
      headers: { authorization: `Bearer ${token}` },
      ...(json ? { json } : {}),
      ...(signal ? { signal } : {}),
    });
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = googleErrorOf(body);
      throw new GoogleApiError(response.status, error.status, error.message, 'impersonated');
    }
    return body as T;
  };
  return {
    async testIamPermissions(projectId, permissions) {
      const result = await call<{ permissions?: string[] }>(
        'post',
        `${base}/projects/${encodeURIComponent(projectId)}:testIamPermissions`,
        { permissions },
      );
      return result.permissions ?? [];
    },
    getProject: (projectId) => call('get', `${base}/projects/${encodeURIComponent(projectId)}`),
  };
}
