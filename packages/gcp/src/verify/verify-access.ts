import type { CustomCloud, ProviderAccess, VerificationReport, VerifyAccessOptions } from '@byoc-kit/core';
import {
  type AbortedFailure,
  boundedCall,
  openVerification,
  type ReportError,
  type RetryClock,
  retryUntilDeadline,
} from '@byoc-kit/core/provider-utils';
import type { KyInstance } from 'ky';
import { type GcpServiceAccount, parseServiceAccount } from '../access/service-account.js';
import { bindingOf, bindingPrefix, selfViewerRole } from '../plan/binding.js';
import type { ResolvedGcpSettings } from '../settings.js';
import { classifyGoogleError, type GoogleFailure } from './google-errors.js';
import { resourceManager } from './resource-manager.js';
import { readServiceAccount } from './service-account-read.js';

/** What verification needs besides the cloud. */
export interface GcpVerificationContext {
  readonly settings: ResolvedGcpSettings;
  readonly clock: RetryClock;
  /** Mints an access token for the service account by impersonation (google-auth-library, lazily). */
  readonly impersonate: (email: string) => Promise<string>;
  readonly http: KyInstance;
  /** The version of the template this provider renders now. */
  readonly templateVersion: string;
}

type Failure = GoogleFailure | AbortedFailure;

/**
 * Verifies a GCP custom cloud's service account: the vendor principal can impersonate it, it is
 * bound to this cloud (its description carries the cloud's external ID, read through the
 * impersonated token: `SERVICE_ACCOUNT_NOT_BOUND` otherwise), it holds every permission the vendor
 * needs on its project (`projects.testIamPermissions`, each missing one reported), and a real read
 * (`projects.get`) succeeds with the impersonated token. Denials are retried until the deadline:
 * Google IAM takes about two minutes, up to seven. A health check of a cloud verified on an older
 * template, from before the binding, reports a missing binding as an upgrade to apply; an account
 * bound to another cloud is refused on every check.
 */
export async function verifyGcpAccess(
  cloud: CustomCloud,
  access: ProviderAccess,
  context: GcpVerificationContext,
  options: VerifyAccessOptions & { mode?: 'full' | 'health' } = {},
): Promise<VerificationReport> {
  const { clock, settings } = context;
  const { verification, report, retry, bounds } = openVerification(clock, settings, options);
  const account = parseServiceAccount(access.identity);

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
  // Every call says why, for the customer's audit logs: this cloud, who at the vendor acted, and for what.
  const requestReason = `byoc-kit custom-cloud=${cloud.id} actor=${(options.actor ?? 'byoc-kit').replace(/\s+/g, '_').slice(0, 100)} purpose=${options.purpose ?? (options.mode === 'health' ? 'health-check' : 'verification')}`;
  const api = resourceManager(context.http, token.value, bounds, requestReason);

  // 2. The binding: the account says which cloud it was made for. Strict but for a health check of a
  // cloud on an older template, which may predate the binding until the customer upgrades.
  const strict = options.mode !== 'health' || cloud.templateVersion === context.templateVersion;
  const binding = await checkBinding(cloud, account, context, {
    token: token.value,
    bounds,
    retry,
    strict,
    seconds: verification.seconds,
    requestReason,
  });
  verification.countAttempts(binding.attempts);
  verification.check('service_account_bound', binding.error === undefined, binding.detail);
  if (binding.error) return report(binding.error);

  // 3. The permissions the vendor needs, tested on the project; missing ones may still be propagating.
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

  // The health monitor stops here: impersonation, the binding and the permissions are what can drift.
  // A cloud on an older template whose account now carries the binding and every current permission runs the current one.
  if (options.mode === 'health') return binding.bound && !strict ? { ...report(), templateVersion: context.templateVersion } : report();

  // 4. One real read: a passing test with a denied read is still a failure.
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

/** What the binding check found: bound, not yet (an older template, leniently), or an error. */
interface BindingOutcome {
  readonly bound: boolean;
  readonly detail: string;
  readonly attempts: number;
  readonly error?: ReportError;
}

async function checkBinding(
  cloud: CustomCloud,
  account: GcpServiceAccount,
  context: GcpVerificationContext,
  options: {
    token: string;
    bounds: Parameters<typeof readServiceAccount>[2];
    retry: Omit<Parameters<typeof retryUntilDeadline>[1], 'classify' | 'retryable'>;
    strict: boolean;
    seconds: () => number;
    requestReason: string;
  },
): Promise<BindingOutcome> {
  const read = await retryUntilDeadline(
    () => readServiceAccount(context.http, options.token, options.bounds, account, options.requestReason),
    {
      ...options.retry,
      classify: (error) => classifyGoogleError(error, 'call'),
      // A just-granted self-read may take a while to propagate, as any IAM grant.
      retryable: (failure) =>
        failure.kind === 'transient' || (options.strict && (failure.kind === 'denied' || failure.kind === 'not_found')),
    },
  );
  const fix = `Apply the custom cloud's current template to the project ${account.projectId}: it writes the cloud's binding (${bindingPrefix}<external ID>) at the start of the service account's description and lets the account read itself (${selfViewerRole} on itself only). Then provision again with the service account that template created.`;
  if (!read.ok) {
    const failure = read.failure;
    if (failure.kind === 'transient' || failure.kind === 'fatal' || failure.kind === 'aborted') {
      return {
        bound: false,
        attempts: read.attempts,
        detail: `${failure.name}: ${failure.message}`,
        error: otherFailure(failure, read.attempts, options.seconds()),
      };
    }
    const detail = `${account.email} cannot read its own description (${failure.name}: ${failure.message}).`;
    if (!options.strict)
      return { bound: false, attempts: read.attempts, detail: `${detail} The customer has not applied the template that binds it yet.` };
    return {
      bound: false,
      attempts: read.attempts,
      detail,
      error: {
        code: 'SERVICE_ACCOUNT_NOT_BOUND',
        message: `The service account ${account.email} cannot be checked for custom cloud ${cloud.id}'s binding: it may not read itself (iam.serviceAccounts.get on itself was denied after ${read.attempts} attempt(s)). ${fix}`,
        isRetryable: true,
        fault: 'customer',
      },
    };
  }
  const carried = bindingOf(read.value.description);
  if (carried === cloud.externalId) {
    return {
      bound: true,
      attempts: read.attempts,
      detail: `${account.email} carries custom cloud ${cloud.id}'s binding in its description.`,
    };
  }
  if (carried === undefined && !options.strict) {
    return {
      bound: false,
      attempts: read.attempts,
      detail: `${account.email} carries no binding yet: the customer has not applied the template upgrade that writes it.`,
    };
  }
  // Another cloud's value is never the customer's oversight to wait on, and its value is not theirs to see.
  const found = carried === undefined ? 'carries no custom-cloud binding in its description' : 'is bound to another custom cloud';
  return {
    bound: false,
    attempts: read.attempts,
    detail: `${account.email} ${found}.`,
    error: {
      code: 'SERVICE_ACCOUNT_NOT_BOUND',
      message: `The service account ${account.email} ${found}, not to custom cloud ${cloud.id}: the vendor may act through an account only for the cloud it was created for. ${fix}`,
      isRetryable: false,
      fault: 'customer',
    },
  };
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
