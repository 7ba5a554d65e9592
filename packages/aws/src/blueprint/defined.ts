import { deepFreeze } from '@byoc-kit/core/provider-utils';
import type { AwsBlueprint } from './schema.js';

const defined = new WeakSet<object>();

/** Whether a value is a blueprint `defineAwsBlueprint` returned (anything else is validated again). */
export function isDefinedBlueprint(value: unknown): value is AwsBlueprint {
  return typeof value === 'object' && value !== null && defined.has(value);
}

/** Freezes a validated blueprint and remembers it as defined. */
export function markDefined(blueprint: AwsBlueprint): AwsBlueprint {
  const frozen = deepFreeze(blueprint) as AwsBlueprint;
  defined.add(frozen);
  return frozen;
}
