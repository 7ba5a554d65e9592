import { ByocError, type CustomCloud } from '@byoc-kit/core';
import {
  functionSetting,
  issuesError,
  type ProviderClockSettings,
  parseInput,
  providerClockShape,
  resourcePrefixSchema,
  retryPolicySchema,
  z,
} from '@byoc-kit/core/provider-utils';
import { defaultAwsBlueprint } from './blueprint/default.js';
import { blueprintNameIssues, defineAwsBlueprint, isDefinedBlueprint } from './blueprint/define.js';
import { describeEscalation, escalationsOf } from './blueprint/privilege-escalation.js';
import { type AwsBlueprint, type AwsBlueprintInput, blueprintStatementSchema } from './blueprint/schema.js';
import { type AwsDocumentSettings, type AwsDocuments, compileAwsDocuments } from './documents/readme-documents.js';
import { vendorPrincipalPattern } from './plan/rules.js';
import { actionsOf, type PolicyStatement, worstCasePolicySize } from './plan/statement.js';

/** The part of an STS client byoc-kit calls: the AWS SDK v3 `STSClient` fits. */
export interface StsClientLike {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** Temporary credentials returned by AssumeRole. */
export interface AssumedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date | undefined;
}

/** How verification retries while IAM propagates a new role. */
export interface AwsRetryPolicy {
  /** First wait, in ms. Default 2,000. */
  initialDelayMs?: number;
  /** Growth of the wait per attempt. Default 2. */
  factor?: number;
  /** Longest wait, in ms. Default 30,000. */
  maxDelayMs?: number;
  /** Give up after this long, in ms. Default 180,000. */
  deadlineMs?: number;
  /** `full`: wait a random time up to the computed delay (AWS's recommendation); `none`: exactly it. Default `full`. */
  jitter?: 'full' | 'none';
}

/**
 * An extra IAM statement the vendor's role needs, added to the template as its own policy: the
 * adapter's one statement type, so its strings may refer to the cloud's values
 * (`['arn:', { ref: 'partition' }, ':s3:::logs-', { ref: 'customCloudId' }]`) as a blueprint's do.
 */
export type IamStatement = PolicyStatement;

/** Settings of `createAwsProvider`. */
export interface AwsProviderSettings extends ProviderClockSettings {
  /** The vendor's role or account that assumes customer roles: `arn:aws:iam::111122223333:role/byoc-vendor`. Required. */
  vendorPrincipalArn: string;
  /** Prefix of every resource name and of the custom-cloud tag. Default `cce`. `^[a-z][a-z0-9-]{1,19}$`. */
  resourcePrefix?: string;
  /** Region of the STS endpoint used to verify. Default: `AWS_REGION`, read when verifying, else `us-east-1`. */
  stsRegion?: string;
  /** The STS client used with the vendor's own credentials. Default: an `STSClient` of `@aws-sdk/client-sts`, created on first use. */
  stsClient?: StsClientLike;
  /** Builds the STS client that calls GetCallerIdentity with the assumed credentials. Default: an `STSClient`. */
  createAssumedRoleClient?: (credentials: AssumedCredentials) => StsClientLike | Promise<StsClientLike>;
  /**
   * Builds the IAM client that simulates the role's own policies with the assumed credentials
   * (`iam:SimulatePrincipalPolicy`, when the blueprint grants it). Default: an `IAMClient` of
   * `@aws-sdk/client-iam`, loaded on the first check; rendering never loads it.
   */
  createIamClient?: (credentials: AssumedCredentials) => StsClientLike | Promise<StsClientLike>;
  /**
   * How often health checks also ask IAM about every permission the template grants, in ms: a
   * health check runs that deeper check when the last one (a verification, or a health check that
   * ran it) is older than this. Full verifications always run it. Default 6 hours; 0 on every check.
   */
  permissionCheckIntervalMs?: number;
  /** Credentials of the default `STSClient`. Default: the AWS SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  retry?: AwsRetryPolicy;
  /** Timeout of one STS call, in ms; the verification's deadline also cuts a call in flight. Default 10,000. */
  requestTimeoutMs?: number;
  /**
   * Extra statements for the vendor role, validated: no `service:*` actions, and no action (wildcards
   * expanded) that lets the vendor raise its privileges on resources the template does not create
   * (`iam:PassRole` on any role, `iam:CreatePolicyVersion` on any policy, ...).
   */
  extraVendorStatements?: IamStatement[];
  /** Prefix-length bounds the Terraform variables enforce; keep them equal to core's rules. Default /16 to /24. */
  reservedCidrBounds?: { minPrefix: number; maxPrefix: number };
  /** An https URL where the vendor hosts the CloudFormation template, for the quick-create link. */
  cloudFormationTemplateUrl?: string;
  /** What the template creates: `defineAwsBlueprint(...)` or its input. Default `defaultAwsBlueprint`. */
  blueprint?: AwsBlueprint | AwsBlueprintInput;
  /** Values of the blueprint's parameters for one custom cloud; a parameter left out is for the customer to fill in. */
  blueprintParameters?: (cloud: CustomCloud) => Readonly<Record<string, string>> | undefined;
  /**
   * Seals a secret the customer returns (an access key's secret) before it is stored, e.g. with
   * KMS. Without it, the secret is used for the verification in progress and never stored.
   */
  seal?: (secret: string, context: { customCloudId: string }) => string | Promise<string>;
  /** Opens what `seal` returned, to verify again (retry, reconnect) without the customer. */
  unseal?: (sealed: string, context: { customCloudId: string }) => string | Promise<string>;
  /** Builds the STS client that calls GetCallerIdentity with a customer's access key. Default: an `STSClient`. */
  createAccessKeyClient?: (credentials: { accessKeyId: string; secretAccessKey: string }) => StsClientLike | Promise<StsClientLike>;
  /**
   * The customer documents of the bundles as eta templates, to say things in the vendor's words (its
   * name, support links, extra steps): `{ terraformReadme, cloudFormationReadme, data }`. A template
   * that does not compile fails the settings with `DOCUMENT_TEMPLATE_INVALID`.
   */
  documents?: AwsDocumentSettings;
  /**
   * AWS without copy-paste: the CloudFormation template gets a custom resource that posts the role
   * it created, the stack id and a one-time token to `callbackUrl` (https), where the vendor calls
   * `byoc.acceptRegistration(body)`. Needs `registration` settings in `createByoc`, and a blueprint
   * whose access identity is a role.
   */
  selfRegistration?: { callbackUrl: string };
}

const principalPattern = new RegExp(vendorPrincipalPattern);
const statementSchema = blueprintStatementSchema.superRefine((statement, context) => {
  const actions = actionsOf(statement);
  if (statement.Effect !== 'Allow') return;
  for (const action of actions) {
    if (/^[a-z0-9-]+:\*$/.test(action))
      context.addIssue({
        code: 'custom',
        message: `"${action}" grants a whole service; list the actions the vendor needs.`,
        path: ['Action'],
      });
  }
  for (const escalation of escalationsOf(statement)) {
    context.addIssue({ code: 'custom', message: describeEscalation(escalation), path: ['Action'] });
  }
});

const settingsSchema = z.strictObject({
  vendorPrincipalArn: z
    .string()
    .regex(principalPattern, 'Use an IAM role, user or account-root ARN such as arn:aws:iam::111122223333:role/byoc-vendor.'),
  resourcePrefix: resourcePrefixSchema(),
  stsRegion: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'Use an AWS region such as us-east-1.')
    .optional(),
  stsClient: z
    .custom<StsClientLike>((value) => typeof (value as StsClientLike)?.send === 'function', 'Pass an object with a send(command) method.')
    .optional(),
  createAssumedRoleClient: functionSetting<AwsProviderSettings['createAssumedRoleClient']>(),
  createIamClient: functionSetting<AwsProviderSettings['createIamClient']>(),
  permissionCheckIntervalMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400_000)
    .default(6 * 3_600_000),
  credentials: z
    .strictObject({ accessKeyId: z.string().min(16), secretAccessKey: z.string().min(1), sessionToken: z.string().optional() })
    .optional(),
  ...providerClockShape,
  retry: retryPolicySchema({ initialDelayMs: 2_000, factor: 2, maxDelayMs: 30_000, deadlineMs: 180_000, jitter: 'full' }),
  requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  extraVendorStatements: z.array(statementSchema).max(50).default([]),
  reservedCidrBounds: z
    .strictObject({ minPrefix: z.number().int().min(8).max(28), maxPrefix: z.number().int().min(8).max(28) })
    .refine((bounds) => bounds.minPrefix <= bounds.maxPrefix, 'minPrefix must not exceed maxPrefix.')
    .default({ minPrefix: 16, maxPrefix: 24 }),
  cloudFormationTemplateUrl: z.url({ protocol: /^https$/ }).optional(),
  blueprint: z.custom<AwsBlueprint | AwsBlueprintInput>((value) => typeof value === 'object' && value !== null).optional(),
  blueprintParameters: functionSetting<NonNullable<AwsProviderSettings['blueprintParameters']>>(),
  seal: functionSetting<NonNullable<AwsProviderSettings['seal']>>(),
  unseal: functionSetting<NonNullable<AwsProviderSettings['unseal']>>(),
  createAccessKeyClient: functionSetting<NonNullable<AwsProviderSettings['createAccessKeyClient']>>(),
  selfRegistration: z.strictObject({ callbackUrl: z.url({ protocol: /^https$/ }).max(2048) }).optional(),
  documents: z
    .strictObject({
      terraformReadme: z.string().optional(),
      cloudFormationReadme: z.string().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

/** Settings after defaults and validation, the blueprint validated and the documents compiled. */
export type ResolvedAwsSettings = Omit<z.output<typeof settingsSchema>, 'blueprint' | 'documents'> & {
  readonly blueprint: AwsBlueprint;
  readonly documents: AwsDocuments;
};

/** Validates the settings; raises `AWS_SETTINGS_INVALID` naming every bad setting. */
export function resolveAwsSettings(settings: unknown): ResolvedAwsSettings {
  const parsed = parseInput(settingsSchema, settings, { what: 'AWS provider settings', code: 'AWS_SETTINGS_INVALID' });
  const blueprint =
    parsed.blueprint === undefined
      ? defaultAwsBlueprint
      : isDefinedBlueprint(parsed.blueprint)
        ? parsed.blueprint
        : defineAwsBlueprint(parsed.blueprint as AwsBlueprintInput);
  const nameIssues = blueprintNameIssues(blueprint, parsed.resourcePrefix);
  if (nameIssues.length > 0)
    throw issuesError(`AWS blueprint "${blueprint.name}" for resource prefix "${parsed.resourcePrefix}"`, nameIssues);
  if ((parsed.seal === undefined) !== (parsed.unseal === undefined)) {
    throw new ByocError({ code: 'AWS_SETTINGS_INVALID', message: 'Pass seal and unseal together: what one seals, the other must open.' });
  }
  const accessIdentity = blueprint.identities.find((identity) => identity.id === blueprint.access.identity);
  if (parsed.selfRegistration !== undefined && accessIdentity?.kind !== 'crossAccountRole') {
    throw new ByocError({
      code: 'AWS_SETTINGS_INVALID',
      message: `selfRegistration posts the role the stack created; blueprint "${blueprint.name}" hands the vendor a ${accessIdentity?.kind ?? 'missing'} identity. Use a blueprint whose access identity is a cross-account role.`,
    });
  }
  const resolved: ResolvedAwsSettings = { ...parsed, blueprint, documents: compileAwsDocuments(parsed.documents) };
  const extraSize = worstCasePolicySize(resolved.extraVendorStatements);
  if (extraSize > 6144) {
    throw new ByocError({
      code: 'AWS_SETTINGS_INVALID',
      message: `extraVendorStatements come to ${extraSize} characters; IAM allows 6,144 in one managed policy. Trim or merge them.`,
      details: { size: extraSize },
    });
  }
  return resolved;
}
