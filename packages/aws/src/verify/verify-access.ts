import {
  type CustomCloud,
  generateExternalId,
  type ProviderAccess,
  type VerificationReport,
  type VerifyAccessOptions,
} from '@byoc-kit/core';
import {
  type AbortedFailure,
  openVerification,
  type ReportError,
  type RetryClock,
  type RetryOutcome,
  retryUntilDeadline,
} from '@byoc-kit/core/provider-utils';
import { parseRoleArn } from '../access/role-arn.js';
import { sessionAttribution } from '../access/session-attribution.js';
import { sessionNameFor } from '../access/session-name.js';
import { partitionOfRegion } from '../partition.js';
import { awsTemplateManifest } from '../plan/manifest.js';
import { accessAttribution, planCloud } from '../plan/plan.js';
import type { AssumedCredentials, ResolvedAwsSettings, StsClientLike } from '../settings.js';
import type { IamModule } from './iam-calls.js';
import { checkGrantedPermissions } from './permission-check.js';
import { type StsModule, stsCalls } from './sts-calls.js';
import { classifyStsError, type StsFailure } from './sts-errors.js';

/** What verification needs besides the cloud: settings, clients (created lazily) and a clock. */
export interface AwsVerificationContext {
  readonly settings: ResolvedAwsSettings;
  readonly clock: RetryClock;
  /** The STS module, imported on first verification only. */
  readonly loadSts: () => Promise<StsModule>;
  readonly vendorClient: () => Promise<StsClientLike>;
  readonly assumedClient: (credentials: AssumedCredentials) => Promise<StsClientLike>;
  /** The IAM module, imported on the first permission check only. */
  readonly loadIam: () => Promise<IamModule>;
  readonly iamClient: (credentials: AssumedCredentials) => Promise<StsClientLike>;
}

/** `full`: the onboarding verification; `health`: the cheaper periodic check of an active cloud. */
export type AwsCheckMode = 'full' | 'health';

/**
 * Verifies an AWS custom cloud's role:
 * 1. AssumeRole with the external ID succeeds (retried while IAM propagates);
 * 2. AssumeRole without an external ID is denied (full verification only);
 * 3. AssumeRole with a fresh random external ID is denied: a trust that takes any ID (a
 *    `StringLike` with a wildcard) lets any other customer of the vendor use it (confused deputy);
 * 4. GetCallerIdentity with the assumed credentials returns the role's account;
 * 5. when the template lets the role simulate its own policies, IAM allows every action the current
 *    template grants it (`PERMISSIONS_MISSING` names each denied one). A health check of a cloud
 *    that runs an older template reports the missing ones as an upgrade to apply, and once all are
 *    granted reports the current version as the one the cloud runs.
 * Every call is bounded by `requestTimeoutMs` and by the deadline; an answer that does not parse is
 * a transport fault, retried to the deadline, never a verdict on the customer's trust.
 */
export async function verifyAwsAccess(
  cloud: CustomCloud,
  access: ProviderAccess,
  context: AwsVerificationContext,
  options: VerifyAccessOptions & { mode?: AwsCheckMode } = {},
): Promise<VerificationReport> {
  const { clock, settings } = context;
  const { verification, report: reportSoFar, deadline, retry: retryFrame, bounds } = openVerification(clock, settings, options);
  const health = options.mode === 'health';
  // Every session carries who the vendor acts for, where the template's trust allows it.
  const attribution =
    accessAttribution(settings) === 'off'
      ? undefined
      : sessionAttribution(cloud, options.actor, options.purpose ?? (health ? 'health-check' : 'verification'));
  let attributionRefused = false;
  // A report says what the customer's CloudTrail shows for the sessions, when they carried it.
  const report = (error?: ReportError): VerificationReport => ({
    ...reportSoFar(error),
    ...(attribution && !attributionRefused ? { actedAs: attribution.sourceIdentity } : {}),
  });
  const role = parseRoleArn(access.identity);
  const expectedPartition = partitionOfRegion(cloud.region);
  if (role.partition !== expectedPartition) {
    return report({
      code: 'ROLE_PARTITION_MISMATCH',
      message: `The role ${role.arn} is in the ${role.partition} partition, but region ${cloud.region} is in ${expectedPartition}. Apply the template in an ${expectedPartition} account and return that role.`,
    });
  }

  const calls = stsCalls(await context.loadSts(), bounds);
  const client = await context.vendorClient();
  const sessionName = sessionNameFor(cloud);
  const current = awsTemplateManifest(settings).version;
  // Strict: a verification, or a health check of a cloud on the current template. A health check of a
  // cloud on an older template reports what the current one adds as an upgrade still to apply.
  const strict = !health || cloud.templateVersion === current;
  const assume =
    (externalId: string | undefined, attributed = attribution !== undefined && !attributionRefused) =>
    () =>
      calls.assumeRole(client, {
        RoleArn: role.arn,
        RoleSessionName: sessionName,
        ...(externalId === undefined ? {} : { ExternalId: externalId }),
        ...(attributed && attribution ? { SourceIdentity: attribution.sourceIdentity, Tags: attribution.tags } : {}),
      });
  // Denied with the attribution: once, ask without it. A trust from before the audit trail refuses
  // sts:SetSourceIdentity, which is no propagation to wait for.
  let askedPlain = false;
  const assumeAttributed = (externalId: string) => async () => {
    try {
      return await assume(externalId)();
    } catch (error) {
      if (attribution === undefined || askedPlain || classifyStsError(error).kind !== 'denied') throw error;
      askedPlain = true;
      const plain = await assume(externalId, false)().catch(() => undefined);
      if (plain === undefined) throw error;
      attributionRefused = true;
      return plain;
    }
  };
  const retry = { ...retryFrame, classify: classifyStsError };
  const failed = (id: string, outcome: RetryOutcome<unknown, StsFailure> & { ok: false }) => {
    verification.check(id, false, `${outcome.failure.name}: ${outcome.failure.message}`);
    return report(failureError(outcome.failure, outcome, { roleArn: role.arn, cloud, settings, seconds: verification.seconds(), health }));
  };

  // 1. AssumeRole with the external ID; AccessDenied is retried: a new role takes time to propagate.
  // During a rotation the new ID is tried once, then the previous one, which the customer's trust
  // holds until they apply the template with the new one.
  // A health check retries no denial: the role was verified before, so a denial is the customer's
  // doing (a deleted role, an edited trust, an SCP), not propagation, and the monitor's
  // consecutive-failure count already absorbs a single odd answer.
  const rotation = cloud.externalIdRotation ?? undefined;
  let withId = await retryUntilDeadline(assumeAttributed(cloud.externalId), {
    ...retry,
    retryable: (failure) => (rotation || health ? failure.kind === 'transient' : failure.kind !== 'fatal'),
  });
  verification.countAttempts(withId.attempts);
  let presented: 'current' | 'previous' = 'current';
  if (!withId.ok && withId.failure.kind === 'denied' && rotation) {
    const previous = await retryUntilDeadline(assumeAttributed(rotation.previousExternalId), {
      ...retry,
      retryable: (failure) => (health ? failure.kind === 'transient' : failure.kind !== 'fatal'),
    });
    verification.countAttempts(previous.attempts);
    if (previous.ok) {
      withId = previous;
      presented = 'previous';
    }
  }
  if (!withId.ok) return failed('assume_role_with_external_id', withId);
  if (attributionRefused && strict) {
    verification.check('session_attribution', false, `The trust of ${role.arn} refuses sts:SetSourceIdentity and sts:TagSession.`);
    return report(attributionNotAllowed(role.arn, cloud));
  }
  verification.check(
    'assume_role_with_external_id',
    true,
    presented === 'current'
      ? `Assumed ${role.arn} as ${withId.value.AssumedRoleUser.Arn} with the external ID after ${withId.attempts} attempt(s).`
      : `Assumed ${role.arn} with the previous external ID only: the external ID was rotated on ${rotation?.rotatedAt} and the customer has not yet applied the template with the new one.`,
  );

  if (attribution) {
    verification.check(
      'session_attribution',
      true,
      attributionRefused
        ? `The trust of ${role.arn} predates the audit trail: it refuses a source identity, so this session is not attributed. The customer has not applied the template upgrade that allows and requires it.`
        : `The session carries the source identity ${attribution.sourceIdentity} and the tags ${attribution.tags.map((tag) => `${tag.Key}=${tag.Value}`).join(', ')}.`,
    );
  }

  // 2. and 3. Denial probes: without an external ID, and with one that is not this cloud's. They carry
  // the attribution too, so a denial says the ID was refused, never a missing source identity.
  const probes = [
    ...(options.mode === 'health' ? [] : [{ id: 'assume_role_without_external_id_denied', externalId: undefined }]),
    { id: 'assume_role_with_wrong_external_id_denied', externalId: generateExternalId() },
  ];
  for (const probe of probes) {
    const outcome = await retryUntilDeadline(assume(probe.externalId), { ...retry, retryable: (failure) => failure.kind === 'transient' });
    verification.countAttempts(outcome.attempts);
    if (outcome.ok) {
      verification.check(
        probe.id,
        false,
        `AssumeRole ${probe.externalId === undefined ? 'without an external ID' : 'with a wrong external ID'} succeeded.`,
      );
      return report(probe.externalId === undefined ? trustMissingExternalId(role.arn, cloud) : trustAcceptsAnyExternalId(role.arn, cloud));
    }
    if (outcome.failure.kind !== 'denied') return failed(probe.id, outcome);
    verification.check(
      probe.id,
      true,
      `AssumeRole ${probe.externalId === undefined ? 'without an external ID' : 'with a random external ID'} was denied, as it must be.`,
    );
  }

  // 4. The assumed credentials act in the role's account.
  const credentials = withId.value.Credentials;
  const assumed: AssumedCredentials = {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration ?? undefined,
  };
  const assumedClient = await context.assumedClient(assumed);
  const identity = await retryUntilDeadline(() => calls.callerIdentity(assumedClient), {
    ...retry,
    retryable: (failure) => failure.kind === 'transient',
  });
  verification.countAttempts(identity.attempts);
  if (!identity.ok) return failed('caller_identity_account', identity);
  if (identity.value.Account !== role.accountId) {
    verification.check(
      'caller_identity_account',
      false,
      `GetCallerIdentity returned account ${identity.value.Account}, not ${role.accountId}.`,
    );
    return report({
      code: 'ACCOUNT_MISMATCH',
      message: `The assumed credentials act in account ${identity.value.Account}, not ${role.accountId} of the role ARN. Return the role created by the template in the custom cloud's account.`,
    });
  }
  verification.check(
    'caller_identity_account',
    true,
    `GetCallerIdentity returned ${identity.value.Arn} in account ${identity.value.Account}.`,
  );

  // 5. The permissions the current template grants: always in a full verification, at the
  // settings' cadence in health checks (each is a few IAM calls more than the trust's three).
  const due = options.mode !== 'health' || permissionCheckDue(cloud, clock.now(), settings.permissionCheckIntervalMs);
  const permissions = !due
    ? undefined
    : await checkGrantedPermissions(
        cloud,
        planCloud(cloud, settings),
        role.arn,
        settings.vendorPrincipalArn,
        {
          loadIam: context.loadIam,
          iamClient: () => context.iamClient(assumed),
          clock,
          retry: { policy: settings.retry, deadline, signal: options.signal },
          bounds,
        },
        { strict },
      );
  if (permissions) {
    verification.check(permissions.check.id, permissions.check.ok, permissions.check.detail);
    if (permissions.error) return { ...report(permissions.error), ...(permissions.answered ? { permissionsChecked: true } : {}) };
  }
  // Every permission of the current template granted on a cloud recorded with an older one: the customer upgraded.
  const upgraded = health && !attributionRefused && permissions?.allGranted === true && cloud.templateVersion !== current;
  return {
    ...report(),
    externalId: presented,
    ...(upgraded ? { templateVersion: current } : {}),
    ...(permissions?.answered ? { permissionsChecked: true } : {}),
  };
}

/** Whether a health check should ask IAM about the permissions: the last check of them is older than the interval. */
function permissionCheckDue(cloud: CustomCloud, now: number, intervalMs: number): boolean {
  const times = [cloud.health?.permissionsCheckedAt, cloud.lastVerification?.ok ? cloud.lastVerification.finishedAt : undefined]
    .filter((time): time is string => time !== undefined)
    .map((time) => Date.parse(time));
  return times.length === 0 || now - Math.max(...times) >= intervalMs;
}

function trustMissingExternalId(roleArn: string, cloud: CustomCloud): ReportError {
  return {
    code: 'TRUST_MISSING_EXTERNAL_ID',
    message: `The role ${roleArn} can be assumed without the external ID, so any customer of the vendor could make the vendor act in this account (confused deputy). Add the condition StringEquals sts:ExternalId = ${cloud.externalId} to its trust policy, as the template does, and apply again.`,
  };
}

function trustAcceptsAnyExternalId(roleArn: string, cloud: CustomCloud): ReportError {
  return {
    code: 'TRUST_EXTERNAL_ID_NOT_ENFORCED',
    message: `The role ${roleArn} can be assumed with an external ID that is not this custom cloud's (a random one was accepted), so any other customer of the vendor could make the vendor act in this account (confused deputy). Its trust policy must test sts:ExternalId with StringEquals against exactly ${cloud.externalId}, not StringLike or a wildcard; apply the template's trust policy again.`,
  };
}

function failureError(
  failure: StsFailure | AbortedFailure,
  outcome: { attempts: number; timedOut: boolean },
  context: { roleArn: string; cloud: CustomCloud; settings: ResolvedAwsSettings; seconds: number; health: boolean },
): ReportError {
  const { roleArn, cloud, settings, seconds } = context;
  if (failure.kind === 'denied' && context.health) return accessRevoked(failure, roleArn, cloud, settings);
  switch (failure.kind) {
    case 'aborted':
      return {
        code: 'ABORTED',
        message: `Verification of ${roleArn} was aborted after ${outcome.attempts} attempt(s). Provision again to retry.`,
        isRetryable: true,
        fault: 'transport',
      };
    case 'denied':
      return {
        code: 'PROPAGATION_TIMEOUT',
        message: `AssumeRole was denied for ${roleArn}. The role may still be propagating; retried ${outcome.attempts} times over ${seconds} s. Check that its trust policy names ${settings.vendorPrincipalArn} and the external ID ${cloud.externalId}, then provision again.`,
        isRetryable: true,
        fault: 'customer',
      };
    case 'transient':
      return {
        code: 'STS_UNAVAILABLE',
        message: `STS kept failing (${failure.name}: ${failure.message}); retried ${outcome.attempts} times over ${seconds} s. This is not a verdict on the role: provision again later.`,
        isRetryable: true,
        fault: 'transport',
      };
    case 'fatal':
      return { code: failure.code, message: fatalMessage(failure.code, failure, settings), isRetryable: false, fault: 'vendor' };
  }
}

/** A denial in a health check: the role worked at verification, so the customer took the access away. */
function accessRevoked(failure: StsFailure, roleArn: string, cloud: CustomCloud, settings: ResolvedAwsSettings): ReportError {
  const since = cloud.lastVerification?.ok ? ` since its verification on ${cloud.lastVerification.finishedAt}` : '';
  return {
    code: 'ACCESS_REVOKED',
    message: `AssumeRole is now denied for ${roleArn}, which worked${since} (${failure.name}: ${failure.message}). Waiting will not help: the role was deleted, its trust policy no longer lets ${settings.vendorPrincipalArn} in with the external ID ${cloud.externalId}, or an organization SCP now denies sts:AssumeRole. Ask the customer to apply the custom cloud's template again (terraform apply, or update the CloudFormation stack) or lift the SCP; the health monitor reconnects the cloud once AssumeRole works.`,
    isRetryable: false,
    fault: 'customer',
  };
}

/** A trust from before the audit trail, in a verification that needs the current one. */
function attributionNotAllowed(roleArn: string, cloud: CustomCloud): ReportError {
  return {
    code: 'SOURCE_IDENTITY_NOT_ALLOWED',
    message: `The trust policy of ${roleArn} lets the vendor in with the external ID but refuses sts:SetSourceIdentity and sts:TagSession, so the vendor's sessions cannot carry who they act for. Apply custom cloud ${cloud.id}'s current template (terraform apply, or update the CloudFormation stack): its trust allows both and requires a source identity, so your CloudTrail names the person or job behind every vendor session.`,
    isRetryable: false,
    fault: 'customer',
  };
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
