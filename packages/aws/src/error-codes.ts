import { defineErrorCodes } from '@byoc-kit/core/provider-utils';

/** The error codes `@byoc-kit/aws` adds to core's. */
export const awsErrorCodes = defineErrorCodes({
  AWS_SETTINGS_INVALID: 'createAwsProvider was given invalid settings; the message names the setting.',
  ROLE_ARN_INVALID: 'The access is not an IAM role ARN in the aws, aws-cn or aws-us-gov partition.',
  ROLE_PARTITION_MISMATCH: "The role ARN's partition does not match the custom cloud's region.",
  TRUST_MISSING_EXTERNAL_ID:
    'The role can be assumed without the external ID: its trust policy lacks the sts:ExternalId condition (confused deputy).',
  TRUST_EXTERNAL_ID_NOT_ENFORCED:
    "The role can be assumed with an external ID that is not the cloud's: its trust policy does not pin sts:ExternalId with StringEquals (confused deputy).",
  ASSUME_ROLE_DENIED: 'AssumeRole was denied for a reason other than propagation.',
  PROPAGATION_TIMEOUT: 'AssumeRole stayed denied until the verification deadline (IAM propagation, or a wrong trust policy).',
  SOURCE_IDENTITY_NOT_ALLOWED:
    "The role's trust lets the vendor in but refuses sts:SetSourceIdentity and sts:TagSession: a template from before the audit trail. Apply the current one.",
  ACCESS_REVOKED:
    'A health check found AssumeRole denied for a role that was verified before: the customer deleted the role, changed its trust policy, or an SCP denies it. Not propagation; the customer must restore the access.',
  VENDOR_CREDENTIALS_INVALID: "The vendor's own AWS credentials are missing, invalid or expired.",
  STS_REGION_DISABLED: 'STS is not activated in the region used for verification.',
  ACCOUNT_MISMATCH: "GetCallerIdentity with the assumed credentials returned another account than the role ARN's.",
  STS_REQUEST_INVALID: 'STS refused the verification request itself (a malformed parameter); not retried.',
  BLUEPRINT_INVALID:
    'The blueprint is malformed, refers to something it does not declare, or does not fit IAM limits; the message names the path.',
  BLUEPRINT_PRINCIPAL_WILDCARD: 'A trust policy of the blueprint is open to "*": any AWS account could assume the role.',
  BLUEPRINT_TRUST_UNCONDITIONED: 'The blueprint trusts another account without an external ID or MFA condition (confused deputy).',
  BLUEPRINT_PASSROLE_WILDCARD: 'A policy of the blueprint allows iam:PassRole (or a wildcard that includes it) on any role.',
  BLUEPRINT_PRIVILEGE_ESCALATION:
    "A policy of the blueprint allows an action that raises its holder's privileges (iam:CreatePolicyVersion, iam:AttachRolePolicy, ...) on resources the template does not create.",
  BLUEPRINT_PARAMETER_INVALID:
    'blueprintParameters gave a value that does not match the parameter, or a parameter the blueprint does not declare.',
  ACCESS_KEY_INVALID: 'The access is not an access key id and secret access key pair.',
  ACCESS_KEY_REJECTED: 'STS rejected the access key (unknown or deactivated key) until the verification deadline.',
  ACCESS_KEY_SECRET_MISMATCH: 'STS rejected the signature: the secret access key does not belong to the key id.',
  ACCESS_KEY_SECRET_UNAVAILABLE: 'The secret access key is not at hand: it was never stored, and no unseal function was given.',
  ACCESS_KEY_USER_MISMATCH: "The access key belongs to another identity than the blueprint's user.",
  STS_UNAVAILABLE: 'STS kept failing with throttling, 5xx or network errors until the deadline.',
  PERMISSIONS_MISSING:
    'IAM denies the role an action the template grants it (removed by hand, a Deny statement, a permissions boundary or an organization SCP); the message names each.',
  IAM_UNAVAILABLE:
    "IAM did not answer the role's simulation of its own policies (throttling, 5xx, network, malformed answer); not a verdict.",
});

/** A code raised by `@byoc-kit/aws`. */
export type AwsErrorCode = Exclude<keyof typeof awsErrorCodes, 'descriptions'>;
