import type { CustomCloud, ProviderAccess, VerificationReport, VerifyAccessOptions } from '@byoc-kit/core';
import {
  type AbortedFailure,
  boundedCall,
  createReportBuilder,
  type ReportError,
  type RetryClock,
  retryUntilDeadline,
} from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import { classifyGoogleError, type GoogleFailure } from './gcp-google-errors.js';
import { resourceManager } from './gcp-resource-manager.js';
import { parseServiceAccount } from './gcp-service-account.js';
import type { ResolvedGcpSettings } from './gcp-settings.js';

/** What verification needs besides the cloud. */
export interface GcpVerificationContext {
  readonly settings: ResolvedGcpSettings;
  readonly clock: RetryClock;
  /** Mints an access token for the service account by impersonation (google-auth-library, lazily). */
  readonly impersonate: (email: string) => Promise<string>;
  readonly http: KyInstance;
}

type Failure = GoogleFailure | AbortedFailure;

/**
 * Verifies a GCP custom cloud's service account: the vendor principal can impersonate it, it
 * holds every permission the vendor needs on its project (`projects.testIamPermissions`, each
 * missing one reported), and a real read (`projects.get`) succeeds with the impersonated token.
 * Denials are retried until the deadline: Google IAM takes about two minutes, up to seven.
 */
export async function verifyGcpAccess(
  // Part of the provider contract; nothing of the cloud beyond the returned account is checked on GCP.
  _cloud: CustomCloud,
  access: ProviderAccess,
  context: GcpVerificationContext,
  options: VerifyAccessOptions & { mode?: 'full' | 'health' } = {},
): Promise<VerificationReport> {
  const { clock, settings } = context;
  const verification = createReportBuilder(clock);
  const deadline = clock.now() + (options.deadlineMs ?? settings.retry.deadlineMs);
  const account = parseServiceAccount(access.identity);
  const report = verification.report;
  const retry = { policy: settings.retry, clock, deadline, signal: options.signal };

  const bounds = { signal: options.signal, timeoutMs: settings.requestTimeoutMs, deadline, clock };

  // 1. Impersonation: the vendor principal mints a token for the service account.
  const token = await retryUntilDeadline(
    () => boundedCall(() => context.impersonate(account.email), { ...bounds, what: 'IAM Credentials generateAccessToken' }),
    {
      ...retry,
      classify: (error) => classifyGoogleError(error, 'impersonation'),
      retryable: (failure) => failure.kind !== 'fatal',
    },
  );
  verification.countAttempts(token.attempts);
  if (!token.ok) {
    verification.check('impersonate_service_account', false, `${token.failure.name}: ${token.failure.message}`);
    if (token.failure.kind === 'denied' || token.failure.kind === 'not_found') {
      return report({
        code: 'IMPERSONATION_DENIED',
        message: `${settings.vendorPrincipal} cannot impersonate ${account.email} (${token.failure.message}); retried ${token.attempts} times over ${verification.seconds()} s. Grant it roles/iam.serviceAccountTokenCreator on that service account (the template's google_service_account_iam_member does), check that the account exists, and provision again.`,
        isRetryable: true,
      });
    }
    return report(otherFailure(token.failure, token.attempts, verification.seconds()));
  }
  verification.check(
    'impersonate_service_account',
    true,
    `${settings.vendorPrincipal} impersonated ${account.email} after ${token.attempts} attempt(s).`,
  );
  const api = resourceManager(context.http, token.value, bounds);

  // 2. The permissions the vendor needs, tested on the project; missing ones may still be propagating.
  const tested = await retryUntilDeadline(
    async () => {
      const granted = new Set(await api.testIamPermissions(account.projectId, settings.permissions));
      // Nothing granted at all: a project that does not exist answers so too. Ask it once, so a
      // missing project is PROJECT_NOT_FOUND at once, not every permission missing at the deadline.
      if (granted.size === 0) {
        const probe = await api.getProject(account.projectId).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (probe !== undefined && classifyGoogleError(probe, 'call').kind === 'not_found') throw probe;
      }
      const missing = settings.permissions.filter((permission) => !granted.has(permission));
      if (missing.length > 0) throw Object.assign(new Error(`missing: ${missing.join(', ')}`), { status: 403, missing });
      return missing;
    },
    {
      ...retry,
      classify: (error) => classifyWithMissing(error),
      retryable: (failure) => failure.kind === 'denied' || failure.kind === 'transient',
    },
  );
  verification.countAttempts(tested.attempts);
  if (!tested.ok) {
    const failure = tested.failure;
    verification.check('permissions_granted', false, `${failure.name}: ${failure.message}`);
    if (failure.kind === 'not_found') return report(projectNotFound(account.projectId));
    if (failure.kind === 'denied' && 'missing' in failure) {
      return report({
        code: 'PERMISSIONS_MISSING',
        message: `${account.email} lacks ${failure.missing.length} permission(s) on project ${account.projectId}: ${failure.missing.join(', ')}; retried ${tested.attempts} times over ${verification.seconds()} s. Apply the template's custom role and its binding (google_project_iam_member.vendor) again.`,
        isRetryable: true,
        details: { missing: failure.missing.map((permission) => ({ permission })) },
      });
    }
    return report(otherFailure(failure, tested.attempts, verification.seconds()));
  }
  verification.check(
    'permissions_granted',
    true,
    `${account.email} holds all ${settings.permissions.length} permissions on project ${account.projectId}.`,
  );

  // The health monitor stops here: impersonation and the permissions are what can drift.
  if (options.mode === 'health') return report();

  // 3. One real read: a passing test with a denied read is still a failure.
  const project = await retryUntilDeadline(() => api.getProject(account.projectId), {
    ...retry,
    classify: (error) => classifyGoogleError(error, 'call'),
    retryable: (failure) => failure.kind === 'denied' || failure.kind === 'transient',
  });
  verification.countAttempts(project.attempts);
  if (!project.ok) {
    verification.check('project_read', false, `${project.failure.name}: ${project.failure.message}`);
    if (project.failure.kind === 'not_found') return report(projectNotFound(account.projectId));
    if (project.failure.kind === 'denied') {
      return report({
        code: 'PROPAGATION_TIMEOUT',
        message: `projects.get on ${account.projectId} stayed denied for ${account.email} although testIamPermissions passed; retried ${project.attempts} times over ${verification.seconds()} s. IAM may still be propagating (up to seven minutes): provision again later.`,
        isRetryable: true,
      });
    }
    return report(otherFailure(project.failure, project.attempts, verification.seconds()));
  }
  if (project.value.lifecycleState !== 'ACTIVE') {
    verification.check('project_read', false, `Project ${account.projectId} is ${project.value.lifecycleState}.`);
    return report(projectNotFound(account.projectId, project.value.lifecycleState));
  }
  verification.check('project_read', true, `Read project ${project.value.projectId} with the impersonated token.`);
  return report();
}

type MissingFailure = GoogleFailure & { readonly missing: readonly string[] };

function classifyWithMissing(error: unknown): GoogleFailure | MissingFailure {
  const missing = (error as { missing?: string[] }).missing;
  if (missing) return { kind: 'denied', name: 'PERMISSIONS_MISSING', message: (error as Error).message, status: 403, missing };
  return classifyGoogleError(error, 'call');
}

function projectNotFound(projectId: string, state?: string): ReportError {
  return {
    code: 'PROJECT_NOT_FOUND',
    message: state
      ? `Project ${projectId} is ${state}, not ACTIVE. Create the custom cloud in an active project.`
      : `Project ${projectId} was not found. Check that the service account belongs to an existing project, and that the template was applied there.`,
    isRetryable: false,
  };
}

function otherFailure(failure: Failure, attempts: number, seconds: number): ReportError {
  if (failure.kind === 'aborted')
    return {
      code: 'ABORTED',
      message: `Verification was aborted after ${attempts} attempt(s). Provision again to retry.`,
      isRetryable: true,
      fault: 'transport',
    };
  if (failure.kind === 'transient') {
    return {
      code: 'GCP_UNAVAILABLE',
      message: `Google APIs kept failing (${failure.name}: ${failure.message}); retried ${attempts} times over ${seconds} s. This is not a verdict on the account: provision again later.`,
      isRetryable: true,
      fault: 'transport',
    };
  }
  if (failure.kind === 'fatal' && failure.code === 'VENDOR_CREDENTIALS_INVALID') {
    return {
      code: failure.code,
      message: `The vendor's own Google credentials were refused (${failure.message}). This is not the customer's fault: fix the credentials of the vendor principal in the vendor's backend.`,
      isRetryable: false,
      fault: 'vendor',
    };
  }
  return {
    code: failure.kind === 'fatal' ? failure.code : 'VERIFICATION_ERROR',
    message: `A Google API refused the verification (${failure.name}: ${failure.message}).`,
    isRetryable: false,
    fault: 'vendor',
  };
}
