import { deepFreeze, type InputIssue, issuesError, parseInput, z } from '@byoc-kit/core/provider-utils';
import { describePermissionEscalation, escalatingPermissions } from './privilege-escalation.js';

/**
 * A GCP blueprint: the service accounts the template creates, the roles each holds on the project
 * and the bucket, which one the vendor impersonates, and whether the template creates the network
 * and the bucket. Blueprints are data; `defineGcpBlueprint` validates one.
 */

const idSchema = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'Use lower-case letters, digits and _, starting with a letter.');
const permissionSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+){2}$/, 'Use IAM permission names such as compute.instances.create.');

const projectRoleSchema = z.union([
  z.strictObject({
    /** Terraform label of the role and of its binding. */
    id: idSchema,
    custom: z.strictObject({
      /** Made `<prefix>_<short id>_<roleId>`. */
      roleId: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
      /** `{shortId}` is replaced. */
      title: z.string().min(1).max(100),
      /** `{customCloudId}` is replaced. */
      description: z.string().min(1).max(256),
      /** `settings`: the provider settings' `permissions`. */
      permissions: z.union([z.literal('settings'), z.array(permissionSchema).min(1).max(3000)]),
    }),
  }),
  z.strictObject({
    id: idSchema,
    predefined: z.string().regex(/^roles\/[A-Za-z0-9_.]+$/, 'Use a predefined role such as roles/container.admin.'),
  }),
]);

const serviceAccountSchema = z.strictObject({
  /** Terraform label: `google_service_account.<id>`. */
  id: idSchema,
  /** Appended to `<prefix>-<short id>`; without it the account id is exactly that. */
  accountIdSuffix: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/)
    .optional(),
  /** `{shortId}` is replaced. */
  displayName: z.string().min(1).max(100),
  /** `{customCloudId}` and `{displayName}` are replaced; cut to 256 characters. */
  description: z.string().min(1).max(256),
  /** One line of the customer's README; `{permissions}` is the number of custom permissions, `{vendorPrincipal}` the vendor. */
  summary: z.string().min(1).max(1000),
  /** A comment above the account in main.tf. */
  comment: z.string().min(1).max(300).optional(),
  projectRoles: z.array(projectRoleSchema).max(20).default([]),
  /** Roles on the custom cloud's bucket, granted when object storage is on. */
  bucketRoles: z
    .array(z.strictObject({ id: idSchema, role: z.string().regex(/^roles\/storage\.[A-Za-z]+$/, 'Use a Cloud Storage role.') }))
    .max(5)
    .default([]),
  /** The vendor may impersonate this account: Token Creator on the account only. */
  impersonation: z.strictObject({ id: idSchema, comment: z.string().min(1).max(300).optional() }).optional(),
});

const outputSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'Use lower-case letters, digits and _, starting with a letter.'),
  /** For the vendor, in the bundle's `outputs`. */
  description: z.string().min(1).max(1000),
  /** In outputs.tf, when it differs. */
  terraformDescription: z.string().min(1).max(1000).optional(),
  value: z.union([
    z.strictObject({ of: z.enum(['id', 'email']), serviceAccount: idSchema }),
    z.strictObject({ of: z.enum(['networkId', 'subnetworkIds', 'bucketName']) }),
  ]),
});

/** The zod schema of `defineGcpBlueprint`'s input. */
export const gcpBlueprintSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
  network: z.boolean(),
  bucket: z.enum(['none', 'optional', 'required']),
  /** Services the template enables, such as compute.googleapis.com. */
  apis: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*\.googleapis\.com$/))
    .min(1)
    .max(30),
  serviceAccounts: z.array(serviceAccountSchema).min(1).max(10),
  /** The account the customer returns to `provision`, one the vendor impersonates. */
  access: z.strictObject({ serviceAccount: idSchema }),
  outputs: z.array(outputSchema).min(1).max(30),
});

/** What a vendor writes: the blueprint as data, before defaults. */
export type GcpBlueprintInput = z.input<typeof gcpBlueprintSchema>;
/** A validated blueprint, defaults applied. */
export type GcpBlueprint = z.output<typeof gcpBlueprintSchema>;
/** One service account the template creates, with its roles and grants. */
export type GcpBlueprintServiceAccount = GcpBlueprint['serviceAccounts'][number];
/** A value the customer reads back from the applied template. */
export type GcpBlueprintOutput = GcpBlueprint['outputs'][number];

/** Project roles that hand over the project or every service account in it. */
const tooBroad = new Set([
  'roles/owner',
  'roles/editor',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.securityAdmin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/iam.roleAdmin',
  'roles/iam.serviceAccountOpenIdTokenCreator',
  'roles/iam.workloadIdentityUser',
]);
const fields = ['name', 'network', 'bucket', 'apis', 'serviceAccounts', 'access', 'outputs'];

/**
 * Validates a GCP blueprint and returns it frozen. Raises `BLUEPRINT_INVALID` for a malformed one
 * and `BLUEPRINT_ROLE_TOO_BROAD` for a project role that hands over the project (owner, editor,
 * IAM admin) or every service account in it (Token Creator or Service Account User on the project).
 */
export function defineGcpBlueprint(input: GcpBlueprintInput): GcpBlueprint {
  const blueprint = parseInput(gcpBlueprintSchema, input, {
    what: 'GCP blueprint',
    fieldCodes: Object.fromEntries(fields.map((field) => [field, 'BLUEPRINT_INVALID'])),
  });
  const issues: InputIssue[] = [];
  const add = (code: string, path: string, message: string) => issues.push({ code, path, message });
  const accounts = new Map(blueprint.serviceAccounts.map((account) => [account.id, account]));
  const labels = blueprint.serviceAccounts.flatMap((account) => [
    ...account.projectRoles.map((role) => role.id),
    ...account.bucketRoles.map((role) => role.id),
    ...(account.impersonation ? [account.impersonation.id] : []),
  ]);
  if (accounts.size !== blueprint.serviceAccounts.length) add('BLUEPRINT_INVALID', 'serviceAccounts', 'Two service accounts share an id.');
  if (new Set(labels).size !== labels.length) add('BLUEPRINT_INVALID', 'serviceAccounts', 'Two roles or grants share an id.');
  if (new Set(blueprint.outputs.map((output) => output.name)).size !== blueprint.outputs.length) {
    add('BLUEPRINT_INVALID', 'outputs', 'Two outputs share a name.');
  }
  blueprint.serviceAccounts.forEach((account, index) => {
    account.projectRoles.forEach((role, roleIndex) => {
      if ('custom' in role && Array.isArray(role.custom.permissions)) {
        for (const { index: permissionIndex, reason } of escalatingPermissions(role.custom.permissions)) {
          add(
            'BLUEPRINT_ROLE_TOO_BROAD',
            `serviceAccounts[${index}].projectRoles[${roleIndex}].custom.permissions[${permissionIndex}]`,
            describePermissionEscalation(reason),
          );
        }
      }
      if ('predefined' in role && tooBroad.has(role.predefined)) {
        add(
          'BLUEPRINT_ROLE_TOO_BROAD',
          `serviceAccounts[${index}].projectRoles[${roleIndex}]`,
          `${role.predefined} on the project hands over the project or every service account in it; use a custom role of the permissions the vendor needs.`,
        );
      }
    });
    if (account.bucketRoles.length > 0 && blueprint.bucket === 'none') {
      add('BLUEPRINT_INVALID', `serviceAccounts[${index}].bucketRoles`, 'Bucket roles need a bucket.');
    }
  });
  if (!accounts.get(blueprint.access.serviceAccount)?.impersonation) {
    add('BLUEPRINT_INVALID', 'access.serviceAccount', 'The access service account must be one the vendor impersonates (impersonation).');
  }
  blueprint.outputs.forEach((output, index) => {
    const value = output.value;
    if ('serviceAccount' in value && !accounts.has(value.serviceAccount)) {
      add('BLUEPRINT_INVALID', `outputs[${index}].value`, `No service account has the id "${value.serviceAccount}".`);
    } else if ((value.of === 'networkId' || value.of === 'subnetworkIds') && !blueprint.network) {
      add('BLUEPRINT_INVALID', `outputs[${index}].value`, `${value.of} needs network: true.`);
    } else if (value.of === 'bucketName' && blueprint.bucket === 'none') {
      add('BLUEPRINT_INVALID', `outputs[${index}].value`, 'bucketName needs a bucket.');
    }
  });
  if (issues.length > 0) throw issuesError(`GCP blueprint "${blueprint.name}"`, issues);
  const frozen = deepFreeze(blueprint);
  defined.add(frozen);
  return frozen;
}

const defined = new WeakSet<object>();

/** Whether a value is a blueprint `defineGcpBlueprint` returned (anything else is validated again). */
export function isDefinedGcpBlueprint(value: unknown): value is GcpBlueprint {
  return typeof value === 'object' && value !== null && defined.has(value);
}

/** Account and role ids made with this prefix must fit Google's limits (30 and 64 characters). */
export function gcpBlueprintNameIssues(blueprint: GcpBlueprint, resourcePrefix: string): InputIssue[] {
  const issues: InputIssue[] = [];
  blueprint.serviceAccounts.forEach((account, index) => {
    const path = `serviceAccounts[${index}]`;
    const length = resourcePrefix.length + 9 + (account.accountIdSuffix ? account.accountIdSuffix.length + 1 : 0);
    if (length > 30) {
      issues.push({
        code: 'BLUEPRINT_INVALID',
        path: `${path}.accountIdSuffix`,
        message: `the account id comes to ${length} characters with prefix "${resourcePrefix}"; Google allows 30. Shorten the suffix or the prefix.`,
      });
    }
    account.projectRoles.forEach((role, roleIndex) => {
      if ('custom' in role && resourcePrefix.length + 10 + role.custom.roleId.length > 64) {
        issues.push({
          code: 'BLUEPRINT_INVALID',
          path: `${path}.projectRoles[${roleIndex}].custom.roleId`,
          message: `the role id is longer than Google's 64 characters with prefix "${resourcePrefix}"; shorten it.`,
        });
      }
    });
  });
  return issues;
}
