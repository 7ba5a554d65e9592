import {
  functionSetting,
  type ProviderClockSettings,
  parseInput,
  providerClockShape,
  type RetryPolicy,
  resourcePrefixSchema,
  retryPolicySchema,
  z,
} from '@byoc-kit/core/provider-utils';
import { assertDelegableRole, contributorRoleId } from './roles.js';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Use a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.')
  .transform((value) => value.toLowerCase());

/** One authorization of the delegation: a principal of the vendor's tenant holds a built-in role on the customer's subscription. */
export interface AzureAuthorization {
  /** Object id of a user, group or service principal in the vendor's tenant (a group is Microsoft's advice). */
  readonly principalId: string;
  /** What the customer's portal shows for it under Service providers. */
  readonly principalIdDisplayName: string;
  /** A built-in role definition id: Contributor is `b24988ac-6180-42a0-ab88-20f7382dd24c`. */
  readonly roleDefinitionId: string;
}

/** A token of the vendor's own identity for Azure Resource Manager: `@azure/identity`'s `TokenCredential` fits. */
export interface AzureTokenCredential {
  getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal }): Promise<{ token: string } | null>;
}

/** Settings of `createAzureProvider`. */
export interface AzureProviderSettings extends ProviderClockSettings {
  /** The vendor's Microsoft Entra tenant, which manages the customers' subscriptions. Required. */
  managingTenantId: string;
  /** Who of the vendor's tenant may act, with which built-in roles. Default: `vendorPrincipalId` as Contributor. */
  authorizations?: AzureAuthorization[];
  /** Shorthand for one authorization: this principal as Contributor. */
  vendorPrincipalId?: string;
  /** The offer's name in the customer's portal (Service providers). Default `byoc-kit custom cloud`. */
  offerName?: string;
  /** Prefix of the resource group and network names. Default `cce`. */
  resourcePrefix?: string;
  /** Where the vendor hosts `azuredeploy.json` (https): bundles then carry a "Deploy to Azure" link. */
  templateUrl?: string;
  /** The vendor's credential for ARM. Default: `DefaultAzureCredential` of `@azure/identity`, loaded on the first verification. */
  credential?: AzureTokenCredential;
  /** Azure Resource Manager's endpoint. Default `https://management.azure.com` (sovereign clouds differ). */
  armEndpoint?: string;
  /** The fetch ARM calls go through. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Timeout of one ARM call, in ms. Default 30,000. */
  requestTimeoutMs?: number;
  /** Lighthouse takes up to 15 minutes to show a new delegation. Defaults: 10 s, x2, capped at 60 s, full jitter, deadline 900 s. */
  retry?: Partial<RetryPolicy>;
}

const settingsSchema = z
  .strictObject({
    managingTenantId: guid,
    authorizations: z
      .array(
        z.strictObject({
          principalId: guid,
          principalIdDisplayName: z.string().min(1).max(100),
          roleDefinitionId: guid,
        }),
      )
      .min(1)
      .max(20)
      .optional(),
    vendorPrincipalId: guid.optional(),
    offerName: z.string().min(1).max(100).default('byoc-kit custom cloud'),
    resourcePrefix: resourcePrefixSchema(),
    templateUrl: z.url({ protocol: /^https$/ }).optional(),
    credential: z
      .custom<AzureTokenCredential>((value) => typeof (value as AzureTokenCredential)?.getToken === 'function', 'Pass a TokenCredential.')
      .optional(),
    armEndpoint: z.url({ protocol: /^https?$/ }).default('https://management.azure.com'),
    fetch: functionSetting<typeof fetch>(),
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    ...providerClockShape,
    retry: retryPolicySchema({ initialDelayMs: 10_000, factor: 2, maxDelayMs: 60_000, deadlineMs: 900_000, jitter: 'full' }),
  })
  .refine((settings) => settings.authorizations !== undefined || settings.vendorPrincipalId !== undefined, {
    message: 'Give vendorPrincipalId (the object id of the vendor group or service principal) or authorizations.',
    path: ['vendorPrincipalId'],
  });

/** Settings after defaults and validation. */
export type ResolvedAzureSettings = Omit<z.output<typeof settingsSchema>, 'authorizations' | 'vendorPrincipalId'> & {
  readonly authorizations: readonly AzureAuthorization[];
};

/** Validates the settings: `AZURE_SETTINGS_INVALID` naming every bad one, `AZURE_ROLE_NOT_ALLOWED` for a role Lighthouse refuses. */
export function resolveAzureSettings(settings: unknown): ResolvedAzureSettings {
  const { authorizations, vendorPrincipalId, ...resolved } = parseInput(settingsSchema, settings, {
    what: 'Azure provider settings',
    code: 'AZURE_SETTINGS_INVALID',
  });
  const chosen = authorizations ?? [
    { principalId: vendorPrincipalId as string, principalIdDisplayName: 'byoc-kit vendor', roleDefinitionId: contributorRoleId },
  ];
  chosen.forEach((authorization, index) => {
    assertDelegableRole(authorization.roleDefinitionId, `authorizations[${index}]`);
  });
  return { ...resolved, authorizations: chosen };
}
