import type { AwsBlueprintIdentity } from '../blueprint/schema.js';
import { oidcIssuerKey, type PolicyStatement, type PolicyValue } from './statement.js';

/** `VendorWithExternalId`, `VendorWithMfa`, `VendorWithExternalIdAndMfa`. */
export function crossAccountSid(trust: { externalId: boolean; mfa: boolean }): string {
  return `Vendor${trust.externalId ? 'WithExternalId' : ''}${trust.mfa ? (trust.externalId ? 'AndMfa' : 'WithMfa') : ''}`;
}

/**
 * Who may assume an identity, as one statement of its trust policy: EC2 for a service role, the
 * vendor (with the external ID, or MFA) for a cross-account role, the OIDC provider's subjects for
 * a web-identity role. Users have none.
 */
export function trustStatement(identity: AwsBlueprintIdentity): PolicyStatement | undefined {
  switch (identity.kind) {
    case 'serviceRole':
      return { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: [{ ref: 'ec2Service' }] }, Action: 'sts:AssumeRole' };
    case 'crossAccountRole': {
      const { trust } = identity;
      const principal: PolicyValue =
        trust.principal === 'vendor'
          ? [{ ref: 'vendorPrincipalArn' }]
          : 'account' in trust.principal
            ? ['arn:', { ref: 'partition' }, `:iam::${trust.principal.account}:root`]
            : trust.principal.arn;
      const condition: Record<string, Record<string, PolicyValue>> = {};
      // The list of IDs: during a rotation the previous one is accepted until the new one is seen to work.
      if (trust.externalId) condition.StringEquals = { 'sts:ExternalId': [{ ref: 'externalIds' }] };
      if (trust.mfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
      return {
        Sid: trust.sid ?? crossAccountSid(trust),
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: trust.actions.length === 1 ? (trust.actions[0] as string) : [...trust.actions],
        Condition: condition,
      };
    }
    case 'webIdentityRole': {
      const { trust } = identity;
      return {
        ...(trust.sid ? { Sid: trust.sid } : {}),
        Effect: 'Allow',
        Principal: { Federated: [{ parameter: trust.providerArnParameter }] },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          [trust.subjectMatch]: {
            [oidcIssuerKey(identity.id, ':sub')]: trust.subjects.length === 1 ? (trust.subjects[0] as string) : [...trust.subjects],
            [oidcIssuerKey(identity.id, ':aud')]: trust.audience,
          },
        },
      };
    }
    default:
      return undefined;
  }
}

/** The bucket's own policy: no request without TLS. */
export const bucketPolicyStatements: readonly PolicyStatement[] = [
  {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [[{ ref: 'bucketArn' }], [{ ref: 'bucketArn' }, '/*']],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
];
