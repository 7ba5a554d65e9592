/** The sample custom cloud and vendor values the example and its tests share. */

/** A custom cloud in us-west-2 with object storage on, as a customer would describe it. */
export const sampleCloudInput = {
  organizationId: 'org',
  displayName: 'Acme vectors',
  provider: 'aws',
  region: 'us-west-2',
  reservedCidr: '10.30.0.0/16',
  objectStorage: { enabled: true },
  contacts: [{ email: 'ops@acme.example', role: 'admin' }],
} as const;

/** The vendor's role that assumes customer roles. */
export const sampleVendorPrincipalArn = 'arn:aws:iam::111122223333:role/byoc-vendor';

/** The customer's account, and the OIDC provider of the EKS cluster Zilliz's data plane runs in. */
export const sampleCustomerAccount = '123456789012';
export const sampleOidcIssuer = 'oidc.eks.us-west-2.amazonaws.com/id/5C9A1B2D3E4F5A6B7C8D9E0F1A2B3C4D';
export const sampleOidcProviderArn = `arn:aws:iam::${sampleCustomerAccount}:oidc-provider/${sampleOidcIssuer}`;
