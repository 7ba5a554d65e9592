import { ByocError, type ProviderAccess } from '@byoc-kit/core';
import { accessInputValue, quote } from '@byoc-kit/core/provider-utils';
import type { AwsPartition } from '../partition.js';

// arn:<partition>:iam::<12-digit account>:role/<optional path/><name>
// Path: "/" or "/segment/.../" of printable ASCII without spaces; name: 1-64 of [\w+=,.@-].
const roleArnPattern = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/((?:[\x21-\x7E]+\/)*)([\w+=,.@-]{1,64})$/;

/** A parsed IAM role ARN. */
export interface AwsRoleArn {
  readonly arn: string;
  readonly partition: AwsPartition;
  readonly accountId: string;
  /** `/` or `/path/`. */
  readonly path: string;
  readonly roleName: string;
}

/**
 * Parses an IAM role ARN: `aws`, `aws-cn` or `aws-us-gov` partition, 12-digit account, optional
 * path, name of at most 64 characters. Accepts the ARN as a string or as
 * `{ roleArn }` / `{ aws_iam_role_arn }` (the Terraform output's name). Raises `ROLE_ARN_INVALID`
 * for anything else: users, roots, assumed-role ARNs, spaces, 11 digits.
 */
export function parseRoleArn(input: unknown): AwsRoleArn {
  const value = accessInputValue(input, ['roleArn', 'aws_iam_role_arn'], 'an AWS role access');
  const match = typeof value === 'string' && value.length <= 2048 ? roleArnPattern.exec(value) : null;
  if (!match) {
    throw new ByocError({
      code: 'ROLE_ARN_INVALID',
      message: `${describe(value)} is not an IAM role ARN. Pass the aws_iam_role_arn output of the template, such as arn:aws:iam::123456789012:role/cce-018b6442-iam-role.`,
      details: { value: typeof value === 'string' ? value : typeof value },
    });
  }
  const [, partition, accountId, pathSegments, roleName] = match as unknown as [string, AwsPartition, string, string, string];
  return { arn: value as string, partition, accountId, path: `/${pathSegments}`, roleName };
}

/** The role ARN as core's `ProviderAccess`. */
export function roleArnAccess(input: unknown): ProviderAccess {
  const role = parseRoleArn(input);
  return {
    provider: 'aws',
    kind: 'aws_iam_role',
    identity: role.arn,
    attributes: { partition: role.partition, accountId: role.accountId, path: role.path, roleName: role.roleName },
  };
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `A ${value === null ? 'null' : typeof value}`;
  if (/:user\//.test(value)) return `${quote(value, 128)} is a user ARN and`;
  if (/:root$/.test(value)) return `${quote(value, 128)} is an account root ARN and`;
  if (/:assumed-role\//.test(value)) return `${quote(value, 128)} is an assumed-role session and`;
  return quote(value, 128);
}
