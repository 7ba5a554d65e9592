import { type CallBounds, z } from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import { googleCaller } from './google-call.js';

/** The Resource Manager v1 calls verification makes, with the impersonated token. */
export interface ResourceManager {
  testIamPermissions(projectId: string, permissions: readonly string[]): Promise<string[]>;
  getProject(projectId: string): Promise<{ projectId: string; lifecycleState: string; projectNumber?: string | null | undefined }>;
}

const base = 'https://cloudresourcemanager.googleapis.com/v1';
// Google leaves `permissions` out when none is granted: `{}` is a well-formed answer.
const testIamPermissionsSchema = z.object({ permissions: z.array(z.string()).nullish() });
const projectSchema = z.object({ projectId: z.string().min(1), lifecycleState: z.string().min(1), projectNumber: z.string().nullish() });

/** Resource Manager with `token` as the bearer of every call, bounded and parsed (`googleCaller`). */
export function resourceManager(
  http: KyInstance,
  token: string,
  bounds: Omit<CallBounds, 'what'>,
  requestReason?: string,
): ResourceManager {
  const call = googleCaller(http, token, bounds, 'Resource Manager', requestReason);
  return {
    async testIamPermissions(projectId, permissions) {
      const url = `${base}/projects/${encodeURIComponent(projectId)}:testIamPermissions`;
      const result = await call('testIamPermissions', 'post', url, testIamPermissionsSchema, { permissions });
      return result.permissions ?? [];
    },
    getProject: (projectId) => call('projects.get', 'get', `${base}/projects/${encodeURIComponent(projectId)}`, projectSchema),
  };
}
