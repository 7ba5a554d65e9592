import type { PolicyReference, PolicyStatement, PolicyString } from './aws-policy-document.js';
import { mapPolicyStrings } from './aws-policy-document.js';

/** How each policy reference is written in the CloudFormation template (inside `Fn::Sub`). */
const cloudFormationReferences: Record<PolicyReference, { name: string; value?: unknown }> = {
  partition: { name: 'AWS::Partition' },
  region: { name: 'AWS::Region' },
  vpcArn: {
    name: 'VpcArn',
    value: {
      'Fn::Sub': [
        'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${VpcId}',
        { VpcId: { 'Fn::If': ['CreateNetwork', { Ref: 'Vpc' }, { Ref: 'ExistingVpcId' }] } },
      ],
    },
  },
  bucketName: { name: 'BucketName', value: { 'Fn::Sub': ['${Prefix}-${CustomCloudId}', { Prefix: { Ref: 'ResourcePrefix' } }] } },
  nodeRoleArn: { name: 'NodeRoleArn', value: { 'Fn::GetAtt': ['NodeRole', 'Arn'] } },
  customCloudId: { name: 'CustomCloudId' },
  ec2Service: { name: 'Ec2Service', value: { 'Fn::Sub': 'ec2.${AWS::URLSuffix}' } },
};

/** A literal inside `Fn::Sub`: `${` must be written `${!`. */
function subLiteral(text: string): string {
  return text.replaceAll('${', '${!');
}

/** A policy string as CloudFormation: a plain string, or `Fn::Sub` with the variables it uses. */
export function toCloudFormation(value: PolicyString): unknown {
  if (typeof value === 'string') return value;
  const variables: Record<string, unknown> = {};
  const text = value
    .map((part) => {
      if (typeof part === 'string') return subLiteral(part);
      const reference = cloudFormationReferences[part.ref];
      if (reference.value !== undefined) variables[reference.name] = reference.value;
      return `\${${reference.name}}`;
    })
    .join('');
  return Object.keys(variables).length === 0 ? { 'Fn::Sub': text } : { 'Fn::Sub': [text, variables] };
}

/** A policy document of statements with references, as CloudFormation. */
export function cloudFormationPolicyDocument(statements: readonly PolicyStatement[]): object {
  return { Version: '2012-10-17', Statement: mapPolicyStrings(statements, toCloudFormation) };
}
