import { defineErrorCodes } from '@byoc-kit/core';

/** The error codes `@byoc-kit/aws` adds to core's. */
export const awsErrorCodes = defineErrorCodes({
  AWS_SETTINGS_INVALID: 'createAwsProvider was given invalid settings; the message names the setting.',
  ROLE_ARN_INVALID: 'The access is not an IAM role ARN in the aws, aws-cn or aws-us-gov partition.',
  ROLE_PARTITION_MISMATCH: "The role ARN's partition does not match the custom cloud's region.",
  TRUST_MISSING_EXTERNAL_ID:
    'The role can be assumed without the external ID: its trust policy lacks the sts:ExternalId condition (confused deputy).',
  ASSUME_ROLE_DENIED: 'AssumeRole was denied for a reason other than propagation.',
  PROPAGATION_TIMEOUT: 'AssumeRole stayed denied until the verification deadline (IAM propagation, or a wrong trust policy).',
  VENDOR_CREDENTIALS_INVALID: "The vendor's own AWS credentials are missing, invalid or expired.",
  STS_REGION_DISABLED: 'STS is not activated in the region used for verification.',
  ACCOUNT_MISMATCH: "GetCallerIdentity with the assumed credentials returned another account than the role ARN's.",
  STS_REQUEST_INVALID: 'STS refused the verification request itself (a malformed parameter); not retried.',
  STS_UNAVAILABLE: 'STS kept failing with throttling, 5xx or network errors until the deadline.',
});

/** A code raised by `@byoc-kit/aws`. */
export type AwsErrorCode = Exclude<keyof typeof awsErrorCodes, 'descriptions'>;
