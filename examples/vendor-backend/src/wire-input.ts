import { ByocError } from '@byoc-kit/core';

const createKeys: Record<string, string> = {
  cloud_provider: 'provider',
  cloud_region: 'region',
  deployment_model: 'deploymentModel',
  display_name: 'displayName',
  reserved_cidr: 'reservedCidr',
  tags: 'tags',
  contact_emails: 'contacts',
  object_storage: 'objectStorage',
};

/**
 * Aiven's snake_case request body as byoc-kit input. Unknown keys are kept under their own name,
 * so core refuses them with INPUT_UNKNOWN_KEY and the path the client sent.
 */
export function inputFromWire(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ByocError({
      code: 'INPUT_INVALID',
      message: 'The body must be a JSON object of custom-cloud fields (cloud_provider, cloud_region, ...).',
    });
  }
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (key === 'contact_emails' && Array.isArray(value)) {
        return [
          'contacts',
          value.map((contact) =>
            typeof contact === 'object' && contact !== null && 'real_name' in contact ? renameRealName(contact) : contact,
          ),
        ];
      }
      return [createKeys[key] ?? key, value];
    }),
  );
}

function renameRealName(contact: object): object {
  const { real_name, ...rest } = contact as { real_name?: unknown };
  return { ...rest, realName: real_name };
}

/** The identity the customer returned, from the provision body of each cloud. */
export function accessFromWire(body: unknown): unknown {
  const value = (body ?? {}) as Record<string, unknown>;
  if (value.aws_iam_role_arn !== undefined) return value.aws_iam_role_arn;
  if (value.google_privilege_bearing_service_account_id !== undefined) return value.google_privilege_bearing_service_account_id;
  if (value.azure_tenant_id !== undefined || value.azure_subscription_id !== undefined) {
    return {
      tenantId: value.azure_tenant_id,
      subscriptionId: value.azure_subscription_id,
      ...(value.azure_resource_group !== undefined ? { resourceGroup: value.azure_resource_group } : {}),
    };
  }
  throw new ByocError({
    code: 'ACCESS_INVALID',
    message:
      'Give the identity the template created: aws_iam_role_arn, google_privilege_bearing_service_account_id, or azure_tenant_id with azure_subscription_id.',
  });
}
