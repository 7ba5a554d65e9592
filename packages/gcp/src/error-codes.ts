import { defineErrorCodes } from '@byoc-kit/core/provider-utils';

/** The error codes `@byoc-kit/gcp` adds to core's. */
export const gcpErrorCodes = defineErrorCodes({
  GCP_SETTINGS_INVALID: 'createGcpProvider was given invalid settings; the message names the setting.',
  BLUEPRINT_INVALID: 'The GCP blueprint is malformed, refers to something it does not declare, or its ids do not fit the prefix.',
  BLUEPRINT_ROLE_TOO_BROAD:
    'A project role of the blueprint hands over the project or every service account in it (owner, editor, Token Creator, a custom role with getAccessToken or setIamPolicy, ...).',
  SERVICE_ACCOUNT_INVALID: 'The access is not a user-managed service account (email or projects/<p>/serviceAccounts/<email>).',
  IMPERSONATION_DENIED: 'The vendor principal cannot impersonate the service account: grant it Token Creator on that account.',
  PERMISSIONS_MISSING: 'The service account lacks permissions the vendor needs; the message lists them.',
  SERVICE_ACCOUNT_NOT_BOUND:
    "The service account does not carry this custom cloud's binding (its external ID in the account's description, which the template writes): it was made for another custom cloud, or the template that binds it was not applied. The GCP guard against a confused deputy.",
  PROJECT_NOT_FOUND: "The service account's project does not exist or is being deleted.",
  PROPAGATION_TIMEOUT: 'The permission test passed but a real read stayed denied until the deadline (IAM propagation).',
  VENDOR_CREDENTIALS_INVALID: "The vendor's own Google credentials are missing, invalid or expired.",
  GCP_UNAVAILABLE: 'Google APIs kept failing with 429, 5xx or network errors until the deadline.',
  GCP_REQUEST_INVALID: 'A Google API refused the verification request itself; not retried.',
});

/** A code raised by `@byoc-kit/gcp`. */
export type GcpErrorCode = Exclude<keyof typeof gcpErrorCodes, 'descriptions'>;
