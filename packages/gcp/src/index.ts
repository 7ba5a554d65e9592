export {
  defineGcpBlueprint,
  type GcpBlueprint,
  type GcpBlueprintInput,
  type GcpBlueprintOutput,
  type GcpBlueprintServiceAccount,
  gcpBlueprintSchema,
} from './gcp-blueprint.js';
export { defaultGcpBlueprint } from './gcp-default-blueprint.js';
export { type GcpErrorCode, gcpErrorCodes } from './gcp-error-codes.js';
export { defaultGcpPermissions } from './gcp-permissions.js';
export { createGcpProvider } from './gcp-provider.js';
export { defaultGcpTerraformReadme, type GcpDocumentSettings, type GcpReadmeData } from './gcp-readme.js';
export { type GcpServiceAccount, parseServiceAccount } from './gcp-service-account.js';
export type { GcpProviderSettings, GoogleAuthClientLike } from './gcp-settings.js';
export { customCloudIdLabelKey } from './gcp-terraform-main.js';
