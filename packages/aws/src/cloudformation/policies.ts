import { mapStatementStrings, type PolicyReference, type PolicyStatement, type PolicyString, parseIssuerKey } from '../plan/statement.js';
import { parameterName, ref, select, sub, subLiteral } from './intrinsics.js';

interface CloudFormationReference {
  /** Its name inside `Fn::Sub`: a pseudo parameter, a stack parameter, a variable or `Logical.Attribute`. */
  readonly name: string;
  /** The variable's value, when `name` is not a parameter or an attribute. */
  readonly value?: unknown;
  /** Text to write in place, when the policy asks for references in place (`inlineReferences`). */
  readonly inline?: string;
  /** The value written alone (a whole string that is only this reference) in documents of the direct style. */
  readonly alone: unknown;
}

/** How each policy reference is written in the CloudFormation template. */
const cloudFormationReferences: Record<PolicyReference, CloudFormationReference> = {
  partition: { name: 'AWS::Partition', alone: ref('AWS::Partition') },
  region: { name: 'AWS::Region', alone: ref('AWS::Region') },
  vpcArn: {
    name: 'VpcArn',
    value: {
      'Fn::Sub': [
        'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${VpcId}',
        { VpcId: { 'Fn::If': ['CreateNetwork', { Ref: 'Vpc' }, { Ref: 'ExistingVpcId' }] } },
      ],
    },
    alone: undefined,
  },
  bucketName: {
    name: 'BucketName',
    value: { 'Fn::Sub': ['${Prefix}-${CustomCloudId}', { Prefix: { Ref: 'ResourcePrefix' } }] },
    inline: '${ResourcePrefix}-${CustomCloudId}',
    alone: undefined,
  },
  bucketArn: { name: 'Bucket.Arn', alone: { 'Fn::GetAtt': ['Bucket', 'Arn'] } },
  nodeRoleArn: { name: 'NodeRoleArn', value: { 'Fn::GetAtt': ['NodeRole', 'Arn'] }, alone: { 'Fn::GetAtt': ['NodeRole', 'Arn'] } },
  customCloudId: { name: 'CustomCloudId', alone: ref('CustomCloudId') },
  ec2Service: { name: 'Ec2Service', value: { 'Fn::Sub': 'ec2.${AWS::URLSuffix}' }, alone: sub('ec2.${AWS::URLSuffix}') },
  vendorPrincipalArn: { name: 'VendorPrincipalArn', alone: ref('VendorPrincipalArn') },
  externalId: { name: 'ExternalId', alone: ref('ExternalId') },
  // A list: both IDs while PreviousExternalId is set (a rotation), else the cloud's own.
  externalIds: {
    name: 'ExternalIds',
    alone: { 'Fn::If': ['HasPreviousExternalId', [ref('ExternalId'), ref('PreviousExternalId')], [ref('ExternalId')]] },
  },
};

/**
 * How references to other parts of the template are written. Policy documents use the `variables`
 * style (`Fn::Sub` with a variable per reference); trust and bucket policies the `direct` style (a
 * reference alone is its `Ref` or `Fn::GetAtt`, in text it is named in place).
 */
export interface CloudFormationReferenceContext {
  /** The logical id of an identity of the blueprint: `NodeRole`. */
  readonly logicalIdOf: (identityId: string) => string;
  /** Write references with a text form (the bucket name) into the string itself, without a variable. */
  readonly inlineReferences?: boolean;
  readonly style?: 'variables' | 'direct';
}

/** A policy string as CloudFormation: a plain string, a reference, or `Fn::Sub` with the variables it uses. */
export function toCloudFormation(value: PolicyString, context: CloudFormationReferenceContext): unknown {
  if (typeof value === 'string') return value;
  const direct = context.style === 'direct';
  const only = value.length === 1 ? value[0] : undefined;
  if (direct && typeof only === 'object') {
    if ('ref' in only && cloudFormationReferences[only.ref].alone !== undefined) return cloudFormationReferences[only.ref].alone;
    if ('parameter' in only) return ref(parameterName(only.parameter));
    if ('arnOf' in only) return { 'Fn::GetAtt': [context.logicalIdOf(only.arnOf), 'Arn'] };
  }
  const variables: Record<string, unknown> = {};
  const text = value
    .map((part) => {
      if (typeof part === 'string') return subLiteral(part);
      if ('arnOf' in part) {
        const logicalId = context.logicalIdOf(part.arnOf);
        if (direct) return `\${${logicalId}.Arn}`;
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
  return Object.keys(variables).length === 0 ? sub(text) : sub(text, variables);
}

/** A policy document of statements with references, as CloudFormation. */
export function cloudFormationPolicyDocument(statements: readonly PolicyStatement[], context: CloudFormationReferenceContext): unknown {
  if (statements.some((statement) => Object.keys(statement.Condition ?? {}).length > 0 && hasIssuerKey(statement))) {
    return issuerDocument(statements);
  }
  return { Version: '2012-10-17', Statement: mapStatementStrings(statements, (value) => toCloudFormation(value, context)) };
}

function hasIssuerKey(statement: PolicyStatement): boolean {
  return Object.values(statement.Condition ?? {}).some((keys) => Object.keys(keys).some((key) => parseIssuerKey(key) !== undefined));
}

/**
 * A web-identity trust: condition keys cannot hold intrinsic functions, so the whole document is
 * one `Fn::Sub` text, with the issuer taken from the OIDC provider's ARN parameter.
 */
function issuerDocument(statements: readonly PolicyStatement[]): unknown {
  let provider = '';
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: mapStatementStrings(
      statements,
      (value) => {
        if (typeof value === 'string') return subLiteral(value);
        return value
          .map((part) => {
            if (typeof part === 'string') return subLiteral(part);
            if ('parameter' in part) {
              provider = parameterName(part.parameter);
              return `\${${provider}}`;
            }
            throw new Error('A web-identity trust refers to its OIDC provider only.');
          })
          .join('');
      },
      (key) => {
        const issuer = parseIssuerKey(key);
        return issuer ? `\${OidcIssuer}${subLiteral(issuer.suffix)}` : subLiteral(key);
      },
    ),
  });
  return sub(text, { OidcIssuer: select(1, { 'Fn::Split': ['oidc-provider/', ref(provider)] }) });
}
