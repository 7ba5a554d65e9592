import type { CustomCloud, VerificationCheck } from '@byoc-kit/core';
import { type ReportError, type RetryClock, type RetryPolicy, retryUntilDeadline } from '@byoc-kit/core/provider-utils';
import type { CloudPlan } from '../plan/plan.js';
import { permissionSimulations, samplePart, selfSimulationAction } from '../plan/simulation.js';
import type { StsClientLike } from '../settings.js';
import { type Evaluation, type IamModule, simulatePrincipalPolicy } from './iam-calls.js';
import type { StsCallBounds } from './sts-calls.js';
import { classifyStsError, type StsFailure } from './sts-errors.js';

/** What the permission check needs: the IAM module (loaded on first use) and a client on the assumed credentials. */
export interface PermissionCheckContext {
  readonly loadIam: () => Promise<IamModule>;
  readonly iamClient: () => Promise<StsClientLike>;
  readonly clock: RetryClock;
  readonly retry: { readonly policy: Required<RetryPolicy>; readonly deadline: number; readonly signal?: AbortSignal | undefined };
  readonly bounds: StsCallBounds;
}

/** What the check found: its line of the report, and the failure when a granted permission is missing. */
export interface PermissionCheckOutcome {
  readonly check: VerificationCheck;
  readonly error?: ReportError;
  /** Every permission of the current plan is granted: the customer runs the current template's policies. */
  readonly allGranted: boolean;
  /** IAM answered (all allowed, or some denied); false when the check could not be made. */
  readonly answered: boolean;
}

const checkId = 'permissions_granted';

/**
 * Asks IAM, through the role itself (`iam:SimulatePrincipalPolicy` on its own ARN, which the template
 * grants), whether the role may do every action the plan gives it, on its resources, under its
 * conditions: a permission removed by hand, a policy detached, a boundary or an organization's SCP
 * shows as a denied action. `strict`: a denied action fails the check (`PERMISSIONS_MISSING`);
 * otherwise (a cloud that runs an older template) it is reported as an upgrade still to apply.
 * Undefined when the plan does not let the role simulate its own policies.
 */
export async function checkGrantedPermissions(
  cloud: CustomCloud,
  cloudPlan: CloudPlan,
  roleArn: string,
  vendorPrincipalArn: string,
  context: PermissionCheckContext,
  options: { readonly strict: boolean },
): Promise<PermissionCheckOutcome | undefined> {
  const simulation = permissionSimulations(cloud, cloudPlan, roleArn, vendorPrincipalArn);
  if (simulation === undefined) return undefined;
  const iam = await context.loadIam();
  const client = await context.iamClient();
  const denied: Evaluation[] = [];
  let evaluated = 0;
  for (const request of simulation.requests) {
    const outcome = await retryUntilDeadline(() => simulatePrincipalPolicy(iam, client, roleArn, request, context.bounds), {
      ...context.retry,
      clock: context.clock,
      classify: classifyStsError,
      // A just-created role's permission to simulate itself may take a while to reach IAM's edge.
      retryable: (failure: StsFailure) => failure.kind === 'transient' || (failure.kind === 'denied' && options.strict),
    });
    if (!outcome.ok) return unanswered(outcome.failure, roleArn, options.strict);
    evaluated += outcome.value.length;
    denied.push(...outcome.value.filter((evaluation) => evaluation.decision !== 'allowed'));
  }
  const skipped =
    simulation.skipped.length === 0
      ? ''
      : ` Not simulated: ${simulation.skipped.map((item) => `${item.sid} (${item.reason})`).join('; ')}.`;
  if (denied.length === 0) {
    return {
      check: { id: checkId, ok: true, detail: `IAM allows all ${evaluated} action-resource pairs the template grants the role.${skipped}` },
      allGranted: true,
      answered: true,
    };
  }
  const grouped = byAction(denied);
  const missing = grouped.map((item) => item.text);
  const listed = missing.slice(0, 10).join('; ');
  const more = missing.length > 10 ? `; and ${missing.length - 10} more` : '';
  const byOrganization = [
    ...new Set(denied.filter((evaluation) => evaluation.deniedByOrganization).map((evaluation) => evaluation.action)),
  ];
  const account = roleArn.split(':')[4];
  const organizationNote =
    byOrganization.length > 0
      ? ` An AWS Organizations service control policy denies ${byOrganization.join(', ')}: the organization's administrator must allow ${byOrganization.length === 1 ? 'it' : 'them'} for account ${account}.`
      : '';
  const byBoundary = [...new Set(denied.filter((evaluation) => evaluation.deniedByBoundary).map((evaluation) => evaluation.action))];
  const boundaryNote =
    byBoundary.length > 0
      ? ` The role's permissions boundary (your organization's guardrail, permissions_boundary_arn or PermissionsBoundaryArn of the template) leaves out ${byBoundary.join(', ')}: its administrator must allow ${byBoundary.length === 1 ? 'it' : 'them'} in the boundary, or give the template a boundary that does.`
      : '';
  // An SCP or a boundary is the organization's, not the template's: applying the template again cannot restore it.
  const advice = denied.every((evaluation) => evaluation.deniedByOrganization || evaluation.deniedByBoundary)
    ? ''
    : " Apply the template again to restore the role's policies, then check again.";
  if (!options.strict) {
    return {
      check: {
        id: checkId,
        ok: true,
        detail: `The current template grants ${missing.length} permission(s) the role does not have yet (${listed}${more}): the customer has not applied the upgrade.`,
      },
      allGranted: false,
      answered: true,
    };
  }
  return {
    check: { id: checkId, ok: false, detail: `IAM denies ${denied.length} of ${evaluated} action-resource pairs: ${listed}${more}.` },
    error: {
      code: 'PERMISSIONS_MISSING',
      message: `The role ${roleArn} lacks ${missing.length} permission(s) the template grants it: ${listed}${more}.${organizationNote}${boundaryNote}${advice}`,
      fault: 'customer',
      details: { missing: grouped.map(({ text: _text, ...item }) => item) },
    },
    allGranted: false,
    answered: true,
  };
}

/** One denied action, for programs: on which resources (as the template writes them) and why. */
interface MissingPermission {
  readonly action: string;
  readonly resources: string[];
  readonly reason: string;
  readonly deniedByOrganization: boolean;
  /** The same in words. */
  readonly text: string;
}

/** Each denied action once, with why and the resources, as the template writes them (`instance/*`). */
function byAction(denied: readonly Evaluation[]): MissingPermission[] {
  const groups = new Map<string, Omit<MissingPermission, 'text'>>();
  for (const evaluation of denied) {
    const reason = reasonOf(evaluation);
    const key = `${evaluation.action} ${reason}`;
    const group = groups.get(key) ?? {
      action: evaluation.action,
      resources: [],
      reason,
      deniedByOrganization: evaluation.deniedByOrganization,
    };
    group.resources.push(evaluation.resource.replaceAll(samplePart, '*'));
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    ...group,
    text:
      group.resources.length === 1 && group.resources[0] === '*'
        ? `${group.action} (${group.reason})`
        : `${group.action} on ${group.resources.join(', ')} (${group.reason})`,
  }));
}

function reasonOf(evaluation: Evaluation): string {
  if (evaluation.decision === 'explicitDeny')
    return evaluation.deniedByOrganization ? 'denied by an organization SCP' : 'explicitly denied';
  if (evaluation.deniedByBoundary) return 'outside the permissions boundary';
  return evaluation.deniedByOrganization ? 'not allowed by an organization SCP' : 'not granted';
}

/** The simulation itself was refused or failed: a denied self-simulation is a missing permission too. */
function unanswered(failure: StsFailure | { kind: 'aborted' }, roleArn: string, strict: boolean): PermissionCheckOutcome {
  if (failure.kind === 'denied' && strict) {
    return {
      check: { id: checkId, ok: false, detail: `IAM refused ${selfSimulationAction} on the role itself (${failure.name}).` },
      error: {
        code: 'PERMISSIONS_MISSING',
        message: `The role ${roleArn} may not simulate its own policies (${selfSimulationAction} on itself), which the template grants so the vendor can check its permissions. Apply the template again.`,
        fault: 'customer',
      },
      allGranted: false,
      answered: true,
    };
  }
  const reason = failure.kind === 'aborted' ? 'the check was aborted' : `${failure.name}: ${failure.message}`;
  if (!strict) {
    return {
      check: { id: checkId, ok: true, detail: `The permissions were not checked (${reason}).` },
      allGranted: false,
      answered: false,
    };
  }
  return {
    check: { id: checkId, ok: false, detail: `The permissions could not be checked (${reason}).` },
    error: {
      code: 'IAM_UNAVAILABLE',
      message: `IAM did not answer the permission check of ${roleArn} (${reason}). This is not a verdict on the role: check again later.`,
      isRetryable: true,
      fault: 'transport',
    },
    allGranted: false,
    answered: false,
  };
}
