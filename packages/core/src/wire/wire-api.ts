import { type Availability, allProjects, type CloudProviderId, type CustomCloud, type InputIssue } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { TemplateBundle } from '../provider/index.js';
import { type HclValue, renderAttributes } from '../templates/index.js';

/**
 * Aiven's custom-cloud-environment API as its own CLI (`avn byoc`) speaks it, mapped once here so
 * a vendor exposing that API does not derive it again: provider names, the tag-key prefix, `null`
 * as removal, permission bodies, template envelopes, and errors that name the fields the client
 * sent.
 */

/** The prefix Aiven's CLI puts on BYOC tag keys (so they cascade to the bastion service). */
export const wireTagPrefix = 'byoc_resource_tag:';

/** Each provider's name on the wire: Aiven calls GCP `google`. */
export const wireProviderNames: Readonly<Record<CloudProviderId, string>> = { aws: 'aws', gcp: 'google', azure: 'azure' };

/** The fields of a custom cloud under their wire names, as errors name them. */
export const wireFieldNames: Readonly<Record<string, string>> = {
  provider: 'cloud_provider',
  region: 'cloud_region',
  reservedCidr: 'reserved_cidr',
  displayName: 'display_name',
  deploymentModel: 'deployment_model',
  contacts: 'contact_emails',
  realName: 'real_name',
  organizationId: 'organization_id',
  objectStorage: 'object_storage',
  organizationUnits: 'accounts',
};

// The camelCase names among them, which a message may use as plain words.
const camelCaseNames = new RegExp(
  `\\b(${Object.keys(wireFieldNames)
    .filter((name) => /[A-Z]/.test(name))
    .join('|')})\\b`,
  'g',
);

const fromWireNames: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(wireFieldNames).map(([name, wire]) => [wire, name]),
);

/** A provider as the client named it (`google` for GCP, any case); other values pass, for the rules to refuse. */
export function providerFromWire(name: unknown): unknown {
  if (typeof name !== 'string') return name;
  const lowered = name.toLowerCase();
  return lowered === 'google' ? 'gcp' : lowered;
}

/** A tag key without Aiven's prefix. */
export function tagKeyFromWire(key: string): string {
  return key.startsWith(wireTagPrefix) ? key.slice(wireTagPrefix.length) : key;
}

/**
 * The body of a create call (`cloud_provider`, `cloud_region`, `reserved_cidr`, ...) as the input
 * of `byoc.create`. Keys it does not know are kept under their own name, so the rules refuse them
 * (`INPUT_UNKNOWN_KEY`) with the name the client sent.
 */
export function createInputFromWire(body: unknown, organizationId: string): Record<string, unknown> {
  return { ...fieldsFromWire(requireObject(body), {}), organizationId };
}

/**
 * The body of an update (`PUT .../{id}`) as a patch of `byoc.update`, given the cloud as stored:
 * only the fields sent change; `tags` merge into the cloud's (a `null` value removes the tag, keys
 * may carry Aiven's prefix); `contact_emails` replace the list. An empty body changes nothing: Aiven's
 * CLI reads a cloud with it.
 */
export function patchFromWire(body: unknown, current: Pick<CustomCloud, 'tags'>): Record<string, unknown> {
  return fieldsFromWire(requireObject(body), current.tags);
}

function fieldsFromWire(body: Record<string, unknown>, currentTags: Readonly<Record<string, string>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'cloud_provider') fields.provider = providerFromWire(value);
    else if (key === 'tags') fields.tags = mergeTags(currentTags, value);
    else if (key === 'contact_emails') fields.contacts = Array.isArray(value) ? value.map(contactFromWire) : value;
    else if (key === 'object_storage' && typeof value === 'object' && value !== null) fields.objectStorage = value;
    else Object.defineProperty(fields, fromWireNames[key] ?? key, { value, enumerable: true, writable: true, configurable: true });
  }
  return fields;
}

function mergeTags(current: Readonly<Record<string, string>>, update: unknown): unknown {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) return update;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(update)) {
    const name = tagKeyFromWire(key);
    if (value === null) delete merged[name];
    else Object.defineProperty(merged, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

function contactFromWire(contact: unknown): unknown {
  if (typeof contact !== 'object' || contact === null || !('real_name' in contact)) return contact;
  const { real_name, ...rest } = contact as { real_name?: unknown };
  return { ...rest, realName: real_name };
}

/** The identity of a provision body: `aws_iam_role_arn`, `google_privilege_bearing_service_account_id`, or Azure's ids. */
export function accessFromWire(body: unknown): unknown {
  const value = requireObject(body ?? {});
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

/** Who may use a cloud, as Aiven's permissions body: organizational units are `accounts`. */
export interface WirePermissions {
  accounts: string[];
  projects: string[];
  /** Every project of the organization, present and future. */
  all_projects: boolean;
}

/** The permissions body of a cloud's availability. */
export function permissionsToWire(availability: Availability): WirePermissions {
  if (availability.mode === 'all_projects') return { accounts: [], projects: [], all_projects: true };
  return { accounts: [...availability.organizationUnits], projects: [...availability.projects], all_projects: false };
}

/**
 * The availability a permissions body sets: `{ accounts, projects }` is a selection (Aiven's CLI
 * sends it for set, add and remove, after merging itself); `{ all_projects: true }` opens the cloud
 * to every project again.
 */
export function availabilityFromWire(body: unknown): Availability {
  const value = requireObject(body);
  const unknown = Object.keys(value).filter((key) => !['accounts', 'projects', 'all_projects'].includes(key));
  if (unknown.length > 0) {
    throw new ByocError({
      code: 'INPUT_UNKNOWN_KEY',
      message: `Unknown key ${JSON.stringify(unknown[0]?.slice(0, 64))} in the permissions; they take accounts, projects and all_projects.`,
      details: { keys: unknown },
    });
  }
  if (value.all_projects === true) return allProjects as Availability;
  return {
    mode: 'selection',
    organizationUnits: (value.accounts ?? []) as string[],
    projects: (value.projects ?? []) as string[],
  };
}

/**
 * The Terraform template of a bundle as one file, `{ template }`: what Aiven's CLI writes to a
 * single `.tf` file. The bundle's `.tf` files are joined in order, so variables and outputs are
 * declared beside the resources.
 */
export function terraformTemplateEnvelope(bundle: TemplateBundle): { template: string } {
  const files = bundle.files.filter((file) => file.path.endsWith('.tf'));
  return {
    template: files
      .map((file) => file.contents.trimEnd())
      .join('\n\n')
      .concat('\n'),
  };
}

/**
 * The values of one cloud, `{ variables }`, as a `.tfvars` file (HCL, which Aiven's CLI writes to
 * `tf_file.tfvars`): the bundle's `terraform.tfvars.json`, every string escaped by the one HCL
 * escaping function.
 */
export function terraformVariablesEnvelope(bundle: TemplateBundle): { variables: string } {
  const json = bundle.files.find((file) => file.path === 'terraform.tfvars.json');
  if (!json) {
    throw new ByocError({
      code: 'TEMPLATE_FORMAT_UNSUPPORTED',
      message: 'This bundle has no Terraform variables (terraform.tfvars.json).',
    });
  }
  const values = JSON.parse(json.contents) as Record<string, HclValue>;
  return { variables: `${renderAttributes(Object.entries(values), 0)}\n` };
}

/**
 * An error as a client of the wire API reads it: the same code, with the fields it names under
 * their wire names (`reserved_cidr`, `cloud_region`, `contact_emails[0].real_name`), in the message
 * and in `details.issues[].path`.
 */
export function toWireError(error: unknown): unknown {
  if (!ByocError.isInstance(error)) return error;
  const issues = error.details.issues as InputIssue[] | undefined;
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  let message = error.message;
  let details: Record<string, unknown> = { ...error.details };
  if (issues) {
    const renamed = issues.map((issue) => ({ ...issue, path: wirePath(issue.path) }));
    for (const [index, issue] of issues.entries()) {
      if (issue.path) message = message.replace(`${issue.path}: `, `${renamed[index]?.path}: `);
    }
    details = { ...details, issues: renamed };
  }
  if (field && wireFieldNames[field]) {
    if (message.startsWith(`${field} `)) message = `${wireFieldNames[field]}${message.slice(field.length)}`;
    details = { ...details, field: wireFieldNames[field] };
  }
  message = message.replace(camelCaseNames, (name) => wireFieldNames[name] ?? name);
  return new ByocError({ code: error.code, message, details, isRetryable: error.isRetryable, cause: error });
}

/** `contacts[0].realName` -> `contact_emails[0].real_name`. */
export function wirePath(path: string): string {
  return path.replace(/[A-Za-z]+/g, (name) => wireFieldNames[name] ?? name);
}

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ByocError({
      code: 'INPUT_INVALID',
      message: 'The body must be a JSON object of custom-cloud fields (cloud_provider, cloud_region, ...).',
    });
  }
  return body as Record<string, unknown>;
}
