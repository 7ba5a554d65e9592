import { ByocError, type CustomCloud, type ProviderAccess } from '@byoc-kit/core';
import { type RetryClock, retryUntilDeadline } from '@byoc-kit/core/provider-utils';
import { parseRoleArn } from '../access/role-arn.js';
import { type SessionPurpose, sessionAttribution, sourceIdentityOf } from '../access/session-attribution.js';
import { sessionNameFor } from '../access/session-name.js';
import type { ResolvedAwsSettings, StsClientLike } from '../settings.js';
import { type StsModule, stsCalls } from './sts-calls.js';
import { classifyStsError } from './sts-errors.js';

/** Who opens a session for the vendor's own work in a customer's account, and for how long. */
export interface VendorSessionOptions {
  /** The person or job acting: the session's source identity and `byoc:actor` tag. Required: every vendor session is attributed. */
  readonly actor: string;
  /** Why: the `byoc:purpose` tag. Default `operation`. */
  readonly purpose?: SessionPurpose;
  /** 900 to 43,200 seconds, within the role's maximum. Default 3,600. */
  readonly durationSeconds?: number;
  readonly signal?: AbortSignal;
}

/** The credentials of a vendor session, for an AWS SDK client's `credentials`. */
export interface VendorSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date | undefined;
  /** What the customer's CloudTrail shows as `sourceIdentity` on every call of the session. */
  readonly sourceIdentity: string;
}

/**
 * A session in the customer's account for the vendor's own operations (building the cloud, reading
 * its metrics), opened as verification opens its own: the cloud's external ID (the previous one
 * during a rotation the customer has not applied yet), the actor's source identity, and the
 * `byoc:cloud-id`, `byoc:actor` and `byoc:purpose` tags, so the customer's CloudTrail attributes
 * every call of it. Throttling is retried; a denial is not.
 */
export async function openVendorSession(
  cloud: CustomCloud,
  options: VendorSessionOptions,
  context: {
    readonly settings: ResolvedAwsSettings;
    readonly clock: RetryClock;
    readonly loadSts: () => Promise<StsModule>;
    readonly vendorClient: () => Promise<StsClientLike>;
  },
): Promise<VendorSession> {
  const access: ProviderAccess | null | undefined = cloud.access;
  if (access?.kind !== 'aws_iam_role') {
    throw new ByocError({
      code: 'ACCESS_INVALID',
      message: `Custom cloud ${cloud.id} has no verified IAM role to assume; provision it with the role its template created first.`,
      details: { id: cloud.id },
    });
  }
  if (typeof options?.actor !== 'string' || options.actor.trim() === '') {
    throw new ByocError({
      code: 'INPUT_INVALID',
      message: "assumeRole needs { actor }: the person or job acting, which the customer sees as the session's source identity.",
    });
  }
  const durationSeconds = options.durationSeconds ?? 3_600;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) {
    throw new ByocError({ code: 'INPUT_INVALID', message: 'durationSeconds must be a whole number of seconds from 900 to 43,200.' });
  }
  const role = parseRoleArn(access.identity);
  const { settings, clock } = context;
  const deadline = clock.now() + settings.requestTimeoutMs * 3;
  const calls = stsCalls(await context.loadSts(), { signal: options.signal, timeoutMs: settings.requestTimeoutMs, deadline, clock });
  const client = await context.vendorClient();
  const attribution = sessionAttribution(cloud, options.actor, options.purpose ?? 'operation');
  const assume = (externalId: string) => () =>
    calls.assumeRole(client, {
      RoleArn: role.arn,
      RoleSessionName: sessionNameFor(cloud),
      ExternalId: externalId,
      SourceIdentity: attribution.sourceIdentity,
      Tags: attribution.tags,
      DurationSeconds: durationSeconds,
    });
  const retry = { policy: settings.retry, clock, deadline, signal: options.signal, classify: classifyStsError };
  let outcome = await retryUntilDeadline(assume(cloud.externalId), { ...retry, retryable: (failure) => failure.kind === 'transient' });
  const previous = cloud.externalIdRotation?.previousExternalId;
  if (!outcome.ok && outcome.failure.kind === 'denied' && previous) {
    outcome = await retryUntilDeadline(assume(previous), { ...retry, retryable: (failure) => failure.kind === 'transient' });
  }
  if (!outcome.ok) {
    throw new ByocError({
      code: outcome.failure.kind === 'denied' ? 'ASSUME_ROLE_DENIED' : 'STS_UNAVAILABLE',
      message: `The vendor could not open a session in ${role.arn} for ${sourceIdentityOf(options.actor)} (${outcome.failure.name}: ${outcome.failure.message}). ${outcome.failure.kind === 'denied' ? 'Check the cloud with checkHealth: the customer may have removed the access.' : 'Try again later.'}`,
      details: { id: cloud.id, roleArn: role.arn },
      isRetryable: outcome.failure.kind !== 'denied',
    });
  }
  const credentials = outcome.value.Credentials;
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration ?? undefined,
    sourceIdentity: attribution.sourceIdentity,
  };
}
