import { z } from '@byoc-kit/core/provider-utils';
import type { PolicyReference } from '../plan/statement.js';
import { iamDescriptionSafe } from './iam-text.js';

/**
 * The zod schema of an AWS blueprint: what a vendor's template creates in the customer's account
 * (identities with their trust and permissions, the network, the bucket) and what the customer
 * reads back. Blueprints are data; `defineAwsBlueprint` validates one and applies the refusals.
 */

const policyReferences = [
  'partition',
  'region',
  'vpcArn',
  'bucketName',
  'nodeRoleArn',
  'customCloudId',
  'ec2Service',
] as const satisfies readonly PolicyReference[];

/** An IAM description: at most 1,000 characters, made Latin-1 as IAM takes it (`iamDescriptionSafe`). */
const iamDescriptionSchema = z.string().max(1000).transform(iamDescriptionSafe);

const idSchema = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'Use lower-case letters, digits and _, starting with a letter (at most 31).');
/** A name suffix (`node-role`, made `<prefix>-<short id>-node-role`) or, with `exactName`, the whole name. */
const iamNameSchema = z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, 'Use 1 to 64 of A-Z a-z 0-9 + = , . @ _ -.');

const partSchema = z.union([
  z.string().max(2048),
  z.strictObject({ ref: z.enum(policyReferences) }),
  z.strictObject({ arnOf: idSchema }),
  z.strictObject({ parameter: idSchema }),
]);
/** A string of a policy: plain, or parts mixing text and references (`['arn:', { ref: 'partition' }, ':s3:::x']`). */
export const policyStringSchema = z.union([
  z.string().min(1).max(2048),
  z
    .array(partSchema)
    .min(1)
    .max(20)
    .refine((parts) => parts.some((part) => typeof part !== 'string'), 'A parts list needs a reference.'),
]);
const policyStringsSchema = z.union([policyStringSchema, z.array(policyStringSchema).min(1).max(200)]);
const actionPattern = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

/** An IAM statement of a blueprint policy, written as IAM takes it; strings may hold references. */
export const blueprintStatementSchema = z.strictObject({
  Sid: z
    .string()
    .regex(/^[A-Za-z0-9]{1,100}$/)
    .optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: z.union([z.string().regex(actionPattern), z.array(z.string().regex(actionPattern)).min(1).max(200)]),
  Resource: policyStringsSchema,
  Condition: z.record(z.string().min(1), z.record(z.string().min(1), z.union([policyStringsSchema, z.boolean()]))).optional(),
});

/** Statement sets byoc-kit writes itself: the vendor's scoped EC2 and bucket permissions, and the settings' extra statements. */
export const statementSets = ['vendorCompute', 'vendorStorage', 'settingsExtra'] as const;

const policySchema = z.strictObject({
  /** Terraform label and CloudFormation logical id (`vendor_storage` -> `VendorStoragePolicy`). */
  id: idSchema,
  name: iamNameSchema,
  exactName: z.boolean().default(false),
  /** `managed`: a customer-managed policy attached to the identity; `inline`: embedded in it. */
  attachment: z.enum(['managed', 'inline']),
  /** `{customCloudId}` is replaced; `{part}` and `{parts}` number the policies of a split. Latin-1 is kept, other characters become `?`. */
  description: iamDescriptionSchema.optional(),
  /** Only when the custom cloud has object storage on. */
  when: z.literal('objectStorage').optional(),
  /** Managed only: split the statements into as many policies as IAM's 6,144-character limit needs, numbered from 1. */
  split: z.boolean().default(false),
  statements: z.union([z.array(blueprintStatementSchema).min(1).max(100), z.strictObject({ set: z.enum(statementSets) })]),
  /**
   * CloudFormation-only choices that keep what stacks applied earlier already hold: a new description
   * or name replaces a named managed policy, which CloudFormation cannot do in place.
   */
  cloudFormation: z
    .strictObject({
      policyName: z
        .string()
        .regex(/^[\w+=,.@-]{1,128}$/)
        .optional(),
      description: z.boolean().default(true),
      inlineReferences: z.boolean().default(false),
    })
    .default({ description: true, inlineReferences: false }),
});

const identityCommon = {
  id: idSchema,
  name: iamNameSchema,
  exactName: z.boolean().default(false),
  /** `{customCloudId}`; `{displayName}` in the access identity only. Latin-1 is kept, other characters become `?`. */
  description: iamDescriptionSchema.optional(),
  /** One line of the customer's README: what this identity is for. */
  summary: z.string().min(1).max(1000),
  /** A comment above the identity in main.tf. */
  comment: z.string().min(1).max(300).optional(),
  policies: z.array(policySchema).max(20).default([]),
  /** Managed policies another identity of the blueprint declares, attached to this one too. */
  attachPolicies: z.array(idSchema).max(10).default([]),
};

const stsActions = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] as const;

const crossAccountRoleSchema = z.strictObject({
  kind: z.literal('crossAccountRole'),
  ...identityCommon,
  trust: z.strictObject({
    /** `vendor`: the provider settings' `vendorPrincipalArn`; or an account, or a role or user ARN. */
    principal: z.union([z.literal('vendor'), z.strictObject({ account: z.string() }), z.strictObject({ arn: z.string() })]),
    actions: z.array(z.enum(stsActions)).min(1).default(['sts:AssumeRole']),
    externalId: z.boolean().default(true),
    mfa: z.boolean().default(false),
    /**
     * The audit trail of the sessions: `required` (the trust allows `sts:SetSourceIdentity` and
     * `sts:TagSession` and refuses a session without a source identity), `allowed` (it allows them),
     * `off`. Default: `required` for the identity byoc-kit assumes (the blueprint's access, trusting
     * the vendor with an external ID), `off` for the others, which people may assume by hand.
     */
    sourceIdentity: z.enum(['required', 'allowed', 'off']).optional(),
    sid: z
      .string()
      .regex(/^[A-Za-z0-9]{1,100}$/)
      .optional(),
  }),
  maxSessionDurationSeconds: z.number().int().min(3600).max(43_200).optional(),
});

const webIdentityRoleSchema = z.strictObject({
  kind: z.literal('webIdentityRole'),
  ...identityCommon,
  trust: z.strictObject({
    /** The blueprint parameter holding the OIDC provider's ARN (`arn:aws:iam::<account>:oidc-provider/<issuer>`). */
    providerArnParameter: idSchema,
    subjects: z.array(z.string().min(1).max(256)).min(1).max(50),
    subjectMatch: z.enum(['StringEquals', 'StringLike']).default('StringLike'),
    audience: z.string().min(1).max(256).default('sts.amazonaws.com'),
    sid: z
      .string()
      .regex(/^[A-Za-z0-9]{1,100}$/)
      .optional(),
  }),
});

const serviceRoleSchema = z.strictObject({
  kind: z.literal('serviceRole'),
  ...identityCommon,
  service: z.literal('ec2'),
  instanceProfile: z.strictObject({ name: iamNameSchema }).optional(),
});

const userSchema = z.strictObject({
  kind: z.literal('user'),
  ...identityCommon,
  /** A long-lived access key: allowed, and reported as a warning on every bundle. */
  accessKey: z.boolean().default(false),
  /** A console password, generated by the template. */
  consolePassword: z.boolean().default(false),
});

export const identitySchema = z.discriminatedUnion('kind', [crossAccountRoleSchema, webIdentityRoleSchema, serviceRoleSchema, userSchema]);

const outputValueSchema = z.union([
  z.strictObject({
    of: z.enum(['arn', 'name', 'instanceProfileArn', 'accessKeyId', 'secretAccessKey', 'consolePassword']),
    identity: idSchema,
  }),
  z.strictObject({ of: z.literal('policyArn'), policy: idSchema }),
  z.strictObject({ of: z.enum(['vpcId', 'subnetIds', 'bucketName', 'signInUrl']) }),
]);

const outputSchema = z.strictObject({
  /** The Terraform output; CloudFormation's is its PascalCase unless `cloudFormationName` is given. */
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'Use lower-case letters, digits and _, starting with a letter.'),
  cloudFormationName: z
    .string()
    .regex(/^[A-Za-z0-9]{1,255}$/)
    .optional(),
  /** For the vendor, in the bundle's `outputs`. */
  description: z.string().min(1).max(1000),
  terraformDescription: z.string().min(1).max(1000).optional(),
  cloudFormationDescription: z.string().min(1).max(1000).optional(),
  value: outputValueSchema,
});

const parameterSchema = z.strictObject({
  /** A Terraform variable; its CloudFormation parameter is the PascalCase. */
  name: idSchema,
  description: z.string().min(1).max(1000),
  /** A regular expression every value must match, anchored. */
  pattern: z
    .string()
    .min(3)
    .max(500)
    .refine((pattern) => pattern.startsWith('^') && pattern.endsWith('$'), 'Anchor the pattern with ^ and $.'),
  maxLength: z.number().int().min(1).max(512).default(256),
});

/** The zod schema of `defineAwsBlueprint`'s input. */
export const awsBlueprintSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'Use lower-case letters, digits and -.'),
  /** The CloudFormation template's description. */
  description: z.string().min(1).max(1000),
  /** Whether the template creates the VPC, subnets, gateways and security group. */
  network: z.boolean(),
  /** `optional`: created when the custom cloud has object storage on; `required`: such a cloud is needed. */
  bucket: z.enum(['none', 'optional', 'required']),
  /** Values of one custom cloud the blueprint needs beyond core's (an OIDC provider ARN, ...). */
  parameters: z.array(parameterSchema).max(20).default([]),
  identities: z.array(identitySchema).min(1).max(20),
  /** The identity the customer returns to `provision`: a cross-account role with an external ID, or a user with an access key. */
  access: z.strictObject({ identity: idSchema }),
  outputs: z.array(outputSchema).min(1).max(60),
});

/** What a vendor writes: the blueprint as data, before defaults. */
export type AwsBlueprintInput = z.input<typeof awsBlueprintSchema>;
/** A validated blueprint, defaults applied; `defineAwsBlueprint` returns it frozen. */
export type AwsBlueprint = z.output<typeof awsBlueprintSchema>;
/** One identity the template creates: a cross-account role, a web-identity role, a service role or a user. */
export type AwsBlueprintIdentity = AwsBlueprint['identities'][number];
/** A policy of an identity, managed or inline. */
export type AwsBlueprintPolicy = AwsBlueprintIdentity['policies'][number];
/** A statement of a blueprint policy, as IAM reads it, strings possibly holding references. */
export type AwsBlueprintStatement = Extract<AwsBlueprintPolicy['statements'], readonly unknown[]>[number];
/** A value the customer reads back from the applied template. */
export type AwsBlueprintOutput = AwsBlueprint['outputs'][number];
/** A value of one custom cloud that the blueprint needs beyond core's. */
export type AwsBlueprintParameter = AwsBlueprint['parameters'][number];

/**
 * The JSON Schema (draft 2020-12) of a blueprint as a vendor writes it, for blueprints kept as
 * JSON files or edited in a tool; `defineAwsBlueprint` still applies the refusals the schema cannot say.
 */
export function awsBlueprintJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(awsBlueprintSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
