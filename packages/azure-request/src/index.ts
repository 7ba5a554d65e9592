export { type AzureErrorCode, azureErrorCodes } from './azure-error-codes.js';
export { type AzureIds, parseAzureIds } from './azure-ids.js';
export { type AzureRequestProvider, type AzureRequestProviderSettings, createAzureRequestProvider } from './azure-provider.js';
export {
  type AzureRequestDocument,
  azureRequestDocumentSchema,
  azureRequestJsonSchema,
  azureRequestSchemaVersion,
} from './azure-request-document.js';
export { type AzureDocumentSettings, type AzureRequestMarkdownData, defaultAzureRequestMarkdown } from './azure-request-markdown.js';
export {
  type AzureRequestRecord,
  type AzureRequestState,
  type AzureRequestStore,
  azureRequestStates,
  createMemoryAzureRequestStore,
} from './azure-request-store.js';
export type { AzureRequestTracker, AzureRequestUpdate, AzureTrackingOutcome, TrackedByoc } from './azure-request-tracker.js';
export { signatureHeader, signBody, verifySignedBody } from './azure-signature.js';
export {
  type AzureRequestDelivery,
  type AzureRequestTransport,
  createWebhookTransport,
  type WebhookTransportSettings,
} from './azure-transport.js';
