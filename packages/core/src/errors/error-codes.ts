/**
 * Declares a table of error codes with a one-line description each. The keys become a string
 * union usable in `switch` statements; the descriptions document the code (README tables, typedoc).
 */
export function defineErrorCodes<const Codes extends Record<string, string>>(
  codes: Codes,
): { readonly [Code in keyof Codes]: Code } & { readonly descriptions: Readonly<Codes> } {
  for (const code of Object.keys(codes)) {
    if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) {
      throw new TypeError(`Error code "${code}" is not UPPER_SNAKE_CASE.`);
    }
  }
  const table = Object.fromEntries(Object.keys(codes).map((code) => [code, code]));
  return Object.freeze({ ...table, descriptions: Object.freeze({ ...codes }) }) as never;
}

/** The error codes raised by `@byoc-kit/core`. Adapters define their own tables beside this one. */
export const coreErrorCodes = defineErrorCodes({
  INPUT_INVALID: 'A value has the wrong type or shape; the details name its path.',
  INPUT_UNKNOWN_KEY: 'An object holds a key the schema does not know; the details name its path.',
  DISPLAY_NAME_INVALID: 'The display name is empty or longer than 64 characters.',
  ORGANIZATION_ID_INVALID: 'The organization id is empty, too long, or holds characters outside [A-Za-z0-9_-].',
  PROVIDER_INVALID: 'The cloud provider is not aws, gcp or azure.',
  DEPLOYMENT_MODEL_INVALID: 'The deployment model is not standard or standard_public.',
  CIDR_INVALID: 'The reserved CIDR is not an IPv4 network in a.b.c.d/n notation.',
  CIDR_NOT_PRIVATE: 'The reserved CIDR is outside the RFC 1918 private ranges.',
  CIDR_PREFIX_OUT_OF_RANGE: 'The reserved CIDR prefix length is outside the allowed bounds (default /16 to /24).',
  CIDR_HOST_BITS_SET: 'The reserved CIDR has host bits set; the details give the network that was meant.',
  CIDR_OVERLAP: 'The reserved CIDR overlaps a peer CIDR; the details name the peer.',
  SUBNET_PLAN_INVALID: 'The subnet plan options (zones, tiers) are malformed.',
  SUBNET_PLAN_TOO_SMALL: 'The reserved CIDR cannot hold the requested subnets with enough usable addresses.',
  NO_FREE_CIDR: 'No free block of the requested prefix exists inside the search range.',
  REGION_INVALID: "The region is unknown for the provider, or belongs to another provider's catalogue.",
  TAG_INVALID: 'A tag key or value breaks the cross-cloud tag rules, or there are more than 50 tags.',
  CONTACTS_INVALID: 'A contact email or role is invalid, there are more than 10, or no Admin is listed.',
  AVAILABILITY_INVALID: 'The availability is malformed (mode, organization units or projects).',
  EXTERNAL_ID_INVALID: 'An external ID is not 32 to 128 characters of [A-Za-z0-9-].',
  EXTERNAL_ID_IN_USE: 'generateExternalId returned an external ID another custom cloud holds.',
  EXTERNAL_ID_EXPIRED:
    'The external ID was never served in a template and outlived externalIds.unservedTtlMs; the next template carries a fresh one.',
  EXTERNAL_ID_ROTATION_PENDING:
    'A rotation of the external ID the customer was served has not ended: no check has seen the new ID accepted yet.',
  EXTERNAL_ID_ROTATION_UNSUPPORTED:
    "The provider's trust holds no external ID (capabilities.externalIdTrust), so there is nothing to rotate.",
  BYOC_OPTIONS_INVALID: 'createByoc was given invalid options (no store, a provider list that is not a list, ...); the message names each.',
  WIRE_FORMAT_INVALID: 'A wire-format document is not a custom_cloud_environment object.',
  ACCESS_INVALID: 'The identity the customer returned is malformed (adapters raise more precise codes).',
  INVALID_TRANSITION: "The lifecycle event is not allowed in the custom cloud's current state.",
  FIELD_IMMUTABLE: 'provider, region, reservedCidr and deploymentModel change only while the cloud is a draft.',
  VERSION_CONFLICT: 'The custom cloud changed since it was read; read it again and retry.',
  CUSTOM_CLOUD_NOT_FOUND: 'No custom cloud has this id.',
  CUSTOM_CLOUD_DELETED: 'The custom cloud is deleted; it can be read but not changed.',
  CUSTOM_CLOUD_EXISTS: 'A custom cloud with this id is already stored.',
  LIST_CURSOR_INVALID: "list's after names no stored custom cloud.",
  PROVIDER_NOT_REGISTERED: "No provider adapter is registered for the custom cloud's cloud.",
  AUDIT_LOG_UNSUPPORTED: 'The store keeps no audit trail (its `audit`), so byoc.auditLog has nothing to read.',
  PROVIDER_SPEC_UNSUPPORTED: 'A provider adapter implements a specification version this core does not know.',
  PROVIDER_DUPLICATE: 'Two provider adapters were registered for the same cloud.',
  MANUAL_VERIFICATION_UNSUPPORTED: 'confirmAccess and rejectAccess are for providers verified by people (Azure requests).',
  TEMPLATE_FORMAT_UNSUPPORTED: 'The provider cannot render the requested template format.',
  OBJECT_STORAGE_REQUIRED: "The provider's blueprint needs the custom cloud's bucket, and the cloud has object storage off.",
  VERIFICATION_ERROR: 'Access verification failed unexpectedly; the cause is attached.',
  VERIFICATION_FAILED: 'A verification failed without a failed check or an error to name; its report says no more.',
  VERIFICATION_CHECK_FAILED: 'A check of the verification failed; the message names the check and what it found.',
  DOCUMENT_TEMPLATE_INVALID:
    "A customer-facing document's eta template (a README, Azure's request.md) does not compile or fails to render; the message says where.",
  TEMPLATE_VERSION_UNSUPPORTED:
    "The cloud's provider does not describe its template (no describeTemplate), so it has no versions to compare.",
  TEMPLATE_VERSION_UNKNOWN:
    'The manifest of the template version a cloud runs is not in the store, so what an upgrade changes cannot be said.',
  TEMPLATE_NOT_APPLIED: 'The cloud has not been verified yet, so it runs no template version to upgrade from.',
  REGISTRATION_TOKEN_INVALID:
    'A self-registration token was not issued by this vendor (forged, signed with a retired secret), names another cloud or external ID, or its cloud is not in draft.',
  REGISTRATION_TOKEN_EXPIRED: 'A self-registration token is past its expiry; render the template again for a fresh one.',
  REGISTRATION_TOKEN_USED: 'A self-registration token was already used: a token registers one stack once.',
  REGISTRATION_NOT_CONFIGURED: 'registrationToken or acceptRegistration was called on a service created without registration settings.',
  ABORTED: 'The operation was aborted through its AbortSignal.',
  HEALTH_CHECK_NOT_APPLICABLE: 'checkHealth was called on a cloud that is neither active nor disconnected.',
  STORE_OUTBOX_UNSUPPORTED: 'startWorker was given onTransition, and the store keeps no transition events (no outbox).',
  STORE_CORRUPT: 'The store holds data that is not a valid custom cloud.',
  STORE_IO_FAILED: 'The store could not read or write its data.',
});

/** A code raised by `@byoc-kit/core`. */
export type CoreErrorCode = Exclude<keyof typeof coreErrorCodes, 'descriptions'>;
