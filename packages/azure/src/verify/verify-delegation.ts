import { parseAzureIds } from '@byoc-kit/azure-request';
import type { CustomCloud, ProviderAccess, VerificationReport, VerifyAccessOptions } from '@byoc-kit/core';
import {
  type AbortedFailure,
  type CallFailure,
  openVerification,
  type ReportError,
  type RetryClock,
  retryUntilDeadline,
} from '@byoc-kit/core/provider-utils';
import { azureBuiltInRoles } from '../roles.js';
import type { ResolvedAzureSettings } from '../settings.js';
import { apiVersions, bindingOf, bindingPrefix } from '../template/delegation.js';
import { ArmError, type ArmReader, classifyArmError } from './arm-client.js';

/** What verification needs besides the cloud. */
export interface AzureVerificationContext {
  readonly settings: ResolvedAzureSettings;
  readonly clock: RetryClock;
  /** An ARM reader on the verification's call bounds. */
  readonly arm: (bounds: ReturnType<typeof openVerification>['bounds']) => ArmReader;
}

interface Assignment {
  readonly id: string;
  readonly provisioningState: string;
  readonly description: string;
  readonly managedByTenantId: string;
  readonly authorizations: readonly { principalId: string; roleDefinitionId: string }[];
}

type Failure = CallFailure | AbortedFailure;

/** Thrown inside a retried read when what ARM answered is not yet what verification waits for. */
class NotYet extends Error {
  override readonly name = 'NotYet';
  constructor(
    readonly failure: CallFailure,
    readonly extra: { readonly otherBindings?: number } = {},
  ) {
    super(failure.message);
  }
}

const classify = (error: unknown): CallFailure => (error instanceof NotYet ? error.failure : classifyArmError(error));
const resourceGroupOf = (cloud: CustomCloud, settings: ResolvedAzureSettings) => `${settings.resourcePrefix}-${cloud.id}`;

/**
 * Verifies an Azure custom cloud from the vendor's tenant: the subscription's Lighthouse
 * assignments (ARM, api-version 2022-10-01, definitions expanded) hold one delegated to the
 * vendor's tenant whose definition carries this cloud's binding (`byoc-binding:<external ID>`:
 * another cloud's is `DELEGATION_NOT_BOUND`), its authorizations are the template's
 * (`DELEGATION_AUTHORIZATIONS_MISMATCH`), the subscription is readable, enabled and of the
 * customer's tenant, and one real read, the template's resource group, succeeds. A new delegation
 * takes up to 15 minutes to show: denials and absences are retried until the deadline. A health
 * check reads the assignments and the subscription; a delegation gone from a cloud verified before
 * is `ACCESS_REVOKED` at once.
 */
export async function verifyAzureDelegation(
  cloud: CustomCloud,
  access: ProviderAccess,
  context: AzureVerificationContext,
  options: VerifyAccessOptions & { mode?: 'full' | 'health' } = {},
): Promise<VerificationReport> {
  const { settings, clock } = context;
  const { verification, report, retry, bounds } = openVerification(clock, settings, options);
  const ids = parseAzureIds(access.attributes);
  const arm = context.arm(bounds);
  const health = options.mode === 'health';
  const subscriptionPath = `/subscriptions/${ids.subscriptionId}`;

  // 1. The delegation: an assignment of the vendor's tenant, bound to this cloud, provisioned.
  let otherBindings = 0;
  const found = await retryUntilDeadline(
    async () => {
      const listed = await arm.get(
        `${subscriptionPath}/providers/Microsoft.ManagedServices/registrationAssignments`,
        apiVersions.managedServices,
        'registrationAssignments.list',
        { $expandRegistrationDefinition: 'true' },
      );
      const ours = assignmentsOf(listed).filter((assignment) => assignment.managedByTenantId === settings.managingTenantId);
      const bound = ours.find((assignment) => assignment.description.startsWith(`${bindingOf(cloud)}`) && isBindingEnd(assignment, cloud));
      otherBindings = ours.filter((assignment) => assignment.description.startsWith(bindingPrefix)).length - (bound ? 1 : 0);
      if (bound === undefined) {
        throw new NotYet({
          kind: 'not_found',
          name: 'DelegationNotFound',
          message:
            otherBindings > 0
              ? `the subscription holds ${otherBindings} delegation(s) to the vendor for other custom clouds, none for this one`
              : "no registration assignment of the subscription is delegated to the vendor's tenant",
        });
      }
      if (bound.provisioningState !== 'Succeeded') {
        throw new NotYet({ kind: 'denied', name: 'DelegationProvisioning', message: `the delegation is ${bound.provisioningState}` });
      }
      return bound;
    },
    {
      ...retry,
      classify,
      // A health check of a cloud verified before does not wait: a delegation gone is revoked.
      retryable: (failure) => failure.kind === 'transient' || (!health && (failure.kind === 'denied' || failure.kind === 'not_found')),
    },
  );
  verification.countAttempts(found.attempts);
  if (!found.ok) {
    verification.check('delegation_found', false, `${found.failure.name}: ${found.failure.message}`);
    return report(
      delegationFailure(found.failure, {
        cloud,
        subscriptionId: ids.subscriptionId,
        health,
        otherBindings,
        found,
        seconds: verification.seconds(),
      }),
    );
  }
  verification.check(
    'delegation_found',
    true,
    `Registration assignment ${found.value.id} delegates subscription ${ids.subscriptionId} to tenant ${settings.managingTenantId} for this custom cloud.`,
  );

  // 2. The authorizations: exactly the template's principals and roles.
  const expected = new Set(settings.authorizations.map((each) => `${each.principalId}/${each.roleDefinitionId}`));
  const actual = new Set(
    found.value.authorizations.map((each) => `${each.principalId.toLowerCase()}/${each.roleDefinitionId.toLowerCase()}`),
  );
  const missing = [...expected].filter((each) => !actual.has(each));
  const extra = [...actual].filter((each) => !expected.has(each));
  if (missing.length > 0 || extra.length > 0) {
    const describe = (pairs: string[]) =>
      pairs
        .map((pair) => {
          const [principal, role] = pair.split('/') as [string, string];
          return `${principal} as ${azureBuiltInRoles[role]?.name ?? role}`;
        })
        .join(', ');
    verification.check(
      'authorizations_match',
      false,
      `missing: ${describe(missing) || 'none'}; not in the template: ${describe(extra) || 'none'}`,
    );
    return report({
      code: 'DELEGATION_AUTHORIZATIONS_MISMATCH',
      message: `The delegation of subscription ${ids.subscriptionId} does not grant what the template grants (missing: ${describe(missing) || 'none'}; not in the template: ${describe(extra) || 'none'}). Deploy this custom cloud's template again, unchanged.`,
      isRetryable: false,
      fault: 'customer',
      details: { missing, extra },
    });
  }
  verification.check('authorizations_match', true, `All ${expected.size} authorization(s) are the template's.`);

  // 3. The subscription: visible through the delegation, enabled, in the customer's tenant.
  const subscription = await retryUntilDeadline(() => arm.get(subscriptionPath, '2022-12-01', 'subscriptions.get'), {
    ...retry,
    classify,
    retryable: (failure) => failure.kind === 'transient' || (!health && failure.kind === 'denied'),
  });
  verification.countAttempts(subscription.attempts);
  if (!subscription.ok) {
    verification.check('subscription_visible', false, `${subscription.failure.name}: ${subscription.failure.message}`);
    return report(
      subscription.failure.kind === 'transient' || subscription.failure.kind === 'aborted' || subscription.failure.kind === 'fatal'
        ? otherFailure(subscription.failure, subscription.attempts, verification.seconds())
        : {
            code: 'SUBSCRIPTION_NOT_VISIBLE',
            message: `The vendor's tenant cannot read subscription ${ids.subscriptionId} (${subscription.failure.message}) although it is delegated; retried ${subscription.attempts} times over ${verification.seconds()} s. Check the delegation on the subscription's Service providers page.`,
            isRetryable: true,
            fault: 'customer',
          },
    );
  }
  const { tenantId, state } = subscription.value as { tenantId?: unknown; state?: unknown };
  if (typeof tenantId === 'string' && tenantId.toLowerCase() !== ids.tenantId) {
    verification.check('subscription_visible', false, `The subscription is in tenant ${tenantId}, not ${ids.tenantId}.`);
    return report({
      code: 'AZURE_TENANT_MISMATCH',
      message: `Subscription ${ids.subscriptionId} belongs to tenant ${tenantId}, not ${ids.tenantId}. Provision again with the tenant_id output of the deployment.`,
      isRetryable: false,
      fault: 'customer',
    });
  }
  if (state !== 'Enabled') {
    verification.check('subscription_visible', false, `The subscription is ${String(state)}.`);
    return report({
      code: 'SUBSCRIPTION_DISABLED',
      message: `Subscription ${ids.subscriptionId} is ${String(state)}, not Enabled. Enable it (or pay what is past due) and provision again.`,
      isRetryable: true,
      fault: 'customer',
    });
  }
  verification.check('subscription_visible', true, `Subscription ${ids.subscriptionId} is Enabled in tenant ${ids.tenantId}.`);
  if (health) return report();

  // 4. One real read: the template's resource group.
  const group = ids.resourceGroup ?? resourceGroupOf(cloud, settings);
  const read = await retryUntilDeadline(
    () => arm.get(`${subscriptionPath}/resourceGroups/${encodeURIComponent(group)}`, apiVersions.resourceGroups, 'resourceGroups.get'),
    { ...retry, classify, retryable: (failure) => failure.kind !== 'fatal' },
  );
  verification.countAttempts(read.attempts);
  if (!read.ok) {
    verification.check('resource_group_read', false, `${read.failure.name}: ${read.failure.message}`);
    if (read.failure.kind === 'not_found' || read.failure.kind === 'denied') {
      return report({
        code: 'RESOURCE_GROUP_NOT_FOUND',
        message: `The resource group ${group} of subscription ${ids.subscriptionId} could not be read (${read.failure.message}); retried ${read.attempts} times over ${verification.seconds()} s. Deploy the whole template: it creates the group.`,
        isRetryable: true,
        fault: 'customer',
      });
    }
    return report(otherFailure(read.failure, read.attempts, verification.seconds()));
  }
  verification.check('resource_group_read', true, `Read the resource group ${group}.`);
  return report();
}

/** Whether the binding is the whole token: `byoc-binding:<id>` then the end or a space, so a longer ID does not match a prefix of it. */
function isBindingEnd(assignment: Assignment, cloud: CustomCloud): boolean {
  const next = assignment.description.charAt(bindingOf(cloud).length);
  return next === '' || next === ' ';
}

function assignmentsOf(body: unknown): Assignment[] {
  const value = (body as { value?: unknown }).value;
  if (!Array.isArray(value)) throw new ArmError(502, 'MalformedResponse', 'registrationAssignments.list answered without a value list');
  return value.flatMap((item) => {
    const properties = (item as { properties?: Record<string, unknown> })?.properties;
    const definition = (properties?.registrationDefinition as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (typeof (item as { id?: unknown }).id !== 'string' || definition === undefined) return [];
    const authorizations = Array.isArray(definition.authorizations) ? definition.authorizations : [];
    return [
      {
        id: (item as { id: string }).id,
        provisioningState: typeof properties?.provisioningState === 'string' ? properties.provisioningState : 'Unknown',
        description: typeof definition.description === 'string' ? definition.description : '',
        managedByTenantId: typeof definition.managedByTenantId === 'string' ? definition.managedByTenantId.toLowerCase() : '',
        authorizations: authorizations.flatMap((each: { principalId?: unknown; roleDefinitionId?: unknown }) =>
          typeof each?.principalId === 'string' && typeof each.roleDefinitionId === 'string'
            ? [{ principalId: each.principalId, roleDefinitionId: each.roleDefinitionId }]
            : [],
        ),
      },
    ];
  });
}

function delegationFailure(
  failure: Failure,
  context: {
    cloud: CustomCloud;
    subscriptionId: string;
    health: boolean;
    otherBindings: number;
    found: { attempts: number };
    seconds: number;
  },
): ReportError {
  const { subscriptionId, found, seconds } = context;
  if (failure.kind === 'aborted' || failure.kind === 'transient' || failure.kind === 'fatal')
    return otherFailure(failure, found.attempts, seconds);
  if (context.otherBindings > 0) {
    return {
      code: 'DELEGATION_NOT_BOUND',
      message: `Subscription ${subscriptionId} is delegated to the vendor for other custom clouds, not for ${context.cloud.id}: no registration definition there carries this cloud's binding. Deploy this custom cloud's own template in the subscription; a delegation made for another cloud cannot be used for this one.`,
      isRetryable: false,
      fault: 'customer',
    };
  }
  if (context.health) {
    // Health checks run on clouds verified before: the delegation worked, so it was taken away.
    const verification = context.cloud.lastVerification;
    const since = verification?.ok ? `, which was verified on ${verification.finishedAt}` : '';
    return {
      code: 'ACCESS_REVOKED',
      message: `The Lighthouse delegation of subscription ${subscriptionId} to the vendor is gone${since} (${failure.message}). Waiting will not help: the customer removed it. Ask them to deploy the custom cloud's template again; the health monitor reconnects the cloud once the delegation is back.`,
      isRetryable: false,
      fault: 'customer',
    };
  }
  return {
    code: 'DELEGATION_NOT_FOUND',
    message: `No Lighthouse delegation of subscription ${subscriptionId} to the vendor for this custom cloud was visible (${failure.message}); retried ${found.attempts} times over ${seconds} s. Deploy the template at subscription scope (az deployment sub create --template-file azuredeploy.json) as an Owner of the subscription; Lighthouse can take up to 15 minutes to show it, then provision again.`,
    isRetryable: true,
    fault: 'customer',
  };
}

function otherFailure(failure: Failure, attempts: number, seconds: number): ReportError {
  if (failure.kind === 'aborted')
    return { code: 'ABORTED', message: 'The verification was aborted.', isRetryable: true, fault: 'transport' };
  if (failure.kind === 'fatal') {
    return failure.code === 'VENDOR_CREDENTIALS_INVALID'
      ? {
          code: 'VENDOR_CREDENTIALS_INVALID',
          message: `Azure refused the vendor's own credentials (${failure.name}: ${failure.message}). Check the vendor's Azure identity (DefaultAzureCredential: AZURE_CLIENT_ID, AZURE_TENANT_ID, a managed identity) and its tenant.`,
          isRetryable: false,
          fault: 'vendor',
        }
      : {
          code: failure.code,
          message: `ARM refused the request (${failure.name}: ${failure.message}).`,
          isRetryable: false,
          fault: 'vendor',
        };
  }
  return {
    code: 'ARM_UNAVAILABLE',
    message: `Azure Resource Manager kept failing (${failure.name}: ${failure.message}); tried ${attempts} times over ${seconds} s. Not a verdict on the customer's delegation; retry later.`,
    isRetryable: true,
    fault: 'transport',
  };
}
