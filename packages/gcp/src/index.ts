export { type GcpServiceAccount, parseServiceAccount } from './access/service-account.js';
export { defaultGcpBlueprint } from './blueprint/default.js';
export {
  defineGcpBlueprint,
  type GcpBlueprint,
  type GcpBlueprintInput,
  type GcpBlueprintOutput,
  type GcpBlueprintServiceAccount,
  gcpBlueprintSchema,
} from './blueprint/define.js';
export { defaultGcpPermissions } from './blueprint/vendor-permissions.js';
export { defaultGcpTerraformReadme, type GcpDocumentSettings, type GcpReadmeData } from './documents/readme.js';
export { type GcpErrorCode, gcpErrorCodes } from './error-codes.js';
export { createGcpProvider } from './provider.js';
export type { GcpProviderSettings, GoogleAuthClientLike } from './settings.js';
export { customCloudIdLabelKey } from './terraform/main-tf.js';
