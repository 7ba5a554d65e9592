/**
 * `@byoc-kit/core/testing`: what the tests of every package share. The conformance suites each
 * adapter, store and job queue runs (`testProvider`, `testStore`, `testRuntime`), the fake provider,
 * msw and Terraform harnesses, golden files and the secret-leak checks. It may import every folder
 * of core (`service/`, `runtime/`, `store/`, `wire/`, `provider/`, `templates/`, `domain/`,
 * `errors/`); nothing in the product imports it.
 */
export { createFakeProvider, type FakeProviderOptions, type FakeVerification } from './fake-provider.js';
export { expectGoldenFiles } from './golden-files.js';
export { makeCustomCloud, testCloudDefaults } from './make-custom-cloud.js';
export { type RecordedRequest, setupTestServer } from './msw-server.js';
export { nastyText } from './nasty-text.js';
export { type CapturedOutput, captureOutput, expectNoSecrets } from './secret-leaks.js';
export {
  type PlannedResource,
  readPlan,
  type TerraformPlan,
  type TerraformWorkspace,
  terraformAvailable,
  terraformInstalled,
  terraformWorkspace,
} from './terraform-harness.js';
export { type ProviderConformanceCases, testProvider, type VerificationScenario } from './test-provider.js';
export { type RuntimeBackend, testRuntime } from './test-runtime.js';
export { type TestStoreOptions, testStore } from './test-store.js';
export { rejectedCode, thrownCode } from './thrown-code.js';
