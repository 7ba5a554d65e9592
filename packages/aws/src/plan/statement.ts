/**
 * The one IAM statement type of the AWS adapter. Blueprints, the vendor's own permissions, the
 * settings' extra statements, trust policies and the bucket policy are all `PolicyStatement`s,
 * written as IAM reads them (`Action` a string or a list, as written), with strings that may hold
 * references to values only known in the customer's account (partition, VPC ARN, role ARNs). The
 * plan keeps them abstract; each template format resolves the references its own way (like
 * aws-cdk's tokens), and a worst-case resolution sizes them against IAM's limits.
 */

/** Values a statement can refer to. */
export type PolicyReference =
  | 'partition'
  | 'region'
  | 'vpcArn'
  | 'bucketName'
  | 'bucketArn'
  | 'nodeRoleArn'
  | 'customCloudId'
  | 'ec2Service'
  | 'vendorPrincipalArn'
  | 'externalId'
  /**
   * The external IDs the trust accepts, as a whole list: the cloud's own, and during a rotation
   * (`rotateExternalId`) the previous one too. Only ever a whole condition value, never inside text.
   */
  | 'externalIds';

/**
 * One part of a `PolicyString`: text, a reference, the ARN of another identity of the blueprint,
 * or a blueprint parameter's value.
 */
export type PolicyStringPart = string | { readonly ref: PolicyReference } | { readonly arnOf: string } | { readonly parameter: string };

/** References whose value is a list: they stand alone as a whole value, never inside text. */
const listReferences: ReadonlySet<PolicyReference> = new Set(['externalIds']);

/** The list reference a value consists of alone (`[{ ref: 'externalIds' }]`), if it is one. */
export function listReferenceOf(value: PolicyString): PolicyReference | undefined {
  if (typeof value === 'string' || value.length !== 1) return undefined;
  const only = value[0];
  return typeof only === 'object' && 'ref' in only && listReferences.has(only.ref) ? only.ref : undefined;
}

/** A string with references: `['arn:', { ref: 'partition' }, ':s3:::', { ref: 'bucketName' }]`. */
export type PolicyString = string | readonly PolicyStringPart[];

/** One policy string or a list of them. */
export type PolicyValue = PolicyString | readonly PolicyString[];

/** An IAM statement whose strings may hold references. Keys keep the order they are written in. */
export interface PolicyStatement {
  readonly Sid?: string | undefined;
  readonly Effect: 'Allow' | 'Deny';
  /** Trust and resource policies only: `{ AWS: ... }`, `{ Service: ... }`, `{ Federated: ... }`, or `*`. */
  readonly Principal?: '*' | Readonly<Record<string, PolicyValue>> | undefined;
  readonly Action: string | readonly string[];
  /** Absent in trust policies. */
  readonly Resource?: PolicyValue | undefined;
  /** Condition keys are plain text, or hold the `oidcIssuerKey` of a web-identity role. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, PolicyValue | boolean>>>> | undefined;
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

const issuerKeyPattern = /^\{oidcIssuer:([a-z][a-z0-9_]{0,30})\}(.*)$/;

/**
 * A condition key that starts with the OIDC issuer of a web-identity role (`<issuer>:sub`): IAM
 * condition keys cannot hold references, so each format substitutes the issuer into the key.
 */
export function oidcIssuerKey(identityId: string, suffix: string): string {
  return `{oidcIssuer:${identityId}}${suffix}`;
}

/** The identity and the rest of a key made by `oidcIssuerKey`; undefined for a plain key. */
export function parseIssuerKey(key: string): { identityId: string; suffix: string } | undefined {
  const match = issuerKeyPattern.exec(key);
  return match ? { identityId: match[1] as string, suffix: match[2] as string } : undefined;
}

/** A list of parts holds at least one reference object; a list of strings is a list of values. */
export function isParts(value: readonly unknown[]): boolean {
  return value.some((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
}

/** Every policy string of a value, as a list. */
export function stringsOf(value: PolicyValue): PolicyString[] {
  if (typeof value === 'string' || isParts(value)) return [value as PolicyString];
  return [...(value as readonly PolicyString[])];
}

/** Every resource of a statement, as a list of policy strings. */
export function resourcesOf(statement: PolicyStatement): PolicyString[] {
  return statement.Resource === undefined ? [] : stringsOf(statement.Resource);
}

/** Every action of a statement, as a list. */
export function actionsOf(statement: PolicyStatement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];
}

/**
 * Maps every policy string of the statements (principals, resources, condition values) through
 * `render`, keeping each statement's keys and shapes: a single string stays single, a list stays a
 * list. `key` maps condition keys (the formats resolve `oidcIssuerKey` there).
 */
export function mapStatementStrings<T>(
  statements: readonly PolicyStatement[],
  render: (value: PolicyString) => T,
  key: (key: string) => string = (text) => text,
): Record<string, unknown>[] {
  const mapValue = (value: PolicyValue | boolean): unknown => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' || isParts(value)) return render(value as PolicyString);
    return (value as readonly PolicyString[]).map(render);
  };
  const mapRecord = (record: Readonly<Record<string, PolicyValue | boolean>>, mapKey: (key: string) => string) =>
    Object.fromEntries(Object.entries(record).map(([name, value]) => [mapKey(name), mapValue(value)]));
  return statements.map((statement) =>
    Object.fromEntries(
      Object.entries(statement)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => {
          if (name === 'Resource') return [name, mapValue(value as PolicyValue)];
          if (name === 'Principal') return [name, value === '*' ? '*' : mapRecord(value as Record<string, PolicyValue>, (text) => text)];
          if (name === 'Condition') {
            const operators = Object.entries(value as Record<string, Record<string, PolicyValue | boolean>>);
            return [name, Object.fromEntries(operators.map(([operator, keys]) => [operator, mapRecord(keys, key)]))];
          }
          return [name, value];
        }),
    ),
  );
}

/** The longest value each reference can take, for worst-case size estimates. */
const worstCase: Record<PolicyReference, string> = {
  partition: 'aws-us-gov',
  region: 'ap-southeast-99',
  vpcArn: 'arn:aws-us-gov:ec2:ap-southeast-99:123456789012:vpc/vpc-0123456789abcdef0',
  bucketName: `${'p'.repeat(20)}-00000000-0000-0000-0000-000000000000`,
  bucketArn: `arn:aws-us-gov:s3:::${'p'.repeat(20)}-00000000-0000-0000-0000-000000000000`,
  nodeRoleArn: `arn:aws-us-gov:iam::123456789012:role/${'p'.repeat(20)}-00000000-node-role`,
  customCloudId: '00000000-0000-0000-0000-000000000000',
  ec2Service: 'ec2.amazonaws.com.cn',
  vendorPrincipalArn: `arn:aws-us-gov:iam::123456789012:role/${'v'.repeat(64)}`,
  externalId: 'x'.repeat(128),
  // Two IDs in a list: the quotes and comma between them count too.
  externalIds: `${'x'.repeat(128)}","${'x'.repeat(128)}`,
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
  return JSON.stringify({ Version: '2012-10-17', Statement: mapStatementStrings(statements, worstCaseText) }).replace(/\s/g, '').length;
}

/**
 * Splits statements, in order, into as few managed policies as fit under `limit` (IAM's 6,144 by
 * default) in the worst case. A single statement too large for any policy is an error.
 */
export function splitIntoPolicies(statements: readonly PolicyStatement[], limit = managedPolicySizeLimit): PolicyStatement[][] {
  const groups: PolicyStatement[][] = [];
  let current: PolicyStatement[] = [];
  for (const statement of statements) {
    if (worstCasePolicySize([statement]) > limit) {
      throw new RangeError(
        `The statement ${statement.Sid ?? 'without a Sid'} alone exceeds ${limit} characters; split its actions or resources.`,
      );
    }
    if (current.length > 0 && worstCasePolicySize([...current, statement]) > limit) {
      groups.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
