import { ByocError, type ByocEvents, createByoc, createMemoryStore } from '@byoc-kit/core';
import { captureOutput, expectNoSecrets } from '@byoc-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureTelemetryInTests } from '../../../tools/telemetry-capture.js';
import { createAzureProvider } from './provider.js';
import { azureInput, customerTenantId, standInSettings, subscriptionA, vendorTenantId } from './test-fixtures.js';
import { type ArmStandIn, startArmStandIn } from './testing/arm-stand-in.js';

// The vendor's ARM token is a credential to every delegated subscription: it may reach no report,
// error, stored record, event, log line or audit entry, whatever verification meets. The external
// ID, half of a customer's binding, is the cloud's own (the template carries it): it may reach no
// exported span or metric, nor the audit log a customer reads.

const telemetry = captureTelemetryInTests();
let arm: ArmStandIn;
beforeAll(async () => {
  arm = await startArmStandIn({ vendorTenantId });
});
afterAll(() => arm.close());

describe('secrets of the Azure adapter', () => {
  it.each([
    ['a verification that passes', () => undefined],
    ['the delegation removed', () => arm.removeDelegations(subscriptionA)],
    ['ARM refusing the token', () => arm.fail('registrationAssignments', { status: 401, code: 'InvalidAuthenticationToken' })],
    ['ARM throttling', () => arm.fail('registrationAssignments', { status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 })],
  ])('keeps the ARM token and the external ID out of sight: %s', async (_name, arrange) => {
    const output = captureOutput();
    try {
      const provider = createAzureProvider(standInSettings(arm, { sleep: async () => undefined }));
      const store = createMemoryStore();
      const byoc = createByoc({ providers: [provider], store, onBackgroundError: (error) => console.error(error) });
      const events: ByocEvents['transition'][] = [];
      byoc.on('transition', (event) => events.push(event));
      arm.subscription(subscriptionA, customerTenantId);
      const cloud = await byoc.create(azureInput('org-a'));
      arm.deploy(subscriptionA, JSON.parse((await byoc.getTemplate(cloud.id)).files[0]?.contents as string));
      arrange();
      const outcome = await byoc
        .provision(cloud.id, { tenantId: customerTenantId, subscriptionId: subscriptionA })
        .catch((error: unknown) => error);
      expectNoSecrets(
        {
          'the report': outcome,
          'the error JSON': ByocError.isInstance(outcome) ? outcome.toJSON() : undefined,
          'stored records': await store.list(),
          events,
          'log lines': output.lines,
        },
        [arm.token],
      );
      expectNoSecrets({ 'the audit log': await byoc.auditLog(cloud.id) }, [arm.token, cloud.externalId]);
      const exported = await telemetry.exported();
      expectNoSecrets({ 'exported spans and metrics': exported }, [arm.token, cloud.externalId]);
      expect(JSON.stringify(exported)).toContain('registrationAssignments.list');
    } finally {
      output.restore();
    }
  });
});
