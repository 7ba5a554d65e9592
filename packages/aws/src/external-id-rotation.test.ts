import { type Byoc, type CustomCloud, createByoc, createMemoryStore, type TemplateBundle } from '@byoc-kit/core';
import { rejectedCode, terraformAvailable, terraformWorkspace } from '@byoc-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAwsProvider } from './provider.js';
import { createEvaluator } from './testing/cloudformation-eval.js';
import { awsOfflineProviderOverride } from './testing/offline-provider.js';
import { serviceUserBlueprint } from './testing/service-user-blueprint.js';
import { type StsStandIn, startStsStandInForProcess } from './testing/sts-stand-in.js';

// Rotating a cloud's external ID: the templates trust both IDs until the new one is seen to work,
// the vendor keeps working through the previous one meanwhile, and the rotation ends by itself.

let sts: StsStandIn;
beforeAll(async () => {
  sts = await startStsStandInForProcess({ unknownRoles: 'deny' });
});
afterAll(() => sts.close());

const account = '123456789012';
const input = { organizationId: 'org', displayName: 'Rotated', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' };
const contacts = [{ email: 'admin@acme.example', role: 'Admin' }];
let roles = 0;

function setup() {
  const store = createMemoryStore();
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 10_000 },
  });
  // No call here is retried until a deadline: every verification succeeds and a health check retries
  // no denial. The deadlines are only long enough for the first call, which loads the AWS SDK, on a
  // busy machine.
  const byoc = createByoc({ providers: [aws], store, health: { checkDeadlineMs: 10_000 } });
  return { byoc, store, roleArn: `arn:aws:iam::${account}:role/cce-rotated-${++roles}` };
}

/** An active cloud whose role trusts its first external ID, as after the customer applied the template. */
async function activeCloud(byoc: Byoc, roleArn: string): Promise<CustomCloud> {
  const cloud = await byoc.create({ ...input, contacts });
  await byoc.getTemplate(cloud.id);
  sts.role(roleArn).trust(cloud.externalId);
  const { report } = await byoc.provision(cloud.id, roleArn);
  expect(report.ok).toBe(true);
  return byoc.markActive(cloud.id);
}

const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';

/** The external IDs the CloudFormation stack's trust accepts, with the bundle's parameters. */
function cloudFormationTrust(bundle: TemplateBundle): unknown {
  const template = parse(file(bundle, 'template.yaml'));
  const parameters = Object.fromEntries(
    (JSON.parse(file(bundle, 'parameters.json')) as { ParameterKey: string; ParameterValue: string }[]).map((parameter) => [
      parameter.ParameterKey,
      parameter.ParameterValue,
    ]),
  );
  const { evaluate } = createEvaluator(template, { parameters, region: 'eu-north-1', accountId: account });
  const trust = evaluate(template.Resources.VendorRole.Properties.AssumeRolePolicyDocument) as {
    Statement: { Condition: { StringEquals: Record<string, unknown> } }[];
  };
  return trust.Statement[0]?.Condition.StringEquals['sts:ExternalId'];
}

describe('rotateExternalId on AWS', () => {
  it('trusts both IDs in both formats, keeps working through the previous one, and ends when the new one works', async () => {
    const { byoc, roleArn } = setup();
    const before = await activeCloud(byoc, roleArn);
    const rotated = await byoc.rotateExternalId(before.id);
    expect(rotated.externalId).not.toBe(before.externalId);
    expect(rotated.externalIdRotation).toMatchObject({ previousExternalId: before.externalId });
    expect(rotated.state).toBe('active');

    // The templates trust both: the new ID and the one the customer's role still holds.
    const terraform = await byoc.getTemplate(before.id, { format: 'terraform' });
    expect(JSON.parse(file(terraform, 'terraform.tfvars.json'))).toMatchObject({
      external_id: rotated.externalId,
      previous_external_id: before.externalId,
    });
    expect(cloudFormationTrust(await byoc.getTemplate(before.id, { format: 'cloudformation' }))).toEqual([
      rotated.externalId,
      before.externalId,
    ]);

    // The customer has not applied it yet: the vendor still gets in, through the previous ID.
    const stale = await byoc.checkHealth(before.id);
    expect(stale.report).toMatchObject({ ok: true, externalId: 'previous' });
    expect(stale.report.checks[0]?.detail).toContain('with the previous external ID only');
    expect(stale.cloud).toMatchObject({ state: 'active', externalIdRotation: { previousExternalId: before.externalId } });

    // Applied: the role trusts both. The next check sees the new ID accepted and ends the rotation.
    sts.role(roleArn).trust(rotated.externalId, before.externalId);
    const fresh = await byoc.checkHealth(before.id);
    expect(fresh.report).toMatchObject({ ok: true, externalId: 'current' });
    expect(fresh.cloud.externalIdRotation).toBeNull();
    const presented = sts.calls.filter((call) => call.roleArn === roleArn).map((call) => call.externalId);
    expect(presented).toContain(rotated.externalId);

    // The next template (the upgrade) trusts the new ID only, and the old one is not presented again.
    expect(JSON.parse(file(await byoc.getTemplate(before.id, { format: 'terraform' }), 'terraform.tfvars.json')).previous_external_id).toBe(
      '',
    );
    expect(cloudFormationTrust(await byoc.getTemplate(before.id, { format: 'cloudformation' }))).toEqual([rotated.externalId]);
    sts.role(roleArn).trust(before.externalId);
    expect((await byoc.checkHealth(before.id)).report.ok).toBe(false);
  });

  it('refuses a second rotation while the customer has not applied the first, and changes nothing', async () => {
    const { byoc, store, roleArn } = setup();
    const cloud = await activeCloud(byoc, roleArn);
    const first = await byoc.rotateExternalId(cloud.id);
    // Never served: rotating again replaces the new ID and keeps the one the customer's role holds.
    const again = await byoc.rotateExternalId(cloud.id);
    expect(again.externalId).not.toBe(first.externalId);
    expect(again.externalIdRotation?.previousExternalId).toBe(cloud.externalId);
    await byoc.getTemplate(cloud.id);
    const stored = await store.get(cloud.id);
    expect(await rejectedCode(byoc.rotateExternalId(cloud.id))).toBe('EXTERNAL_ID_ROTATION_PENDING');
    expect(await store.get(cloud.id)).toEqual(stored);
  });

  it('refuses to rotate for a blueprint whose access is not a role trusting the external ID', async () => {
    const aws = createAwsProvider({
      vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
      blueprint: serviceUserBlueprint,
    });
    const store = createMemoryStore();
    const byoc = createByoc({ providers: [aws], store });
    const cloud = await byoc.create(input);
    expect(await rejectedCode(byoc.rotateExternalId(cloud.id))).toBe('EXTERNAL_ID_ROTATION_UNSUPPORTED');
    expect(await store.get(cloud.id)).toEqual(cloud);
  });

  it.skipIf(!terraformAvailable())('plans a trust with both IDs during a rotation', { timeout: 120_000 }, async () => {
    const { byoc } = setup();
    const cloud = await byoc.create(input);
    const rotated = await byoc.rotateExternalId(cloud.id);
    const workspace = await terraformWorkspace(await byoc.getTemplate(cloud.id, { format: 'terraform' }), {
      override: awsOfflineProviderOverride,
    });
    const plan = await workspace.plan();
    const role = plan.planned_values.root_module.resources.find((resource) => resource.address === 'aws_iam_role.vendor');
    const trust = JSON.parse(role?.values.assume_role_policy as string);
    expect(trust.Statement[0].Condition.StringEquals['sts:ExternalId']).toEqual([rotated.externalId, cloud.externalId]);
  });
});
