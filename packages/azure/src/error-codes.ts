import { defineErrorCodes } from '@byoc-kit/core/provider-utils';

/** The error codes `@byoc-kit/azure` adds to core's (and to `@byoc-kit/azure-request`'s, whose id codes it shares). */
export const azureLighthouseErrorCodes = defineErrorCodes({
  AZURE_SETTINGS_INVALID: 'createAzureProvider was given invalid settings; the message names the setting.',
  AZURE_ROLE_NOT_ALLOWED:
    'An authorization names a role Azure Lighthouse refuses (Owner, a role with DataActions, a custom role) or one byoc-kit does not delegate (User Access Administrator).',
  DELEGATION_NOT_FOUND:
    "No Lighthouse delegation of the subscription to the vendor's tenant was visible until the deadline: the template was not deployed, or Azure is still propagating it (up to 15 minutes).",
  DELEGATION_NOT_BOUND:
    "The subscription is delegated to the vendor for another custom cloud, not this one: its registration definition does not carry this cloud's binding (confused deputy).",
  DELEGATION_AUTHORIZATIONS_MISMATCH:
    "The delegation's authorizations are not the ones the template grants: a principal or role was added, removed or changed.",
  SUBSCRIPTION_NOT_VISIBLE: "The vendor's tenant cannot read the subscription through the delegation.",
  AZURE_TENANT_MISMATCH: 'The subscription belongs to another tenant than the one the customer gave.',
  SUBSCRIPTION_DISABLED: 'The subscription is not enabled (disabled, past due or deleted).',
  RESOURCE_GROUP_NOT_FOUND: "The template's resource group is not in the subscription, or the delegation does not reach it.",
  ACCESS_REVOKED:
    'A health check found the delegation gone for a subscription that was verified before: the customer removed the Lighthouse assignment. Not propagation; the customer must deploy the template again.',
  VENDOR_CREDENTIALS_INVALID:
    "The vendor's own Azure credentials are missing, invalid or expired (ARM answered 401, or no token was issued).",
  ARM_UNAVAILABLE: 'Azure Resource Manager kept failing with throttling, 5xx or network errors until the deadline.',
});

/** A code of `azureLighthouseErrorCodes`. */
export type AzureLighthouseErrorCode = Exclude<keyof typeof azureLighthouseErrorCodes, 'descriptions'>;
