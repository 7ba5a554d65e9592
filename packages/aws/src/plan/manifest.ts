import { type TemplateItem, type TemplateManifest, templateManifestOf } from '@byoc-kit/core/provider-utils';
import type { ResolvedAwsSettings } from '../settings.js';
import { type AwsTemplatePlan, planAwsTemplate } from './plan.js';
import { actionsOf, type PolicyStatement, type PolicyString, type PolicyValue, resourcesOf, stringsOf } from './statement.js';

const identityKinds: Record<string, string> = {
  crossAccountRole: 'cross-account role',
  webIdentityRole: 'web-identity role',
  serviceRole: 'service role',
  user: 'IAM user',
};

/** A policy string as text; references as `${name}`, the vendor's principal as its ARN. */
function text(value: PolicyString, vendorPrincipalArn: string): string {
  if (typeof value === 'string') return value;
  return value
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('ref' in part) return part.ref === 'vendorPrincipalArn' ? vendorPrincipalArn : `\${${part.ref}}`;
      if ('arnOf' in part) return `\${arn of ${part.arnOf}}`;
      return `\${parameter ${part.parameter}}`;
    })
    .join('');
}

function values(value: PolicyValue | boolean, vendor: string): string {
  if (typeof value === 'boolean') return String(value);
  return stringsOf(value)
    .map((item) => text(item, vendor))
    .sort()
    .join(', ');
}

/** The condition of a statement, its operators and keys sorted: `StringEquals sts:ExternalId = ${externalId}`. */
function conditionText(statement: PolicyStatement, vendor: string): string {
  const clauses: string[] = [];
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(keys)) clauses.push(`${operator} ${key} = ${values(value, vendor)}`);
  }
  return clauses.sort().join('; ');
}

/** One item per action and resource of a statement: adding or removing one shows as exactly that. */
function permissionItems(who: string, whoWords: string, statement: PolicyStatement, vendor: string): TemplateItem[] {
  const condition = conditionText(statement, vendor);
  const when = condition === '' ? '' : ` when ${condition}`;
  const resources = resourcesOf(statement).map((resource) => text(resource, vendor));
  const items: TemplateItem[] = [];
  for (const action of actionsOf(statement)) {
    for (const resource of resources.length > 0 ? resources : ['']) {
      const verb = statement.Effect === 'Allow' ? 'may' : 'may never';
      items.push({
        kind: 'permission',
        key: `${who} ${statement.Effect} ${action} on ${resource}${when}`,
        description: `${whoWords} ${verb} call \`${action}\` on \`${resource}\`${condition === '' ? '' : ` when \`${condition}\``}.`,
      });
    }
  }
  return items;
}

function trustItems(name: string, words: string, trust: PolicyStatement, vendor: string): TemplateItem[] {
  const principal = trust.Principal === '*' || trust.Principal === undefined ? { '*': '*' } : trust.Principal;
  const condition = conditionText(trust, vendor);
  const items: TemplateItem[] = [];
  for (const [type, value] of Object.entries(principal)) {
    for (const who of stringsOf(value as PolicyValue).map((item) => text(item, vendor))) {
      for (const action of actionsOf(trust)) {
        items.push({
          kind: 'permission',
          key: `trust ${name} ${type} ${who} ${action}${condition === '' ? '' : ` when ${condition}`}`,
          description: `\`${who}\` (${type}) may call \`${action}\` to act as ${words}${condition === '' ? '' : ` when \`${condition}\``}.`,
        });
      }
    }
  }
  return items;
}

/** The manifest of a plan: identities and their trust and permissions, network, bucket, policies, outputs. */
export function manifestOfPlan(plan: AwsTemplatePlan, vendorPrincipalArn: string): TemplateManifest {
  const { blueprint } = plan;
  const items: TemplateItem[] = [];
  if (blueprint.network) {
    items.push({ kind: 'resource', key: 'network', description: 'A VPC with its subnets, route tables and gateways.' });
  }
  if (blueprint.bucket !== 'none') {
    items.push({ kind: 'resource', key: `bucket ${blueprint.bucket}`, description: 'A private, encrypted S3 bucket.' });
    for (const statement of plan.bucketPolicy)
      items.push(...permissionItems('bucket', 'The bucket policy says anyone', statement, vendorPrincipalArn));
  }
  for (const { identity, trust, policies } of plan.identities) {
    const name = `${identity.exactName ? '' : `${plan.resourcePrefix}-...-`}${identity.name}`;
    const words = `the ${identityKinds[identity.kind] ?? identity.kind} \`${name}\``;
    items.push({
      kind: 'resource',
      key: `${identity.kind} ${identity.id} ${name}`,
      description: `The ${identityKinds[identity.kind]} \`${name}\`.`,
    });
    if (trust) items.push(...trustItems(identity.id, words, trust, vendorPrincipalArn));
    for (const policy of policies) {
      for (const statement of policy.statements) {
        items.push(...permissionItems(identity.id, words.charAt(0).toUpperCase() + words.slice(1), statement, vendorPrincipalArn));
      }
    }
  }
  for (const output of blueprint.outputs) {
    items.push({ kind: 'output', key: output.name, description: `The output \`${output.name}\`: ${output.description}` });
  }
  return templateManifestOf(items);
}

/** The tag that records the template version on the identity the vendor uses, and on the stack. */
export function awsTemplateVersionTag(settings: ResolvedAwsSettings): { key: string; value: string } {
  return { key: `${settings.resourcePrefix}-template-version`, value: awsTemplateManifest(settings).version };
}

const manifests = new WeakMap<ResolvedAwsSettings, TemplateManifest>();

/** The manifest of the vendor's current template, computed once per provider. */
export function awsTemplateManifest(settings: ResolvedAwsSettings): TemplateManifest {
  let manifest = manifests.get(settings);
  if (manifest === undefined) {
    manifest = manifestOfPlan(planAwsTemplate(settings), settings.vendorPrincipalArn);
    manifests.set(settings, manifest);
  }
  return manifest;
}
