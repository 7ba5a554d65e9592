import type { AwsBlueprint, AwsBlueprintIdentity, AwsBlueprintPolicy } from '../blueprint/schema.js';
import { vendorComputeStatements, vendorStorageStatements } from '../blueprint/vendor-permissions.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { mapPolicyStrings, type PolicyStatement } from './policy-document.js';
import { splitStatements, type WrittenStatement } from './statements.js';

/** One policy as the templates render it: statement sets filled in, split policies numbered. */
export interface ResolvedPolicy {
  readonly policy: AwsBlueprintPolicy;
  /** Terraform label: the policy id, `_<n>` after it when split. */
  readonly label: string;
  /** CloudFormation logical id: `VendorStoragePolicy`, `VendorPolicy1`. */
  readonly logicalId: string;
  /** The name, `-<n>` after it when split. */
  readonly name: string;
  /** With `{part}` and `{parts}` filled in; `{customCloudId}` is left to the renderer. */
  readonly description?: string | undefined;
  readonly statements: readonly WrittenStatement[];
}

/** An identity and its resolved policies. */
export interface ResolvedIdentity {
  readonly identity: AwsBlueprintIdentity;
  readonly policies: readonly ResolvedPolicy[];
}

/** `vendor_storage` -> `VendorStorage`. */
export function pascalCase(id: string): string {
  return id
    .split(/[_-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The CloudFormation logical id of an identity: `NodeRole`, `RedisUser`. */
export function identityLogicalId(identity: AwsBlueprintIdentity): string {
  return `${pascalCase(identity.id)}${identity.kind === 'user' ? 'User' : 'Role'}`;
}

const written = (statements: readonly PolicyStatement[]) => mapPolicyStrings(statements, (value) => value) as WrittenStatement[];

function statementsOf(policy: AwsBlueprintPolicy, settings: ResolvedAwsSettings): WrittenStatement[] {
  if (Array.isArray(policy.statements)) return policy.statements as WrittenStatement[];
  switch ((policy.statements as { set: string }).set) {
    case 'vendorCompute':
      return written(vendorComputeStatements(settings.resourcePrefix));
    case 'vendorStorage':
      return written(vendorStorageStatements());
    default:
      return settings.extraVendorStatements as unknown as WrittenStatement[];
  }
}

/** Fills in the statement sets of every policy and splits those that split; empty sets drop out. */
export function resolveIdentities(blueprint: AwsBlueprint, settings: ResolvedAwsSettings): ResolvedIdentity[] {
  return blueprint.identities.map((identity) => ({
    identity,
    policies: identity.policies.flatMap((policy): ResolvedPolicy[] => {
      const statements = statementsOf(policy, settings);
      if (statements.length === 0) return [];
      if (!policy.split) {
        return [
          {
            policy,
            label: policy.id,
            logicalId: `${pascalCase(policy.id)}Policy`,
            name: policy.name,
            description: policy.description,
            statements,
          },
        ];
      }
      const parts = splitStatements(statements);
      return parts.map((part, index) => ({
        policy,
        label: `${policy.id}_${index + 1}`,
        logicalId: `${pascalCase(policy.id)}Policy${index + 1}`,
        name: `${policy.name}-${index + 1}`,
        description: policy.description?.replaceAll('{part}', String(index + 1)).replaceAll('{parts}', String(parts.length)),
        statements: part,
      }));
    }),
  }));
}
