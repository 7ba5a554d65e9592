import {
  functionSetting,
  issuesError,
  type ProviderClockSettings,
  parseInput,
  providerClockShape,
  type RetryPolicy,
  resourcePrefixSchema,
  retryPolicySchema,
  z,
} from '@byoc-kit/core/provider-utils';
import { parseServiceAccount } from './access/service-account.js';
import { defaultGcpBlueprint } from './blueprint/default.js';
import { defineGcpBlueprint, type GcpBlueprint, type GcpBlueprintInput, gcpBlueprintNameIssues } from './blueprint/define.js';
import { describePermissionEscalation, escalatingPermissions } from './blueprint/privilege-escalation.js';
import { defaultGcpPermissions } from './blueprint/vendor-permissions.js';
import { compileGcpDocuments, type GcpDocumentSettings } from './documents/readme.js';

/** The part of a google-auth-library `AuthClient` impersonation needs as its source. */
export interface GoogleAuthClientLike {
  getAccessToken(): Promise<{ token?: string | null }>;
  request(options: object): Promise<unknown>;
}

/** Settings of `createGcpProvider`. */
export interface GcpProviderSettings extends ProviderClockSettings {
  /** The vendor's service account that impersonates customer accounts: `byoc-vendor@vendor-prod.iam.gserviceaccount.com`. Required. */
  vendorPrincipal: string;
  /** Prefix of every resource name and of the custom-cloud label. Default `cce`. `^[a-z][a-z0-9-]{1,19}$`. */
  resourcePrefix?: string;
  /**
   * The vendor's own credentials, the source of impersonation: a google-auth-library `AuthClient`.
   * Default: `new GoogleAuth({ scopes: cloud-platform }).getClient()`, created on first
   * verification from Application Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`, the
   * metadata server, ...).
   */
  sourceClient?: GoogleAuthClientLike;
  /** The fetch used for Resource Manager calls (through ky). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Timeout of one Google API call, in ms. Default 30,000. */
  requestTimeoutMs?: number;
  /** IAM propagation: Google documents about two minutes, up to seven. Defaults: 5 s, x2, capped at 60 s, full jitter, deadline 420 s. */
  retry?: Partial<RetryPolicy>;
  /** Permissions of the custom role the template creates and verification tests. Default `defaultGcpPermissions`. */
  permissions?: string[];
  /** Prefix-length bounds the Terraform variables enforce; keep them equal to core's rules. Default /16 to /24. */
  reservedCidrBounds?: { minPrefix: number; maxPrefix: number };
  /** The service accounts, roles and grants the template creates: `defineGcpBlueprint(...)` or its input. Default `defaultGcpBlueprint`. */
  blueprint?: GcpBlueprint | GcpBlueprintInput;
  /**
   * The bundle's README as an eta template, in the vendor's words: `{ terraformReadme, data }`. A
   * template that does not compile fails the settings with `DOCUMENT_TEMPLATE_INVALID`.
   */
  documents?: GcpDocumentSettings;
}

const settingsSchema = z.strictObject({
  vendorPrincipal: z.string().refine((value) => {
    try {
      parseServiceAccount(value);
      return true;
    } catch {
      return false;
    }
  }, 'Use a user-managed service account email such as byoc-vendor@vendor-prod.iam.gserviceaccount.com.'),
  resourcePrefix: resourcePrefixSchema(),
  sourceClient: z
    .custom<GoogleAuthClientLike>(
      (value) =>
        typeof (value as GoogleAuthClientLike)?.getAccessToken === 'function' &&
        typeof (value as GoogleAuthClientLike)?.request === 'function',
      'Pass a google-auth-library AuthClient.',
    )
    .optional(),
  fetch: functionSetting<typeof fetch>(),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  ...providerClockShape,
  retry: retryPolicySchema({ initialDelayMs: 5_000, factor: 2, maxDelayMs: 60_000, deadlineMs: 420_000, jitter: 'full' }),
  permissions: z
    .array(z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+){2}$/, 'Use IAM permission names such as compute.instances.create.'))
    .min(1)
    .max(3000)
    .refine((permissions) => new Set(permissions).size === permissions.length, 'List each permission once.')
    .superRefine((permissions, context) => {
      for (const { index, reason } of escalatingPermissions(permissions)) {
        context.addIssue({ code: 'custom', message: describePermissionEscalation(reason), path: [index] });
      }
    })
    .default([...defaultGcpPermissions]),
  reservedCidrBounds: z
    .strictObject({ minPrefix: z.number().int().min(8).max(29), maxPrefix: z.number().int().min(8).max(29) })
    .refine((bounds) => bounds.minPrefix <= bounds.maxPrefix, 'minPrefix must not exceed maxPrefix.')
    .default({ minPrefix: 16, maxPrefix: 24 }),
  blueprint: z.custom<GcpBlueprint | GcpBlueprintInput>((value) => typeof value === 'object' && value !== null).optional(),
  documents: z.strictObject({ terraformReadme: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() }).optional(),
});

/** Settings after defaults and validation, the blueprint validated and the README compiled. */
export type ResolvedGcpSettings = Omit<z.output<typeof settingsSchema>, 'blueprint' | 'documents'> & {
  readonly blueprint: GcpBlueprint;
  readonly documents: ReturnType<typeof compileGcpDocuments>;
};

/** Validates the settings; raises `GCP_SETTINGS_INVALID` naming every bad setting. */
export function resolveGcpSettings(settings: unknown): ResolvedGcpSettings {
  const resolved = parseInput(settingsSchema, settings, { what: 'GCP provider settings', code: 'GCP_SETTINGS_INVALID' });
  const given = resolved.blueprint;
  const blueprint =
    given === undefined ? defaultGcpBlueprint : Object.isFrozen(given) ? (given as GcpBlueprint) : defineGcpBlueprint(given);
  const nameIssues = gcpBlueprintNameIssues(blueprint, resolved.resourcePrefix);
  if (nameIssues.length > 0)
    throw issuesError(`GCP blueprint "${blueprint.name}" for resource prefix "${resolved.resourcePrefix}"`, nameIssues);
  return { ...resolved, blueprint, permissions: [...resolved.permissions].sort(), documents: compileGcpDocuments(resolved.documents) };
}
