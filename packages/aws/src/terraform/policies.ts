import { expression, type HclValue, hclString, renderAttributes, renderHcl, template } from '@byoc-kit/core';
import type { PolicyReference, PolicyString } from '../plan/policy-document.js';
import { mapStatementStrings, type WrittenStatement } from '../plan/statements.js';

/** How each policy reference is written in the Terraform bundle. */
const terraformReferences: Record<PolicyReference, string> = {
  partition: 'local.partition',
  region: 'var.region',
  vpcArn: 'aws_vpc.this.arn',
  bucketName: 'local.bucket_name',
  nodeRoleArn: 'aws_iam_role.node.arn',
  customCloudId: 'var.custom_cloud_id',
  ec2Service: 'local.ec2_service',
};

/** The Terraform address of an identity of the blueprint: `aws_iam_role.node`. */
export type IdentityAddress = (identityId: string) => string;

/** A policy string as an HCL value: a literal, or a template with its references interpolated. */
export function toHclValue(value: PolicyString, addressOf: IdentityAddress): HclValue {
  if (typeof value === 'string') return value;
  return template(
    ...value.map((part) => {
      if (typeof part === 'string') return part;
      if ('ref' in part) return expression(terraformReferences[part.ref]);
      if ('arnOf' in part) return expression(`${addressOf(part.arnOf)}.arn`);
      return expression(`var.${part.parameter}`);
    }),
  );
}

/** `jsonencode({ "Version" = ..., "Statement" = [...] })`, laid out in full: the style of managed policies. */
export function renderPolicyHcl(statements: readonly WrittenStatement[], indent: number, addressOf: IdentityAddress): string {
  const mapped = mapStatementStrings(statements, (value) => toHclValue(value, addressOf)) as HclValue[];
  return `jsonencode(${renderHcl({ Version: '2012-10-17', Statement: mapped }, indent)})`;
}

/**
 * `jsonencode({ Version = ..., Statement = [{ ... }] })` with bare keys and one line per
 * statement key: the style of trust and inline policies, short enough to read at a glance.
 */
export function renderCompactPolicyHcl(statements: readonly Record<string, HclValue | InlineObject>[], indent: number): string {
  const pad = '  '.repeat(indent + 1);
  const attributes = (statement: Record<string, HclValue | InlineObject>, level: number) =>
    renderAttributes(
      Object.entries(statement).map(([key, value]) => [key, expression(inline(value))]),
      level,
    );
  const list =
    statements.length === 1
      ? `[{\n${attributes(statements[0] as Record<string, HclValue>, indent + 2)}\n${pad}}]`
      : `[\n${statements.map((statement) => `${pad}  {\n${attributes(statement, indent + 3)}\n${pad}  },`).join('\n')}\n${pad}]`;
  return `jsonencode({\n${pad}Version = "2012-10-17"\n${pad}Statement = ${list}\n${'  '.repeat(indent)}})`;
}

/** An object written on one line whose keys are already HCL (a template key such as `"${local.issuer}:sub"`). */
export interface InlineObject {
  readonly inline: readonly (readonly [string, HclValue | InlineObject])[];
}

/** An object of literal keys, written on one line. */
export function inlineObject(entries: Record<string, HclValue | InlineObject>): InlineObject {
  return { inline: Object.entries(entries).map(([key, value]) => [/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : hclString(key), value]) };
}

function inline(value: HclValue | InlineObject): string {
  if (typeof value === 'object' && value !== null && 'inline' in value) {
    return `{ ${(value as InlineObject).inline.map(([key, inner]) => `${key} = ${inline(inner)}`).join(', ')} }`;
  }
  if (Array.isArray(value)) return `[${(value as HclValue[]).map((item) => inline(item)).join(', ')}]`;
  if (typeof value === 'object' && value !== null && !('hcl' in value) && !('parts' in value)) {
    return inline(inlineObject(value as Record<string, HclValue>));
  }
  return renderHcl(value as HclValue);
}

/** Written statements as compact-style entries: strings mapped, conditions on one line. */
export function compactStatements(statements: readonly WrittenStatement[], addressOf: IdentityAddress): Record<string, HclValue>[] {
  return mapStatementStrings(statements, (value) => toHclValue(value, addressOf)) as Record<string, HclValue>[];
}
