import type * as z from 'zod';
import { ByocError, quote } from '../errors/index.js';

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
  // A huge input can hold thousands of problems: the message names the first few, the details a few more.
  const listed = issues.slice(0, listedIssues).map((issue) => {
    const text = issue.message.length > 300 ? `${issue.message.slice(0, 299)}…` : issue.message;
    return issue.path ? `${issue.path}: ${text}` : text;
  });
  const more = issues.length > listedIssues ? `; and ${issues.length - listedIssues} more` : '';
  return new ByocError({
    code: first.code,
    message: `Invalid ${what}: ${listed.join('; ')}${more}`,
    details: { issues: issues.slice(0, 50), ...(issues.length > 50 ? { issueCount: issues.length } : {}), ...(details ?? {}) },
  });
}

const listedIssues = 10;

function describeIssue(issue: z.core.$ZodIssue, fieldCodes: FieldCodes, prefix: readonly PropertyKey[]): InputIssue[] {
  const basePath = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      code: 'INPUT_UNKNOWN_KEY',
      path: formatPath([...basePath, key]),
      message: `Unknown key ${quote(key)}; remove it or check its spelling.`,
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

/**
 * Refuses keys outside `allowed` in an object a caller passed (an access input, say), with
 * `INPUT_UNKNOWN_KEY` naming them: a key the parser would skip is a mistake the caller should hear
 * of, such as an external ID sent where byoc-kit generates its own.
 */
export function assertKnownKeys(input: unknown, allowed: readonly string[], what: string): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return;
  const unknown = Object.keys(input).filter((key) => !allowed.includes(key));
  if (unknown.length === 0) return;
  throw new ByocError({
    code: 'INPUT_UNKNOWN_KEY',
    message: `Unknown key${unknown.length > 1 ? 's' : ''} ${unknown
      .slice(0, 5)
      .map((key) => quote(key))
      .join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in ${what}; it takes ${allowed.join(', ')}.`,
    details: { keys: unknown.slice(0, 20), allowed },
  });
}

/**
 * The identity an access input carries: the input itself when it is not an object, else the value of
 * the first of `keys` it holds (`{ roleArn }` or `{ aws_iam_role_arn }`). Any other key is
 * `INPUT_UNKNOWN_KEY`; the adapter checks the value.
 */
export function accessInputValue(input: unknown, keys: readonly string[], what: string): unknown {
  assertKnownKeys(input, keys, what);
  if (typeof input !== 'object' || input === null) return input;
  const fields = input as Record<string, unknown>;
  return keys.map((key) => fields[key]).find((value) => value !== undefined && value !== null) ?? fields[keys.at(-1) as string];
}
