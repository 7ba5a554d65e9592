import { ByocError, type CustomCloud } from '@byoc-kit/core';
import type {
  AwsBlueprint,
  AwsBlueprintIdentity,
  AwsBlueprintOutput,
  AwsBlueprintParameter,
  AwsBlueprintPolicy,
} from '../blueprint/schema.js';
import { customCloudIdTagKey, vendorComputeStatements, vendorStorageStatements } from '../blueprint/vendor-permissions.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { type PolicyStatement, splitIntoPolicies } from './statement.js';
import { attributionOf, bucketPolicyStatements, trustStatement } from './trust.js';

/**
 * What an AWS template creates, resolved once from the blueprint and the vendor's settings and
 * free of any template format: identities with their trust and policies (statement sets filled in,
 * large policies split), the network, the bucket with its policy, the outputs and the parameters.
 * The Terraform and CloudFormation renderers serialize it; template versions digest it. It holds no
 * value of one custom cloud: those stay variables.
 */
export interface AwsTemplatePlan {
  readonly blueprint: AwsBlueprint;
  readonly resourcePrefix: string;
  /** The tag key every resource carries, `<prefix>-custom-cloud-id`. */
  readonly tagKey: string;
  readonly identities: readonly PlannedIdentity[];
  /** The statements of the bucket's own policy; the bucket exists unless the blueprint has none. */
  readonly bucketPolicy: readonly PolicyStatement[];
}

/** An identity with its trust and its policies. */
export interface PlannedIdentity {
  readonly identity: AwsBlueprintIdentity;
  /** Who may assume it: absent for users. */
  readonly trust?: PolicyStatement | undefined;
  readonly policies: readonly PlannedPolicy[];
}

/** One policy of an identity: statement sets filled in; a split policy is one `PlannedPolicy` per part. */
export interface PlannedPolicy {
  readonly policy: AwsBlueprintPolicy;
  /** The part number of a split policy, from 1. */
  readonly part?: number | undefined;
  /** The name, `-<part>` after it when split. */
  readonly name: string;
  /** With `{part}` and `{parts}` filled in; `{customCloudId}` and `{displayName}` are left to the formats. */
  readonly description?: string | undefined;
  readonly statements: readonly PolicyStatement[];
}

/** The plan of one custom cloud: the vendor's plan and the values of the blueprint's parameters for it. */
export interface CloudPlan {
  readonly plan: AwsTemplatePlan;
  /** Values of the blueprint's parameters the vendor gave for this cloud, checked against their patterns. */
  readonly parameterValues: Readonly<Record<string, string>>;
  /** Parameters without a value: the customer fills them in, as the README says. */
  readonly missingParameters: readonly AwsBlueprintParameter[];
}

// A plan depends on the settings only, never on a cloud: resolved once per provider.
const plans = new WeakMap<ResolvedAwsSettings, AwsTemplatePlan>();

/** The plan of the vendor's template. */
export function planAwsTemplate(settings: ResolvedAwsSettings): AwsTemplatePlan {
  let plan = plans.get(settings);
  if (plan === undefined) {
    const blueprint = settings.blueprint;
    plan = {
      blueprint,
      resourcePrefix: settings.resourcePrefix,
      tagKey: customCloudIdTagKey(settings.resourcePrefix),
      identities: blueprint.identities.map((identity) => ({
        identity,
        trust: trustStatement(identity, attributionOf(identity, blueprint.access.identity)),
        policies: identity.policies.flatMap((policy) => planPolicy(policy, statementsOf(policy, settings))),
      })),
      bucketPolicy: blueprint.bucket === 'none' ? [] : bucketPolicyStatements,
    };
    plans.set(settings, plan);
  }
  return plan;
}

function statementsOf(policy: AwsBlueprintPolicy, settings: ResolvedAwsSettings): readonly PolicyStatement[] {
  if (Array.isArray(policy.statements)) return policy.statements as PolicyStatement[];
  switch ((policy.statements as { set: string }).set) {
    case 'vendorCompute':
      return vendorComputeStatements(settings.resourcePrefix);
    case 'vendorStorage':
      return vendorStorageStatements();
    default:
      return settings.extraVendorStatements;
  }
}

/** A policy as planned: empty statement sets drop out; a split policy becomes one per part. */
function planPolicy(policy: AwsBlueprintPolicy, statements: readonly PolicyStatement[]): PlannedPolicy[] {
  if (statements.length === 0) return [];
  if (!policy.split) return [{ policy, name: policy.name, description: policy.description, statements }];
  const parts = splitIntoPolicies(statements);
  return parts.map((part, index) => ({
    policy,
    part: index + 1,
    name: `${policy.name}-${index + 1}`,
    description: policy.description?.replaceAll('{part}', String(index + 1)).replaceAll('{parts}', String(parts.length)),
    statements: part,
  }));
}

/** Every planned policy, by the id of its blueprint policy (the first part of a split one). */
export function policiesById(plan: AwsTemplatePlan): Map<string, PlannedPolicy> {
  const byId = new Map<string, PlannedPolicy>();
  for (const { policies } of plan.identities)
    for (const planned of policies) if (!byId.has(planned.policy.id)) byId.set(planned.policy.id, planned);
  return byId;
}

/**
 * The name an identity of the blueprint gets in a cloud's account, as the templates write it:
 * `<prefix>-<first 8 hex of the cloud id>-<name>`, or its exact name.
 */
export function identityName(identity: Pick<AwsBlueprintIdentity, 'name' | 'exactName'>, resourcePrefix: string, cloudId: string): string {
  return identity.exactName ? identity.name : `${resourcePrefix}-${cloudId.replaceAll('-', '').slice(0, 8)}-${identity.name}`;
}

/** The managed policies of other identities that `identity` attaches too (`attachPolicies`), every part. */
export function sharedPolicies(plan: AwsTemplatePlan, identity: AwsBlueprintIdentity): PlannedPolicy[] {
  return identity.attachPolicies.flatMap((id) =>
    plan.identities.flatMap(({ policies }) => policies).filter((planned) => planned.policy.id === id),
  );
}

/**
 * The plan of one custom cloud. Raises `BLUEPRINT_PARAMETER_INVALID` for a parameter value that
 * does not match its pattern, or a parameter the blueprint does not declare.
 */
export function planCloud(cloud: CustomCloud, settings: ResolvedAwsSettings): CloudPlan {
  const plan = planAwsTemplate(settings);
  const blueprint = plan.blueprint;
  const given = settings.blueprintParameters?.(cloud) ?? {};
  const parameterValues: Record<string, string> = {};
  const missingParameters: AwsBlueprintParameter[] = [];
  for (const parameter of blueprint.parameters) {
    const value = given[parameter.name];
    if (value === undefined) {
      missingParameters.push(parameter);
      continue;
    }
    if (typeof value !== 'string' || value.length > parameter.maxLength || !new RegExp(parameter.pattern, 'u').test(value)) {
      throw new ByocError({
        code: 'BLUEPRINT_PARAMETER_INVALID',
        message: `blueprintParameters gave ${parameter.name} = ${JSON.stringify(String(value).slice(0, 100))} for custom cloud ${cloud.id}; it must match ${parameter.pattern} in at most ${parameter.maxLength} characters.`,
        details: { parameter: parameter.name },
      });
    }
    parameterValues[parameter.name] = value;
  }
  const unknown = Object.keys(given).filter((name) => !blueprint.parameters.some((parameter) => parameter.name === name));
  if (unknown.length > 0) {
    throw new ByocError({
      code: 'BLUEPRINT_PARAMETER_INVALID',
      message: `blueprintParameters gave ${unknown.join(', ')}, which the "${blueprint.name}" blueprint does not declare; remove them or declare them under parameters.`,
      details: { parameter: unknown[0] },
    });
  }
  return { plan, parameterValues, missingParameters };
}

/** Whether an output holds a secret: Terraform marks it sensitive, and byoc-kit never stores it. */
export function isSecretOutput(output: AwsBlueprintOutput): boolean {
  return output.value.of === 'secretAccessKey' || output.value.of === 'consolePassword';
}

/** Weaker patterns the blueprint uses on purpose, for the vendor to show the customer. */
export function blueprintWarnings(blueprint: AwsBlueprint): string[] {
  return blueprint.identities.flatMap((identity) => {
    if (identity.kind !== 'user') return [];
    const warnings: string[] = [];
    if (identity.accessKey) {
      warnings.push(
        `The template creates IAM user "${identity.name}" with a long-lived access key. Keys do not expire: rotate them, and prefer a role the vendor assumes with an external ID where the vendor supports it.`,
      );
    }
    if (identity.consolePassword) {
      warnings.push(`The template gives IAM user "${identity.name}" a console password; the user must change it at first sign-in.`);
    }
    return warnings;
  });
}

/** The deployer policy covers roles, policies and instance profiles named with the prefix: not users, not exact names. */
export function deployerPolicyCovers(blueprint: AwsBlueprint): boolean {
  return blueprint.identities.every(
    (identity: AwsBlueprintIdentity) =>
      identity.kind !== 'user' && !identity.exactName && identity.policies.every((policy) => !policy.exactName),
  );
}

/** How the trust of the identity byoc-kit assumes treats a session's attribution (source identity and tags). */
export function accessAttribution(settings: ResolvedAwsSettings): 'required' | 'allowed' | 'off' {
  const { blueprint } = settings;
  const access = blueprint.identities.find((identity) => identity.id === blueprint.access.identity);
  return access === undefined ? 'off' : attributionOf(access, blueprint.access.identity);
}
