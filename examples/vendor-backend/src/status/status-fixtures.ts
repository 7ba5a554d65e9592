import { expect } from 'vitest';
import { eventually, type TestBackend, testOrganization } from '../test-backend.js';

/** The role the status tests' cloud trusts. */
export const statusRoleArn = 'arn:aws:iam::123456789012:role/cce-status-role';

/**
 * What the status then shows: a cloud of `testOrganization` created and provisioned through the
 * routes, verified by the worker, made active, then its role denied and a health check failed
 * (ACCESS_REVOKED). Returns its id.
 */
export async function activeThenRevoked(backend: TestBackend): Promise<string> {
  const call = (path: string, body: unknown) =>
    backend.app.request(`/v1/organization/${testOrganization}/custom-cloud-environments${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `aivenv1 ${backend.token}` },
      body: JSON.stringify(body),
    });
  const created = await call('', {
    cloud_provider: 'aws',
    cloud_region: 'eu-north-1',
    deployment_model: 'standard',
    display_name: 'Watched',
    reserved_cidr: '10.60.0.0/16',
    contact_emails: [{ email: 'ops@example.com', role: 'Admin' }],
  });
  expect(created.status).toBe(201);
  const id = ((await created.json()) as { custom_cloud_environment: { custom_cloud_environment_id: string } }).custom_cloud_environment
    .custom_cloud_environment_id;
  expect((await call(`/${id}/provision`, { aws_iam_role_arn: statusRoleArn })).status).toBe(200);
  await eventually(async () => ((await backend.byoc.get(id)).state === 'creating' ? true : undefined));
  await backend.byoc.markActive(id);
  backend.sts.role(statusRoleArn).deny();
  expect((await backend.byoc.checkHealth(id)).report.ok).toBe(false);
  return id;
}
