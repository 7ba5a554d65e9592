export { type AzureLighthouseErrorCode, azureLighthouseErrorCodes } from './error-codes.js';
export { createAzureProvider } from './provider.js';
export { azureBuiltInRoles, contributorRoleId } from './roles.js';
export type { AzureAuthorization, AzureProviderSettings, AzureTokenCredential } from './settings.js';
export { subscriptionDeploymentSchema } from './template/arm-template.js';
export { bindingOf } from './template/delegation.js';
