import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureInput, azureService, customerTenantId, subscriptionA, subscriptionB, vendorTenantId } from './test-fixtures.js';
import { type ArmStandIn, startArmStandIn } from './testing/arm-stand-in.js';

// An Azure custom cloud through the service, as a vendor runs it: draft, the ARM template deployed
// in the customer's subscription (the stand-in plays `az deployment sub create`), verification,
// active; the customer removes the delegation and the health monitor disconnects the cloud, then
// reconnects it once the template is deployed again.

let arm: ArmStandIn;
beforeAll(async () => {
  arm = await startArmStandIn({ vendorTenantId });
});
afterAll(() => arm.close());

describe('an Azure custom cloud through Lighthouse', () => {
  it('goes from draft through the deployed template to active, disconnects when the delegation is removed, and reconnects', async () => {
    const { byoc } = azureService(arm);
    arm.subscription(subscriptionA, customerTenantId);
    const cloud = await byoc.create(azureInput('org-a'));
    const bundle = await byoc.getTemplate(cloud.id);
    expect(bundle.format).toBe('arm');
    const template = JSON.parse(bundle.files.find((file) => file.path === 'azuredeploy.json')?.contents as string);
    arm.deploy(subscriptionA, template);

    const access = { tenantId: customerTenantId, subscriptionId: subscriptionA };
    const verified = await byoc.provision(cloud.id, access, { actor: 'ops@vendor.example' });
    expect(verified.report.ok).toBe(true);
    expect(verified.cloud.state).toBe('creating');
    expect((await byoc.markActive(cloud.id)).state).toBe('active');
    expect((await byoc.checkHealth(cloud.id)).report.ok).toBe(true);

    arm.removeDelegations(subscriptionA);
    const revoked = await byoc.checkHealth(cloud.id);
    expect(revoked.report.error?.code).toBe('ACCESS_REVOKED');
    const disconnected = await byoc.checkHealth(cloud.id);
    expect(disconnected.cloud.state).toBe('disconnected');
    expect(disconnected.cloud.errors.at(-1)?.code).toBe('ACCESS_REVOKED');

    arm.deploy(subscriptionA, template);
    const back = await byoc.checkHealth(cloud.id);
    expect(back.report.ok).toBe(true);
    expect((await byoc.get(cloud.id)).state).toBe('active');
    const log = await byoc.auditLog(cloud.id, { limit: 100 });
    expect(log.filter((entry) => entry.kind === 'health-check').map((entry) => entry.code ?? entry.outcome)).toEqual([
      'ok',
      'ACCESS_REVOKED',
      'ACCESS_REVOKED',
      'ok',
    ]);
  });

  it("refuses organization B's cloud on the subscription organization A delegated, and changes nothing of A's", async () => {
    const { byoc } = azureService(arm);
    arm.subscription(subscriptionB, customerTenantId);
    const ofA = await byoc.create(azureInput('org-a', '10.40.0.0/16'));
    arm.deploy(subscriptionB, JSON.parse((await byoc.getTemplate(ofA.id)).files[0]?.contents as string));
    const ofB = await byoc.forOrganization('org-b').create(azureInput('org-b', '10.41.0.0/16'));
    const refused = await byoc.forOrganization('org-b').provision(ofB.id, { tenantId: customerTenantId, subscriptionId: subscriptionB });
    expect(refused.report.error?.code).toBe('DELEGATION_NOT_BOUND');
    expect(refused.cloud.state).toBe('draft');
    expect((await byoc.get(ofA.id)).state).toBe('draft');
    const ours = await byoc.provision(ofA.id, { tenantId: customerTenantId, subscriptionId: subscriptionB });
    expect(ours.report.ok).toBe(true);
  });
});
