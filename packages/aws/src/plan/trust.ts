import type { AwsBlueprintIdentity } from '../blueprint/schema.js';
import { oidcIssuerKey, type PolicyStatement, type PolicyValue } from './statement.js';

/** `VendorWithExternalId`, `VendorWithMfa`, `VendorWithExternalIdAndMfa`. */
export function crossAccountSid(trust: { externalId: boolean; mfa: boolean }): string {
  return `Vendor${trust.externalId ? 'WithExternalId' : ''}${trust.mfa ? (trust.externalId ? 'AndMfa' : 'WithMfa') : ''}`;
}

/** The STS actions that carry a session's attribution: its source identity and its tags. */
export const attributionActions = ['sts:SetSourceIdentity', 'sts:TagSession'] as const;

/**
 * How an identity's trust treats the attribution of sessions (`sourceIdentity` of the blueprint's
 * trust): as the blueprint says, else `required` for the identity byoc-kit assumes (the access
 * identity, trusting the vendor with an external ID) and `off` for the rest.
 */
export function attributionOf(identity: AwsBlueprintIdentity, accessIdentity: string): 'required' | 'allowed' | 'off' {
  if (identity.kind !== 'crossAccountRole') return 'off';
  if (identity.trust.sourceIdentity !== undefined) return identity.trust.sourceIdentity;
  return identity.id === accessIdentity && identity.trust.principal === 'vendor' && identity.trust.externalId ? 'required' : 'off';
}

/**
 * Who may assume an identity, as one statement of its trust policy: EC2 for a service role, the
 * vendor (with the external ID, or MFA) for a cross-account role, the OIDC provider's subjects for
 * a web-identity role. Users have none. With attribution on, the vendor may also set the session's
 * source identity and tags, and with it `required`, a session without a source identity is refused
 * by the customer's own account (`Null sts:SourceIdentity false`).
 */
export function trustStatement(
  identity: AwsBlueprintIdentity,
  attribution: 'required' | 'allowed' | 'off' = 'off',
): PolicyStatement | undefined {
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
      if (attribution === 'required') condition.Null = { 'sts:SourceIdentity': 'false' };
      const actions = attribution === 'off' ? trust.actions : [...new Set([...trust.actions, ...attributionActions])];
      return {
        Sid: trust.sid ?? crossAccountSid(trust),
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: actions.length === 1 ? (actions[0] as string) : [...actions],
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
