import {
  type AbortedFailure,
  type CustomCloud,
  createReportBuilder,
  type ProviderAccess,
  type ReportError,
  type RetryClock,
  retryUntilDeadline,
  type VerificationReport,
  type VerifyAccessOptions,
} from '@byoc-kit/core';
import { partitionOfRegion } from './aws-partition.js';
import { parseRoleArn } from './aws-role-arn.js';
import type { AssumedCredentials, ResolvedAwsSettings, StsClientLike } from './aws-settings.js';
import { classifyStsError, type StsFailure } from './aws-sts-errors.js';

/** What verification needs besides the cloud: settings, clients (created lazily) and a clock. */
export interface AwsVerificationContext {
  readonly settings: ResolvedAwsSettings;
  readonly clock: RetryClock;
  /** The STS module, imported on first verification only. */
  readonly loadSts: () => Promise<typeof import('@aws-sdk/client-sts')>;
  readonly vendorClient: () => Promise<StsClientLike>;
  readonly assumedClient: (credentials: AssumedCredentials) => Promise<StsClientLike>;
}

interface AssumeRoleOutput {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date };
  AssumedRoleUser?: { Arn?: string };
}

/** An STS session name (2-64 of `[\w+=,.@-]`) that names the custom cloud, for CloudTrail. */
export function sessionNameFor(cloud: Pick<CustomCloud, 'id'>): string {
  return `byoc-${cloud.id}`.slice(0, 64);
}

/**
 * Verifies an AWS custom cloud's role with three checks: AssumeRole with the external ID succeeds
 * (retried while IAM propagates); AssumeRole without it is denied (else the trust policy is open to
 * the confused deputy); GetCallerIdentity with the assumed credentials returns the role's account.
 */
export async function verifyAwsAccess(
  cloud: CustomCloud,
  access: ProviderAccess,
  context: AwsVerificationContext,
  options: VerifyAccessOptions = {},
): Promise<VerificationReport> {
  const { clock, settings } = context;
  const verification = createReportBuilder(clock);
  const deadline = clock.now() + (options.deadlineMs ?? settings.retry.deadlineMs);
  const role = parseRoleArn(access.identity);
  const report = verification.report;
  const expectedPartition = partitionOfRegion(cloud.region);
  if (role.partition !== expectedPartition) {
    return report({
      code: 'ROLE_PARTITION_MISMATCH',
      message: `The role ${role.arn} is in the ${role.partition} partition, but region ${cloud.region} is in ${expectedPartition}. Apply the template in an ${expectedPartition} account and return that role.`,
    });
  }

  const sts = await context.loadSts();
  const client = await context.vendorClient();
  const sessionName = sessionNameFor(cloud);
  const assume = (withExternalId: boolean) => () =>
    client.send(
      new sts.AssumeRoleCommand({
        RoleArn: role.arn,
        RoleSessionName: sessionName,
        DurationSeconds: 900,
        ...(withExternalId ? { ExternalId: cloud.externalId } : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    ) as Promise<AssumeRoleOutput>;
  const retry = { policy: settings.retry, clock, deadline, signal: options.signal, classify: classifyStsError };

  // 1. AssumeRole with the external ID; AccessDenied is retried: a new role takes time to propagate.
  const withId = await retryUntilDeadline(assume(true), { ...retry, retryable: (failure) => failure.kind !== 'fatal' });
  verification.countAttempts(withId.attempts);
  if (!withId.ok) {
    verification.check('assume_role_with_external_id', false, `${withId.failure.name}: ${withId.failure.message}`);
    return report(failureError(withId.failure, withId, role.arn, cloud, settings, verification.seconds()));
  }
  const credentials = withId.value.Credentials;
  verification.check(
    'assume_role_with_external_id',
    true,
    `Assumed ${role.arn} as ${withId.value.AssumedRoleUser?.Arn ?? sessionName} with the external ID after ${withId.attempts} attempt(s).`,
  );

  // 2. AssumeRole without the external ID must be denied.
  const withoutId = await retryUntilDeadline(assume(false), { ...retry, retryable: (failure) => failure.kind === 'transient' });
  verification.countAttempts(withoutId.attempts);
  if (withoutId.ok) {
    verification.check('assume_role_without_external_id_denied', false, 'AssumeRole without the external ID succeeded.');
    return report({
      code: 'TRUST_MISSING_EXTERNAL_ID',
      message: `The role ${role.arn} can be assumed without the external ID, so any customer of the vendor could make the vendor act in this account (confused deputy). Add the condition StringEquals sts:ExternalId = ${cloud.externalId} to its trust policy, as the template does, and apply again.`,
    });
  }
  if (withoutId.failure.kind !== 'denied') {
    verification.check('assume_role_without_external_id_denied', false, `${withoutId.failure.name}: ${withoutId.failure.message}`);
    return report(failureError(withoutId.failure, withoutId, role.arn, cloud, settings, verification.seconds()));
  }
  verification.check('assume_role_without_external_id_denied', true, 'AssumeRole without the external ID was denied, as it must be.');

  // 3. The assumed credentials act in the role's account.
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    verification.check('caller_identity_account', false, 'AssumeRole returned no credentials.');
    return report({
      code: 'VERIFICATION_ERROR',
      message: 'AssumeRole succeeded but returned no credentials; retry the verification.',
      isRetryable: true,
    });
  }
  const assumedClient = await context.assumedClient({
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  });
  const identity = await retryUntilDeadline(
    () =>
      assumedClient.send(new sts.GetCallerIdentityCommand({}), options.signal ? { abortSignal: options.signal } : {}) as Promise<{
        Account?: string;
        Arn?: string;
      }>,
    { ...retry, retryable: (failure) => failure.kind === 'transient' },
  );
  verification.countAttempts(identity.attempts);
  if (!identity.ok) {
    verification.check('caller_identity_account', false, `${identity.failure.name}: ${identity.failure.message}`);
    return report(failureError(identity.failure, identity, role.arn, cloud, settings, verification.seconds()));
  }
  if (identity.value.Account !== role.accountId) {
    verification.check(
      'caller_identity_account',
      false,
      `GetCallerIdentity returned account ${identity.value.Account}, not ${role.accountId}.`,
    );
    return report({
      code: 'ACCOUNT_MISMATCH',
      message: `The assumed credentials act in account ${identity.value.Account ?? 'unknown'}, not ${role.accountId} of the role ARN. Return the role created by the template in the custom cloud's account.`,
    });
  }
  verification.check(
    'caller_identity_account',
    true,
    `GetCallerIdentity returned ${identity.value.Arn ?? 'the role'} in account ${identity.value.Account}.`,
  );
  return report();
}

function failureError(
  failure: StsFailure | AbortedFailure,
  outcome: { attempts: number; timedOut: boolean },
  roleArn: string,
  cloud: CustomCloud,
  settings: ResolvedAwsSettings,
  seconds: number,
): ReportError {
  switch (failure.kind) {
    case 'aborted':
      return {
        code: 'ABORTED',
        message: `Verification of ${roleArn} was aborted after ${outcome.attempts} attempt(s). Provision again to retry.`,
        isRetryable: true,
      };
    case 'denied':
      return {
        code: 'PROPAGATION_TIMEOUT',
        message: `AssumeRole was denied for ${roleArn}. The role may still be propagating; retried ${outcome.attempts} times over ${seconds} s. Check that its trust policy names ${settings.vendorPrincipalArn} and the external ID ${cloud.externalId}, then provision again.`,
        isRetryable: true,
      };
    case 'transient':
      return {
        code: 'STS_UNAVAILABLE',
        message: `STS kept failing (${failure.name}: ${failure.message}); retried ${outcome.attempts} times over ${seconds} s. Provision again later.`,
        isRetryable: true,
      };
    case 'fatal':
      return { code: failure.code, message: fatalMessage(failure.code, failure, settings), isRetryable: false };
  }
}

function fatalMessage(code: string, failure: StsFailure, settings: ResolvedAwsSettings): string {
  if (code === 'VENDOR_CREDENTIALS_INVALID') {
    return `The vendor's own AWS credentials were refused (${failure.name}: ${failure.message}). This is not the customer's fault: fix the credentials of ${settings.vendorPrincipalArn} in the vendor's backend.`;
  }
  if (code === 'STS_REGION_DISABLED') {
    return `STS is not activated in the verification region (${failure.message}). Activate it in the vendor account, or set stsRegion to an active region.`;
  }
  return `STS refused the verification request (${failure.name}: ${failure.message}).`;
}
