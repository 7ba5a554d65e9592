export { createFakeProvider, type FakeProviderOptions, type FakeVerification } from './fake-provider.js';
export { makeCustomCloud, testCloudDefaults } from './make-custom-cloud.js';
export { type RecordedRequest, setupTestServer } from './msw-server.js';
export { type ProviderConformanceCases, testProvider, type VerificationScenario } from './test-provider.js';
export { testStore } from './test-store.js';
export { thrownCode } from './thrown-code.js';
