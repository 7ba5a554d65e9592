/**
 * IAM policy statements as data, with references to values only known in the customer's account
 * (partition, VPC ARN, role ARNs) kept abstract, so one set of statements renders to Terraform,
 * to CloudFormation, and to a worst-case document for IAM's size limit.
 */

/** Values a statement can refer to. */
export type PolicyReference = 'partition' | 'region' | 'vpcArn' | 'bucketName' | 'nodeRoleArn' | 'customCloudId' | 'ec2Service';

/**
 * One part of a `PolicyString`: text, a reference, the ARN of another identity of the blueprint,
 * or a blueprint parameter's value.
 */
export type PolicyStringPart = string | { readonly ref: PolicyReference } | { readonly arnOf: string } | { readonly parameter: string };

/** A string with references: `['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }]`. */
export type PolicyString = string | readonly PolicyStringPart[];

/** An IAM statement whose strings may hold references. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly PolicyString[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, PolicyString | readonly PolicyString[]>>>>;
}

/** Builds a `PolicyString` with a tagged template: policy`arn:${'partition'}:ec2:...`. */
export function policy(strings: TemplateStringsArray, ...references: PolicyReference[]): PolicyString {
  const parts: (string | { ref: PolicyReference })[] = [];
  strings.forEach((text, index) => {
    if (text !== '') parts.push(text);
    const reference = references[index];
    if (reference !== undefined) parts.push({ ref: reference });
  });
  return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : parts;
}

/** Maps every policy string of a statement list through `render`, keeping the structure. */
export function mapPolicyStrings<T>(statements: readonly PolicyStatement[], render: (value: PolicyString) => T): unknown[] {
  const mapValue = (value: PolicyString | readonly PolicyString[]): T | T[] =>
    Array.isArray(value) && !isPolicyString(value) ? (value as readonly PolicyString[]).map(render) : render(value as PolicyString);
  return statements.map((statement) => ({
    Sid: statement.Sid,
    Effect: statement.Effect,
    Action: statement.Action.length === 1 ? statement.Action[0] : [...statement.Action],
    Resource: statement.Resource.length === 1 ? render(statement.Resource[0] as PolicyString) : statement.Resource.map(render),
    ...(statement.Condition
      ? {
          Condition: Object.fromEntries(
            Object.entries(statement.Condition).map(([operator, keys]) => [
              operator,
              Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, mapValue(value)])),
            ]),
          ),
        }
      : {}),
  }));
}

// A PolicyString given as parts is an array mixing strings and { ref } objects; a list of
// PolicyStrings is an array of strings or of such arrays. A plain string array is a list.
function isPolicyString(value: readonly unknown[]): boolean {
  return value.some((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** The longest value each reference can take, for worst-case size estimates. */
const worstCase: Record<PolicyReference, string> = {
  partition: 'aws-us-gov',
  region: 'ap-southeast-99',
  vpcArn: 'arn:aws-us-gov:ec2:ap-southeast-99:123456789012:vpc/vpc-0123456789abcdef0',
  bucketName: `${'p'.repeat(20)}-00000000-0000-0000-0000-000000000000`,
  nodeRoleArn: `arn:aws-us-gov:iam::123456789012:role/${'p'.repeat(20)}-00000000-node-role`,
  customCloudId: '00000000-0000-0000-0000-000000000000',
  ec2Service: 'ec2.amazonaws.com.cn',
};

/** A policy string with every reference at its longest. */
export function worstCaseText(value: PolicyString): string {
  if (typeof value === 'string') return value;
  return value
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('ref' in part) return worstCase[part.ref];
      if ('arnOf' in part) return `arn:aws-us-gov:iam::123456789012:role/${'r'.repeat(64)}`;
      return 'v'.repeat(512);
    })
    .join('');
}

/** IAM's limit for a managed policy, in characters, whitespace excluded. */
export const managedPolicySizeLimit = 6144;

/** The size IAM counts for a policy of these statements, with every reference at its longest. */
export function worstCasePolicySize(statements: readonly PolicyStatement[]): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: mapPolicyStrings(statements, worstCaseText) }).replace(/\s/g, '').length;
}

/**
 * Splits statements, in order, into as few managed policies as fit under `limit` (IAM's 6,144 by
 * default) in the worst case. A single statement too large for any policy is an error.
 */
export function splitIntoPolicies(statements: readonly PolicyStatement[], limit = managedPolicySizeLimit): PolicyStatement[][] {
  return splitBySize(statements, worstCasePolicySize, limit, (statement) => statement.Sid);
}

/** Splits items, in order, into as few groups as `size` keeps under `limit`; an item too large alone is an error. */
export function splitBySize<T>(
  items: readonly T[],
  size: (group: readonly T[]) => number,
  limit: number,
  name: (item: T) => string | undefined,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    if (size([item]) > limit) {
      throw new RangeError(
        `The statement ${name(item) ?? 'without a Sid'} alone exceeds ${limit} characters; split its actions or resources.`,
      );
    }
    if (current.length > 0 && size([...current, item]) > limit) {
      groups.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
