import { type StandInRole, type StsStandIn, startStsStandIn } from '@byoc-kit/aws/testing';

/**
 * The AWS customer's side of the quickstart. With `BYOC_QUICKSTART_ROLE_ARN` (and the vendor's AWS
 * credentials in the SDK's default chain), that real role is verified in real AWS. Otherwise STS is
 * a loopback stand-in that plays the customer's account: it "applies the template" by trusting the
 * cloud's external ID, and later "deletes the role". It is a simulation, and says so.
 */
export interface CustomerAccount {
  readonly simulated: boolean;
  /** The role the customer returns for a cloud. */
  roleArn(cloudId: string): string;
  /** The customer applies the template: the role trusts the vendor with this external ID. */
  applyTemplate(roleArn: string, externalId: string): void;
  /** The customer deletes the role (simulation only). */
  deleteRole(roleArn: string): void;
  close(): Promise<void>;
}

export async function customerAccount(): Promise<CustomerAccount> {
  const real = process.env.BYOC_QUICKSTART_ROLE_ARN;
  if (real) {
    return {
      simulated: false,
      roleArn: () => real,
      applyTemplate: () => undefined,
      deleteRole: () => undefined,
      close: async () => undefined,
    };
  }
  const sts: StsStandIn = await startStsStandIn({ unknownRoles: 'deny' });
  // The AWS SDK sends STS calls to the stand-in; the vendor's credentials are placeholders it never checks.
  process.env.AWS_ENDPOINT_URL_STS = sts.url;
  process.env.AWS_ENDPOINT_URL_IAM = sts.url;
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIAQUICKSTARTEXAMPL';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'quickstart-placeholder-secret';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const roles = new Map<string, StandInRole>();
  return {
    simulated: true,
    roleArn: (cloudId) => `arn:aws:iam::123456789012:role/acme-${cloudId.replaceAll('-', '').slice(0, 8)}-iam-role`,
    applyTemplate(roleArn, externalId) {
      roles.set(roleArn, sts.role(roleArn).trust(externalId));
    },
    deleteRole(roleArn) {
      roles.get(roleArn)?.remove();
    },
    close: () => sts.close(),
  };
}
