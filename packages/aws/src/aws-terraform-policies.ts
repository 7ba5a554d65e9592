import { expression, type HclValue, renderHcl, template } from '@byoc-kit/core';
import { mapPolicyStrings, type PolicyReference, type PolicyStatement, type PolicyString } from './aws-policy-document.js';
import type { IamStatement } from './aws-settings.js';

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

function toHclValue(value: PolicyString): HclValue {
  if (typeof value === 'string') return value;
  return template(...value.map((part) => (typeof part === 'string' ? part : expression(terraformReferences[part.ref]))));
}

/** `jsonencode({ Version = ..., Statement = [...] })` for statements with references. */
export function renderPolicyHcl(statements: readonly PolicyStatement[], indent: number): string {
  return renderJsonencode(mapPolicyStrings(statements, toHclValue) as HclValue[], indent);
}

/** The same for the vendor's extra statements: plain data, every string a literal. */
export function renderExtraPolicyHcl(statements: readonly IamStatement[], indent: number): string {
  return renderJsonencode(statements as unknown as HclValue[], indent);
}

function renderJsonencode(statements: HclValue[], indent: number): string {
  const document = renderHcl({ Version: '2012-10-17', Statement: statements }, indent);
  return `jsonencode(${document})`;
}
