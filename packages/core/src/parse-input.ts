import type * as z from 'zod';
import { ByocError } from './byoc-error.js';

/** The code a zod issue at a given top-level field maps to, when the issue carries none. */
export type FieldCodes = Readonly<Record<string, string>>;

/** One problem found in an input, as listed in `ByocError.details.issues`. */
export interface InputIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** Codes for the fields of a custom cloud, shared by every parse of one. */
export const customCloudFieldCodes: FieldCodes = {
  organizationId: 'ORGANIZATION_ID_INVALID',
  displayName: 'DISPLAY_NAME_INVALID',
  provider: 'PROVIDER_INVALID',
  region: 'REGION_INVALID',
  deploymentModel: 'DEPLOYMENT_MODEL_INVALID',
  reservedCidr: 'CIDR_INVALID',
  tags: 'TAG_INVALID',
  contacts: 'CONTACTS_INVALID',
  availability: 'AVAILABILITY_INVALID',
};

/**
 * Parses untrusted input with a zod schema. On failure throws one `ByocError` whose code is the
 * first issue's, whose message lists every issue with its path, and whose `details.issues` holds
 * them all; unknown keys are `INPUT_UNKNOWN_KEY` with the key's full path.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  options: {
    what: string;
    fieldCodes?: FieldCodes;
    pathPrefix?: readonly PropertyKey[];
    /** One code for every problem, such as an adapter's `AWS_SETTINGS_INVALID`. */
    code?: string;
  },
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues
    .flatMap((issue) => describeIssue(issue, options.fieldCodes ?? {}, options.pathPrefix ?? []))
    .map((issue) => (options.code === undefined ? issue : { ...issue, code: options.code }));
  throw issuesError(options.what, issues, firstDetails(result.error.issues[0]));
}

/**
 * One `ByocError` for problems found in an input: the first problem's code, a message listing every
 * problem with its path, and all of them in `details.issues`. For checks beyond a schema's reach.
 */
export function issuesError(what: string, issues: readonly InputIssue[], details?: Record<string, unknown>): ByocError {
  const first = issues[0] as InputIssue;
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return new ByocError({ code: first.code, message: `Invalid ${what}: ${summary}`, details: { issues, ...(details ?? {}) } });
}

function describeIssue(issue: z.core.$ZodIssue, fieldCodes: FieldCodes, prefix: readonly PropertyKey[]): InputIssue[] {
  const basePath = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      code: 'INPUT_UNKNOWN_KEY',
      path: formatPath([...basePath, key]),
      message: `Unknown key "${key}"; remove it or check its spelling.`,
    }));
  }
  const params = issue.code === 'custom' ? (issue.params as { byocCode?: string } | undefined) : undefined;
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
  const code = params?.byocCode ?? fieldCodes[field] ?? 'INPUT_INVALID';
  return [{ code, path: formatPath(basePath), message: issue.message }];
}

function firstDetails(issue: z.core.$ZodIssue | undefined): Record<string, unknown> | undefined {
  if (issue?.code !== 'custom') return undefined;
  return (issue.params as { details?: Record<string, unknown> } | undefined)?.details;
}

/** `contacts[0].email` style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}
