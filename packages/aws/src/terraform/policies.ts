import { expression, type HclValue, hclString, renderAttributes, renderHcl, template } from '@byoc-kit/core/provider-utils';
import {
  isParts,
  listReferenceOf,
  mapStatementStrings,
  type PolicyReference,
  type PolicyStatement,
  type PolicyString,
  type PolicyValue,
  parseIssuerKey,
} from '../plan/statement.js';

/** How each policy reference is written in the Terraform bundle. */
const terraformReferences: Record<PolicyReference, string> = {
  partition: 'local.partition',
  region: 'var.region',
  vpcArn: 'aws_vpc.this.arn',
  bucketName: 'local.bucket_name',
  bucketArn: 'aws_s3_bucket.this[0].arn',
  nodeRoleArn: 'aws_iam_role.node.arn',
  customCloudId: 'var.custom_cloud_id',
  ec2Service: 'local.ec2_service',
  vendorPrincipalArn: 'var.vendor_principal_arn',
  externalId: 'var.external_id',
  externalIds: 'local.external_ids',
};

/** The Terraform address of an identity of the blueprint: `aws_iam_role.node`. */
export type IdentityAddress = (identityId: string) => string;

/** A policy string as an HCL value: a literal, or a template with its references interpolated. */
export function toHclValue(value: PolicyString, addressOf: IdentityAddress): HclValue {
  if (typeof value === 'string') return value;
  // A list, not text: `["${local.external_ids}"]` would be one string.
  const list = listReferenceOf(value);
  if (list !== undefined) return expression(terraformReferences[list]);
  return template(
    ...value.map((part) => {
      if (typeof part === 'string') return part;
      if ('ref' in part) return expression(terraformReferences[part.ref]);
      if ('arnOf' in part) return expression(`${addressOf(part.arnOf)}.arn`);
      return expression(`var.${part.parameter}`);
    }),
  );
}

/** A condition key: a quoted literal, or `"${local.<id>_oidc_issuer}:sub"` for a web-identity role's issuer. */
function conditionKey(key: string): string {
  const issuer = parseIssuerKey(key);
  if (!issuer) return bareOrQuoted(key);
  return `"\${local.${issuer.identityId}_oidc_issuer}${hclString(issuer.suffix).slice(1, -1)}"`;
}

/** An object key, bare when HCL allows it. */
function bareOrQuoted(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : hclString(key);
}

/** `jsonencode({ "Version" = ..., "Statement" = [...] })`, laid out in full: the style of managed policies. */
export function renderPolicyHcl(statements: readonly PolicyStatement[], indent: number, addressOf: IdentityAddress): string {
  const mapped = mapStatementStrings(statements, (value) => toHclValue(value, addressOf)) as HclValue[];
  return `jsonencode(${renderHcl({ Version: '2012-10-17', Statement: mapped }, indent)})`;
}

/**
 * `jsonencode({ Version = ..., Statement = [{ ... }] })` with bare keys and one line per
 * statement key: the style of trust, inline and bucket policies, short enough to read at a glance.
 */
export function renderCompactPolicyHcl(statements: readonly PolicyStatement[], indent: number, addressOf: IdentityAddress): string {
  const pad = '  '.repeat(indent + 1);
  const value = (item: PolicyValue | boolean): string => {
    if (typeof item === 'boolean') return String(item);
    if (typeof item === 'string' || isParts(item)) return renderHcl(toHclValue(item as PolicyString, addressOf));
    return `[${(item as readonly PolicyString[]).map((text) => renderHcl(toHclValue(text, addressOf))).join(', ')}]`;
  };
  const object = (entries: [string, string][]) => `{ ${entries.map(([key, text]) => `${key} = ${text}`).join(', ')} }`;
  const attributes = (statement: PolicyStatement, level: number) =>
    renderAttributes(
      Object.entries(statement)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]): [string, HclValue] => {
          if (key === 'Principal' && item !== '*') {
            return [
              key,
              expression(
                object(Object.entries(item as Record<string, PolicyValue>).map(([name, inner]) => [bareOrQuoted(name), value(inner)])),
              ),
            ];
          }
          if (key === 'Condition') {
            const operators = Object.entries(item as Record<string, Record<string, PolicyValue | boolean>>);
            return [
              key,
              expression(
                object(
                  operators.map(([operator, keys]) => [
                    bareOrQuoted(operator),
                    object(Object.entries(keys).map(([name, inner]) => [conditionKey(name), value(inner)])),
                  ]),
                ),
              ),
            ];
          }
          if (key === 'Action') return [key, expression(value(item as string | readonly string[]))];
          if (key === 'Resource' || key === 'Principal') return [key, expression(value(item as PolicyValue))];
          return [key, item as string];
        }),
      level,
    );
  const list =
    statements.length === 1
      ? `[{\n${attributes(statements[0] as PolicyStatement, indent + 2)}\n${pad}}]`
      : `[\n${statements.map((statement) => `${pad}  {\n${attributes(statement, indent + 3)}\n${pad}  },`).join('\n')}\n${pad}]`;
  return `jsonencode({\n${pad}Version = "2012-10-17"\n${pad}Statement = ${list}\n${'  '.repeat(indent)}})`;
}
