import type { CustomCloud, ProviderAccess, VerificationReport, VerifyAccessOptions } from '@byoc-kit/core';
import { createReportBuilder, type RetryClock, retryUntilDeadline } from '@byoc-kit/core/provider-utils';
import { secretOf } from '../access/access-key.js';
import { partitionOfRegion } from '../partition.js';
import { identityName } from '../plan/plan.js';
import type { ResolvedAwsSettings, StsClientLike } from '../settings.js';
import { type StsModule, stsCalls } from './sts-calls.js';
import { classifyStsError, type StsFailure } from './sts-errors.js';

/** What verifying an access key needs besides the cloud. */
export interface AccessKeyVerificationContext {
  readonly settings: ResolvedAwsSettings;
  readonly clock: RetryClock;
  readonly loadSts: () => Promise<StsModule>;
  readonly accessKeyClient: (credentials: { accessKeyId: string; secretAccessKey: string }) => Promise<StsClientLike>;
}

/** The user name the blueprint gives its access identity, for this cloud. */
export function expectedUserName(cloud: CustomCloud, settings: ResolvedAwsSettings): string | undefined {
  const user = settings.blueprint.identities.find((identity) => identity.id === settings.blueprint.access.identity);
  if (user?.kind !== 'user') return undefined;
  return identityName(user, settings.resourcePrefix, cloud.id);
}

// A new key takes a few seconds to work everywhere: an unknown key id is retried until the deadline.
const classify = (error: unknown): StsFailure => {
  const failure = classifyStsError(error);
  if (failure.name === 'InvalidClientTokenId') return { kind: 'denied', name: failure.name, message: failure.message };
  if (failure.name === 'SignatureDoesNotMatch') return { ...failure, kind: 'fatal', code: 'ACCESS_KEY_SECRET_MISMATCH' } as StsFailure;
  return failure;
};

/**
 * Verifies a customer's access key: GetCallerIdentity signed with it must succeed (retried while a
 * new key propagates), in the partition of the cloud's region, as the user the blueprint creates.
 */
export async function verifyAccessKey(
  cloud: CustomCloud,
  access: ProviderAccess,
  context: AccessKeyVerificationContext,
  options: VerifyAccessOptions = {},
): Promise<VerificationReport> {
  const { clock, settings } = context;
  const verification = createReportBuilder(clock);
  const secret = await secretOf(cloud, access, settings);
  if (secret === undefined) {
    verification.check('caller_identity_with_access_key', false, 'The secret access key is not at hand.');
    return verification.report({
      code: 'ACCESS_KEY_SECRET_UNAVAILABLE',
      message: `The secret of ${access.identity} was not stored (byoc-kit keeps it only sealed, and the provider has no seal/unseal). Call reconnect with the key pair again, or configure seal and unseal to verify without the customer.`,
    });
  }
  const deadline = clock.now() + (options.deadlineMs ?? settings.retry.deadlineMs);
  const calls = stsCalls(await context.loadSts(), { signal: options.signal, timeoutMs: settings.requestTimeoutMs, deadline, clock });
  const client = await context.accessKeyClient({ accessKeyId: access.identity, secretAccessKey: secret });
  const identity = await retryUntilDeadline(() => calls.callerIdentity(client), {
    policy: settings.retry,
    clock,
    deadline,
    signal: options.signal,
    classify,
    retryable: (failure) => failure.kind === 'denied' || failure.kind === 'transient',
  });
  verification.countAttempts(identity.attempts);
  if (!identity.ok) {
    const { failure } = identity;
    verification.check('caller_identity_with_access_key', false, `${failure.name}: ${failure.message}`);
    const seconds = verification.seconds();
    switch (failure.kind) {
      case 'aborted':
        return verification.report({
          code: 'ABORTED',
          message: `Verification of ${access.identity} was aborted.`,
          isRetryable: true,
          fault: 'transport',
        });
      case 'denied':
        return verification.report({
          code: 'ACCESS_KEY_REJECTED',
          message: `STS did not know the key ${access.identity} after ${identity.attempts} attempt(s) over ${seconds} s. Check that the key is active (aws iam list-access-keys) and was copied whole, then provision again.`,
          isRetryable: true,
        });
      case 'transient':
        return verification.report({
          code: 'STS_UNAVAILABLE',
          message: `STS kept failing (${failure.name}); retried ${identity.attempts} times over ${seconds} s. Provision again later.`,
          isRetryable: true,
          fault: 'transport',
        });
      default:
        return verification.report({
          code: failure.code === 'VENDOR_CREDENTIALS_INVALID' ? 'ACCESS_KEY_REJECTED' : failure.code,
          message:
            failure.code === 'ACCESS_KEY_SECRET_MISMATCH'
              ? `The secret access key does not belong to ${access.identity}. Copy the access_secret_key output of the same apply again.`
              : `STS refused the key ${access.identity} (${failure.name}: ${failure.message}).`,
          isRetryable: false,
        });
    }
  }
  const arn = identity.value.Arn;
  verification.check('caller_identity_with_access_key', true, `GetCallerIdentity returned ${arn} in account ${identity.value.Account}.`);
  const partition = partitionOfRegion(cloud.region);
  const user = /^arn:([^:]+):iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  const expected = expectedUserName(cloud, settings);
  const matches = user !== null && user[1] === partition && (expected === undefined || user[3] === expected);
  verification.check(
    'access_key_user',
    matches,
    matches ? `The key belongs to user ${user?.[3]}.` : `The key belongs to ${arn}, not to user ${expected} in the ${partition} partition.`,
  );
  if (!matches) {
    return verification.report({
      code: 'ACCESS_KEY_USER_MISMATCH',
      message: `The key acts as ${arn}; return the key of the user ${expected} that the template created, in an ${partition} account.`,
    });
  }
  return verification.report();
}
