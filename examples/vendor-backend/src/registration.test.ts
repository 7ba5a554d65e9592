import { createAwsProvider } from '@byoc-kit/aws';
import { createByoc, createMemoryStore } from '@byoc-kit/core';
import { describe, expect, it } from 'vitest';
import { createVendorApp, registrationsPath } from './routes.js';

const account = '123456789012';
const stackId = `arn:aws:cloudformation:eu-north-1:${account}:stack/cce-registered/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;

describe('the registration route', () => {
  it("takes a stack's registration, and answers a replay with REGISTRATION_TOKEN_USED in Aiven's error shape", async () => {
    const aws = createAwsProvider({
      vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
      selfRegistration: { callbackUrl: 'https://vendor.example.com/v1/byoc-kit/registrations' },
    });
    const byoc = createByoc({ providers: [aws], store: createMemoryStore(), registration: { secrets: ['r'.repeat(40)] } });
    // No caller is ever authenticated: the registration's signed token is its only credential.
    const app = createVendorApp(byoc, { authenticate: () => undefined });
    const cloud = await byoc.create({
      organizationId: 'org',
      displayName: 'Registered',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.0.0.0/16',
    });
    const { token } = await byoc.registrationToken(cloud.id);
    const post = () =>
      app.request(registrationsPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ roleArn: `arn:aws:iam::${account}:role/cce-registered`, stackId, token }),
      });
    const accepted = await post();
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      custom_cloud_environment: { custom_cloud_environment_id: cloud.id, state: 'validating' },
    });
    const replayed = await post();
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ errors: [{ code: 'REGISTRATION_TOKEN_USED' }] });
  });
});
