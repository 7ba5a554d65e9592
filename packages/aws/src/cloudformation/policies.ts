import type { PolicyReference, PolicyString } from '../plan/policy-document.js';
import { mapStatementStrings, type WrittenStatement } from '../plan/statements.js';
import { parameterName, subLiteral } from './intrinsics.js';

/** How each policy reference is written in the CloudFormation template (inside `Fn::Sub`). */
const cloudFormationReferences: Record<PolicyReference, { name: string; value?: unknown; inline?: string }> = {
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
  bucketName: {
    name: 'BucketName',
    value: { 'Fn::Sub': ['${Prefix}-${CustomCloudId}', { Prefix: { Ref: 'ResourcePrefix' } }] },
    inline: '${ResourcePrefix}-${CustomCloudId}',
  },
  nodeRoleArn: { name: 'NodeRoleArn', value: { 'Fn::GetAtt': ['NodeRole', 'Arn'] } },
  customCloudId: { name: 'CustomCloudId' },
  ec2Service: { name: 'Ec2Service', value: { 'Fn::Sub': 'ec2.${AWS::URLSuffix}' } },
};

/** How references to other parts of the template are written. */
export interface CloudFormationReferenceContext {
  /** The logical id of an identity of the blueprint: `NodeRole`. */
  readonly logicalIdOf: (identityId: string) => string;
  /** Write references with a text form (the bucket name) into the string itself, without a variable. */
  readonly inlineReferences?: boolean;
}

/** A policy string as CloudFormation: a plain string, or `Fn::Sub` with the variables it uses. */
export function toCloudFormation(value: PolicyString, context: CloudFormationReferenceContext): unknown {
  if (typeof value === 'string') return value;
  const variables: Record<string, unknown> = {};
  const text = value
    .map((part) => {
      if (typeof part === 'string') return subLiteral(part);
      if ('arnOf' in part) {
        const logicalId = context.logicalIdOf(part.arnOf);
        variables[`${logicalId}Arn`] = { 'Fn::GetAtt': [logicalId, 'Arn'] };
        return `\${${logicalId}Arn}`;
      }
      if ('parameter' in part) return `\${${parameterName(part.parameter)}}`;
      const reference = cloudFormationReferences[part.ref];
      if (context.inlineReferences && reference.inline) return reference.inline;
      if (reference.value !== undefined) variables[reference.name] = reference.value;
      return `\${${reference.name}}`;
    })
    .join('');
  return Object.keys(variables).length === 0 ? { 'Fn::Sub': text } : { 'Fn::Sub': [text, variables] };
}

/** A policy document of statements with references, as CloudFormation. */
export function cloudFormationPolicyDocument(statements: readonly WrittenStatement[], context: CloudFormationReferenceContext): object {
  return { Version: '2012-10-17', Statement: mapStatementStrings(statements, (value) => toCloudFormation(value, context)) };
}
