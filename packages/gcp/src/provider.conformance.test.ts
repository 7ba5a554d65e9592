import { setupTestServer, testCloudDefaults, testProvider } from '@byoc-kit/core/testing';
import { OAuth2Client } from 'google-auth-library';
import { HttpResponse } from 'msw';
import { createGcpProvider } from './provider.js';
import { accessTokenResponse, googleErrors, googleHandlers, projectResponse, serviceAccountResponse } from './testing/google-responses.js';

const serviceAccount = 'cce-018b6442@acme-prod.iam.gserviceaccount.com';
const server = setupTestServer();
const vendorClient = () => {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'vendor-source-token', expiry_date: Date.now() + 3_600_000 });
  return client;
};

testProvider(
  'createGcpProvider',
  () =>
    createGcpProvider({
      vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
      sourceClient: vendorClient(),
      // A clock that moves when waited on: retries end at the deadline without real waits.
      ...(() => {
        let time = 0;
        return {
          now: () => time,
          sleep: async (milliseconds: number) => {
            time += milliseconds;
          },
        };
      })(),
      retry: { deadlineMs: 30_000 },
    }),
  {
    clouds: [
      {
        organizationId: 'org',
        displayName: 'Private',
        provider: 'gcp',
        region: 'europe-north1',
        reservedCidr: '10.0.0.0/16',
        objectStorage: { enabled: true },
      },
      {
        organizationId: 'org',
        displayName: 'Public',
        provider: 'gcp',
        region: 'us-central1',
        reservedCidr: '192.168.0.0/24',
        deploymentModel: 'standard_public',
        tags: { env: 'dev' },
      },
    ],
    validAccess: [serviceAccount, `projects/acme-prod/serviceAccounts/${serviceAccount}`, { serviceAccount }],
    invalidAccess: [
      { input: '415104041262-compute@developer.gserviceaccount.com', code: 'SERVICE_ACCOUNT_INVALID' },
      { input: 'service-415104041262@gcp-sa-pubsub.iam.gserviceaccount.com', code: 'SERVICE_ACCOUNT_INVALID' },
      { input: 'arn:aws:iam::123456789012:role/x', code: 'SERVICE_ACCOUNT_INVALID' },
      { input: undefined, code: 'SERVICE_ACCOUNT_INVALID' },
    ],
    verification: {
      succeeds: {
        access: serviceAccount,
        arrange: () =>
          server.use(
            ...googleHandlers((call) => {
              if (call.api === 'generateAccessToken') return accessTokenResponse();
              // The suite's clouds carry the test default external ID, which the template bound the account to.
              if (call.api === 'getServiceAccount') return serviceAccountResponse(call, testCloudDefaults.externalId);
              if (call.api === 'testIamPermissions') return HttpResponse.json({ permissions: call.body?.permissions as string[] });
              return projectResponse('acme-prod');
            }),
          ),
      },
      fails: [
        {
          access: serviceAccount,
          errorCode: 'IMPERSONATION_DENIED',
          arrange: () => server.use(...googleHandlers(() => googleErrors.impersonationDenied())),
        },
        {
          access: serviceAccount,
          errorCode: 'PROJECT_NOT_FOUND',
          arrange: () =>
            server.use(
              ...googleHandlers((call) => {
                if (call.api === 'generateAccessToken') return accessTokenResponse();
                if (call.api === 'getServiceAccount') return serviceAccountResponse(call, testCloudDefaults.externalId);
                return googleErrors.notFound();
              }),
            ),
        },
      ],
    },
  },
);
