import type { CustomCloud } from '@byoc-kit/core';
import { ec2ServiceOf, partitionOfRegion } from '../partition.js';
import { type CloudPlan, identityName, sharedPolicies } from './plan.js';
import { actionsOf, type PolicyReference, type PolicyStatement, type PolicyString, type PolicyValue, stringsOf } from './statement.js';

/** One `iam:SimulatePrincipalPolicy` question: may the role do these actions on these resources, in this context? */
export interface SimulationRequest {
  /** The statement it comes from, for messages. */
  readonly sid: string;
  readonly actions: readonly string[];
  /** Concrete ARNs (or `*`) that the statement's resource patterns match. */
  readonly resources: readonly string[];
  /** Values that satisfy the statement's own conditions: the permission is checked as the template grants it. */
  readonly context: readonly {
    readonly key: string;
    readonly type: 'string' | 'boolean' | 'numeric';
    readonly values: readonly string[];
  }[];
}

/** What of the plan is checked, and what cannot be from outside the account. */
export interface SimulationPlan {
  readonly requests: readonly SimulationRequest[];
  /** Statements left out, with why: a wildcard action, a value only the customer's account knows (its VPC). */
  readonly skipped: readonly { readonly sid: string; readonly reason: string }[];
}

/** What stands for a wildcard of a resource pattern in the ARNs simulated: `instance/byoc-simulated`. */
export const samplePart = 'byoc-simulated';

/** The action the template grants the access role on itself, so it can check its own permissions. */
export const selfSimulationAction = 'iam:SimulatePrincipalPolicy';

class Unknowable extends Error {}

/**
 * The questions that check the access role of a cloud has every permission the plan grants it:
 * each allowing statement of its policies (those the cloud's settings create), its references
 * resolved for this cloud and account, resource patterns made concrete, its conditions satisfied by
 * context entries. Undefined when the plan does not let the role simulate its own policies.
 */
export function permissionSimulations(
  cloud: CustomCloud,
  cloudPlan: CloudPlan,
  roleArn: string,
  vendorPrincipalArn: string,
): SimulationPlan | undefined {
  const { plan } = cloudPlan;
  const access = plan.identities.find(({ identity }) => identity.id === plan.blueprint.access.identity);
  if (access === undefined || access.identity.kind !== 'crossAccountRole') return undefined;
  const policies = [...access.policies, ...sharedPolicies(plan, access.identity)].filter(
    (planned) => planned.policy.when !== 'objectStorage' || cloud.objectStorage.enabled,
  );
  const statements = policies.flatMap((planned) => planned.statements).filter((statement) => statement.Effect === 'Allow');
  const account = roleArn.split(':')[4] as string;
  const partition = partitionOfRegion(cloud.region);
  // The customer's guardrails (an IAM path, a name prefix and suffix) read off the role it returned,
  // which the template named; every other identity of the template got the same.
  const naming = guardrailsOf(roleArn, identityName(access.identity, plan.resourcePrefix, cloud.id));
  const nameOf = (id: string) => {
    // The role itself is the ARN the customer returned, whatever it is called.
    if (id === access.identity.id) return roleArn;
    const identity = plan.blueprint.identities.find((candidate) => candidate.id === id);
    if (identity === undefined) throw new Unknowable(`identity ${id}`);
    if (naming === undefined) throw new Unknowable('the names your organization gives IAM roles');
    const name = `${naming.prefix}${identityName(identity, plan.resourcePrefix, cloud.id)}${naming.suffix}`;
    return `arn:${partition}:iam::${account}:${identity.kind === 'user' ? 'user' : 'role'}${naming.path}${name}`;
  };
  const bucketName = `${plan.resourcePrefix}-${cloud.id}`;
  // Values, or how to find one: the node role's ARN is read off the returned role only when a statement names it.
  const references: Partial<Record<PolicyReference, string | (() => string)>> = {
    partition,
    region: cloud.region,
    customCloudId: cloud.id,
    bucketName,
    bucketArn: `arn:${partition}:s3:::${bucketName}`,
    nodeRoleArn: plan.blueprint.identities.some((identity) => identity.id === 'node') ? () => nameOf('node') : undefined,
    ec2Service: ec2ServiceOf(partition),
    vendorPrincipalArn,
    externalId: cloud.externalId,
  };
  const resolve = (value: PolicyString): string => {
    if (typeof value === 'string') return value;
    return value
      .map((part) => {
        if (typeof part === 'string') return part;
        if ('arnOf' in part) return nameOf(part.arnOf);
        if ('parameter' in part) {
          const given = cloudPlan.parameterValues[part.parameter];
          if (given === undefined) throw new Unknowable(`the parameter ${part.parameter}`);
          return given;
        }
        const reference = references[part.ref];
        const known = typeof reference === 'function' ? reference() : reference;
        // The VPC's id exists only in the customer's account.
        if (known === undefined) throw new Unknowable(part.ref === 'vpcArn' ? "the VPC's ARN" : part.ref);
        return known;
      })
      .join('');
  };

  const requests: SimulationRequest[] = [];
  const skipped: { sid: string; reason: string }[] = [];
  statements.forEach((statement, index) => {
    const sid = statement.Sid ?? `statement ${index + 1}`;
    const actions = actionsOf(statement);
    const concrete = actions.filter((action) => !/[*?]/.test(action));
    if (concrete.length < actions.length)
      skipped.push({ sid, reason: `wildcard actions (${actions.filter((action) => /[*?]/.test(action)).join(', ')})` });
    if (concrete.length === 0) return;
    try {
      requests.push({
        sid,
        actions: concrete,
        resources: (statement.Resource === undefined ? ['*'] : stringsOf(statement.Resource)).map((pattern) =>
          concreteArn(resolve(pattern), account),
        ),
        context: contextOf(statement, resolve),
      });
    } catch (error) {
      if (!(error instanceof Unknowable)) throw error;
      skipped.push({ sid, reason: `it depends on ${error.message}, which only the customer's account knows` });
    }
  });
  return requests.some((request) => request.actions.includes(selfSimulationAction)) ? { requests, skipped } : undefined;
}

/**
 * The IAM path and the name prefix and suffix of a role the template created, from its ARN and the
 * name the template gives it (`arn:aws:iam::1:role/vendors/corp-cce-1a2b3c4d-iam-role-x` and
 * `cce-1a2b3c4d-iam-role` give `/vendors/`, `corp-`, `-x`); undefined when the ARN does not hold that name.
 */
export function guardrailsOf(roleArn: string, templateName: string): { path: string; prefix: string; suffix: string } | undefined {
  const resource = roleArn.split(':').slice(5).join(':');
  const slash = resource.lastIndexOf('/');
  const path = resource.slice(resource.indexOf('/'), slash + 1);
  const name = resource.slice(slash + 1);
  const at = name.indexOf(templateName);
  return at === -1 ? undefined : { path, prefix: name.slice(0, at), suffix: name.slice(at + templateName.length) };
}

/** A resource pattern made into an ARN it matches: the account filled in, other wildcards a sample name. */
function concreteArn(pattern: string, account: string): string {
  if (pattern === '*') return '*';
  const parts = pattern.split(':');
  if (parts.length >= 6 && parts[4] === '*') parts[4] = account;
  return parts.join(':').replaceAll('*', samplePart).replaceAll('?', 'x');
}

/** Context entries that satisfy a statement's conditions; an operator that cannot be satisfied by one value is refused. */
function contextOf(statement: PolicyStatement, resolve: (value: PolicyString) => string): SimulationRequest['context'] {
  const entries: { key: string; type: 'string' | 'boolean' | 'numeric'; values: string[] }[] = [];
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    const base = operator.replace(/IfExists$/, '');
    if (/^(ForAnyValue|ForAllValues):|^Null$|Not/.test(base)) throw new Unknowable(`a ${operator} condition`);
    const type = base === 'Bool' ? 'boolean' : base.startsWith('Numeric') ? 'numeric' : 'string';
    for (const [key, value] of Object.entries(keys)) {
      const first = typeof value === 'boolean' ? String(value) : resolve(stringsOf(value as PolicyValue)[0] as PolicyString);
      entries.push({ key, type, values: [first.replaceAll('*', samplePart).replaceAll('?', 'x')] });
    }
  }
  return entries;
}
