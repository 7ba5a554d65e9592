import type { VerificationReport } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureProvider } from '../provider.js';
import { azureCloud, azureInput, customerTenantId, standInSettings, subscriptionA, vendorTenantId } from '../test-fixtures.js';
import { type ArmStandIn, startArmStandIn } from '../testing/arm-stand-in.js';

let arm: ArmStandIn;
beforeAll(async () => {
  arm = await startArmStandIn({ vendorTenantId });
});
afterAll(() => arm.close());
beforeEach(() => {
  arm.calls.length = 0;
  arm.clearFaults();
  arm.subscription(subscriptionA, customerTenantId);
});

const access = { tenantId: customerTenantId, subscriptionId: subscriptionA };

/** A cloud whose template the customer deployed in subscription A (`edit` changes the template first). */
async function deployed(overrides = {}, edit: (template: { resources: { type: string }[] }) => void = () => undefined) {
  const provider = createAzureProvider(standInSettings(arm));
  const cloud = azureCloud(overrides);
  const template = JSON.parse((await provider.generateTemplate(cloud)).files[0]?.contents as string);
  edit(template);
  arm.deploy(subscriptionA, template);
  return { provider, cloud };
}

const checksOf = (report: VerificationReport) => report.checks.map((check) => `${check.id} ${check.ok}`);

describe('verifying an Azure Lighthouse delegation', () => {
  it('finds the delegation bound to the cloud, checks its authorizations, the subscription and a read of the resource group', async () => {
    const { provider, cloud } = await deployed();
    const report = await provider.verifyAccess(cloud, provider.parseAccess(access));
    expect(report.error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(checksOf(report)).toEqual([
      'delegation_found true',
      'authorizations_match true',
      'subscription_visible true',
      'resource_group_read true',
    ]);
    expect(arm.calls.map((call) => `${call.path} ${call.apiVersion} ${call.status}`)).toEqual([
      `/subscriptions/${subscriptionA}/providers/Microsoft.ManagedServices/registrationAssignments 2022-10-01 200`,
      `/subscriptions/${subscriptionA} 2022-12-01 200`,
      `/subscriptions/${subscriptionA}/resourceGroups/cce-${cloud.id} 2021-04-01 200`,
    ]);
  });

  it('waits for a delegation Lighthouse is still propagating', async () => {
    const { provider, cloud } = await deployed();
    arm.propagating(subscriptionA, 3);
    const report = await provider.verifyAccess(cloud, provider.parseAccess(access));
    expect(report.ok).toBe(true);
    expect(report.attempts).toBeGreaterThanOrEqual(4);
  });

  it("refuses a subscription delegated for another cloud: organization B cannot use A's delegation (DELEGATION_NOT_BOUND)", async () => {
    const { provider } = await deployed({ id: '018b6442-c602-42bc-b63d-438026133f6a', externalId: 'ExternalIdOfCloudA0123456789abcdef' });
    const cloudOfB = makeCustomCloud(azureInput('org-b'), {
      id: '018b6442-c602-42bc-b63d-438026133f6b',
      externalId: 'ExternalIdOfCloudB0123456789abcdef',
    });
    const report = await provider.verifyAccess(cloudOfB, provider.parseAccess(access));
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('DELEGATION_NOT_BOUND');
    expect(report.error?.message).toContain("Deploy this custom cloud's own template");
    // An external ID that merely begins with another's is not its binding either.
    const prefixed = makeCustomCloud(azureInput('org-b'), { externalId: 'ExternalIdOfCloudA0123456789abcde' });
    expect((await provider.verifyAccess(prefixed, provider.parseAccess(access))).error?.code).toBe('DELEGATION_NOT_BOUND');
  });

  it('refuses a delegation whose authorizations were changed (DELEGATION_AUTHORIZATIONS_MISMATCH)', async () => {
    const { provider, cloud } = await deployed();
    arm.editDefinitions(subscriptionA, (properties) => {
      (properties.authorizations as { roleDefinitionId: string }[]).push({
        ...(properties.authorizations as { roleDefinitionId: string }[])[0],
        roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
      } as never);
    });
    const report = await provider.verifyAccess(cloud, provider.parseAccess(access));
    expect(report.error?.code).toBe('DELEGATION_AUTHORIZATIONS_MISMATCH');
    expect(report.error?.message).toContain('as Reader');
  });

  it('refuses a subscription of another tenant than the one given (AZURE_TENANT_MISMATCH)', async () => {
    const { provider, cloud } = await deployed();
    const other = { ...access, tenantId: '99999999-9999-4999-8999-999999999999' };
    expect((await provider.verifyAccess(cloud, provider.parseAccess(other))).error?.code).toBe('AZURE_TENANT_MISMATCH');
  });

  it('reports a template deployed without its resource group (RESOURCE_GROUP_NOT_FOUND)', async () => {
    const { provider, cloud } = await deployed({}, (template) => {
      template.resources = template.resources.filter((resource) => resource.type !== 'Microsoft.Resources/resourceGroups');
    });
    expect((await provider.verifyAccess(cloud, provider.parseAccess(access))).error?.code).toBe('RESOURCE_GROUP_NOT_FOUND');
  });

  it("stops at once on the vendor's own credentials refused (401), and keeps the token out of the report", async () => {
    const { cloud } = await deployed();
    const provider = createAzureProvider(
      standInSettings(arm, { credential: { getToken: async () => ({ token: 'expired-vendor-token' }) } }),
    );
    const report = await provider.verifyAccess(cloud, provider.parseAccess(access));
    expect(report.error?.code).toBe('VENDOR_CREDENTIALS_INVALID');
    expect(report.attempts).toBe(1);
    expect(JSON.stringify(report)).not.toContain('expired-vendor-token');
    const none = createAzureProvider(standInSettings(arm, { credential: { getToken: async () => null } }));
    expect((await none.verifyAccess(cloud, none.parseAccess(access))).error?.code).toBe('VENDOR_CREDENTIALS_INVALID');
  });

  it("bounds each call's sign-in and body by requestTimeoutMs: a stalled credential or answer ends as ARM_UNAVAILABLE at the deadline", async () => {
    const { cloud } = await deployed();
    const bounded = { requestTimeoutMs: 100, retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 600 } };
    const signals: AbortSignal[] = [];
    const signingIn = createAzureProvider(
      standInSettings(arm, {
        ...bounded,
        credential: {
          getToken: (_scopes, options) => {
            if (options?.abortSignal) signals.push(options.abortSignal);
            return new Promise(() => undefined); // an identity endpoint that never answers
          },
        },
      }),
    );
    const unsigned = await signingIn.verifyAccess(cloud, signingIn.parseAccess(access));
    expect(unsigned.error).toMatchObject({ code: 'ARM_UNAVAILABLE', fault: 'transport' });
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    expect(arm.calls).toEqual([]);

    const stalling = createAzureProvider(
      standInSettings(arm, {
        ...bounded,
        // Headers at once, then a body that never ends.
        fetch: async () =>
          new Response(new ReadableStream({ start: (body) => body.enqueue(new TextEncoder().encode('{"value": [')) }), { status: 200 }),
      }),
    );
    const stalled = await stalling.verifyAccess(cloud, stalling.parseAccess(access));
    expect(stalled.error).toMatchObject({ code: 'ARM_UNAVAILABLE', fault: 'transport' });
    expect(stalled.attempts).toBeGreaterThan(1);
  });

  it("waits out a 429's Retry-After, and calls ARM unavailable when it keeps failing", async () => {
    const waits: number[] = [];
    let time = 0;
    const { cloud } = await deployed();
    const clock = { now: () => time, sleep: async (milliseconds: number) => void waits.push(milliseconds), random: () => 0 };
    const provider = createAzureProvider(
      standInSettings(arm, { ...clock, retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 60_000 } }),
    );
    arm.fail('registrationAssignments', { status: 429, code: 'TooManyRequests', retryAfterSeconds: 7 });
    const report = await provider.verifyAccess(cloud, provider.parseAccess(access));
    expect(report.ok).toBe(true);
    expect(waits).toContain(7_000);
    arm.fail('registrationAssignments', ...Array.from({ length: 20 }, () => ({ status: 503, code: 'ServiceUnavailable' })));
    const failing = createAzureProvider(
      standInSettings(arm, {
        sleep: async (milliseconds) => {
          time += milliseconds;
        },
        now: () => time,
        retry: { initialDelayMs: 100, maxDelayMs: 100, deadlineMs: 1_000, jitter: 'none' },
      }),
    );
    const unavailable = await failing.verifyAccess(cloud, failing.parseAccess(access));
    expect(unavailable.error).toMatchObject({ code: 'ARM_UNAVAILABLE', fault: 'transport' });
    expect(unavailable.attempts).toBe(10);
  });

  it('calls a removed delegation revoked at the first health check, without waiting', async () => {
    const { provider, cloud } = await deployed();
    expect((await provider.checkHealth?.(cloud, provider.parseAccess(access)))?.ok).toBe(true);
    arm.removeDelegations(subscriptionA);
    const report = await provider.checkHealth?.(cloud, provider.parseAccess(access));
    expect(report?.error).toMatchObject({ code: 'ACCESS_REVOKED', fault: 'customer' });
    expect(report?.attempts).toBe(1);
    // Verification (not a health check) gives a new delegation time to show.
    expect((await provider.verifyAccess(cloud, provider.parseAccess(access))).error?.code).toBe('DELEGATION_NOT_FOUND');
  });
});
