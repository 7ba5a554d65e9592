import { defineErrorCodes } from '@byoc-kit/core/provider-utils';

/** The error codes `@byoc-kit/azure-request` adds to core's. */
export const azureErrorCodes = defineErrorCodes({
  AZURE_SETTINGS_INVALID: 'createAzureRequestProvider was given invalid settings; the message names the setting.',
  AZURE_ID_INVALID: 'A tenant or subscription id is not a GUID.',
  RESOURCE_GROUP_INVALID: "The resource group name breaks Azure's rules (1-90 of letters, digits, _ - . ( ), not ending in .).",
  REQUEST_DELIVERY_FAILED: 'The request could not be delivered: network errors or 5xx answers until the deadline.',
  REQUEST_DELIVERY_REJECTED: "The vendor's endpoint refused the request with a 4xx answer; not retried.",
  REQUEST_DELIVERY_TIMEOUT: "The vendor's endpoint did not answer in time, on every attempt.",
  REQUEST_NOT_FOUND: 'No request was submitted for this custom cloud.',
  REQUEST_STATE_INVALID: 'The request cannot move to that state from where it is.',
  REQUEST_REJECTED: "The vendor's team rejected the request; the reason is recorded on the cloud.",
  FULFILMENT_MISMATCH: 'The subscription or resource group the team reports differs from the request.',
  WEBHOOK_SIGNATURE_INVALID: 'An incoming status update is unsigned, or its signature does not match.',
  WEBHOOK_SIGNATURE_STALE: 'An incoming status update was signed too long ago.',
  WEBHOOK_REPLAYED: 'An incoming status update (its updateId) was already applied, on this replica or another.',
  WEBHOOK_REQUEST_VERSION_MISMATCH: 'An incoming status update names another version of the request than the current one.',
  REQUEST_CHANGED: 'The request was written by another replica while an update was applied; send the update again.',
});

/** A code raised by `@byoc-kit/azure-request`. */
export type AzureErrorCode = Exclude<keyof typeof azureErrorCodes, 'descriptions'>;
