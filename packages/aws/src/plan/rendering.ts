import { ByocError, type CustomCloud } from '@byoc-kit/core';
import type { AwsBlueprint, AwsBlueprintIdentity, AwsBlueprintParameter } from '../blueprint/schema.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { type ResolvedIdentity, resolveIdentities } from './resolve.js';

/** What both template formats render from: the blueprint, its resolved policies, and this cloud's parameter values. */
export interface BlueprintRendering {
  readonly blueprint: AwsBlueprint;
  readonly identities: readonly ResolvedIdentity[];
  /** Values of the blueprint's parameters the vendor gave for this cloud, checked against their patterns. */
  readonly parameterValues: Readonly<Record<string, string>>;
  /** Parameters without a value: the customer fills them in, as the README says. */
  readonly missingParameters: readonly AwsBlueprintParameter[];
}

/**
 * Resolves the blueprint for one custom cloud. Raises `BLUEPRINT_PARAMETER_INVALID` for a
 * parameter value that does not match its pattern, or a parameter the blueprint does not declare.
 */
export function prepareRendering(cloud: CustomCloud, settings: ResolvedAwsSettings): BlueprintRendering {
  const blueprint = settings.blueprint;
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
  let identities = resolved.get(settings);
  if (identities === undefined) {
    identities = resolveIdentities(blueprint, settings);
    resolved.set(settings, identities);
  }
  return { blueprint, identities, parameterValues, missingParameters };
}

// The resolved policies depend on the settings only, never on a cloud: resolved once per provider.
const resolved = new WeakMap<ResolvedAwsSettings, readonly ResolvedIdentity[]>();

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
