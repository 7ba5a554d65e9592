import { createFakeProvider } from './fake-provider.js';
import { testProvider } from './test-provider.js';

testProvider('createFakeProvider', () => createFakeProvider(), {
  clouds: [
    { organizationId: 'org', displayName: 'Fake private', provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' },
    {
      organizationId: 'org',
      displayName: 'Fake public',
      provider: 'aws',
      region: 'us-east-1',
      reservedCidr: '10.1.0.0/20',
      deploymentModel: 'standard_public',
    },
  ],
  validAccess: ['fake:role-1', { identity: 'fake:x' }],
  invalidAccess: [
    { input: 'role-1', code: 'ACCESS_INVALID' },
    { input: 'fake:', code: 'ACCESS_INVALID' },
    { input: 42, code: 'ACCESS_INVALID' },
    { input: null, code: 'ACCESS_INVALID' },
  ],
  verification: {
    succeeds: { access: 'fake:role-1' },
    fails: [{ access: 'fake:denied-role', errorCode: 'ACCESS_DENIED' }],
  },
});
