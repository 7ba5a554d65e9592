import { type InputIssue, issuesError, parseInput } from '@byoc-kit/core/provider-utils';
import {
  isParts,
  managedPolicySizeLimit,
  type PolicyStatement,
  type PolicyString,
  resourcesOf,
  worstCasePolicySize,
} from '../plan/statement.js';
import { isDefinedBlueprint, markDefined } from './defined.js';
import { describeEscalation, escalationsOf } from './privilege-escalation.js';
import {
  type AwsBlueprint,
  type AwsBlueprintIdentity,
  type AwsBlueprintInput,
  type AwsBlueprintPolicy,
  awsBlueprintSchema,
} from './schema.js';

const blueprintFields = ['name', 'description', 'network', 'bucket', 'parameters', 'identities', 'access', 'outputs'];
const roleInlineLimit = 10_240;
const userInlineLimit = 2_048;

/**
 * Validates a blueprint and returns it frozen, defaults applied. Raises `BLUEPRINT_INVALID` for a
 * malformed one, and refuses the patterns that hand the account to anyone:
 * `BLUEPRINT_PRINCIPAL_WILDCARD` (a trust open to `*`), `BLUEPRINT_TRUST_UNCONDITIONED` (another
 * account trusted without an external ID or MFA), `BLUEPRINT_PASSROLE_WILDCARD` (`iam:PassRole`
 * on any role, wildcards such as `iam:Pass*` or `iam:*Role` expanded) and
 * `BLUEPRINT_PRIVILEGE_ESCALATION` (another action that raises the holder's privileges on resources
 * the template does not create). The error lists every problem with its path.
 */
export function defineAwsBlueprint(input: AwsBlueprintInput): AwsBlueprint {
  const parsed = parseInput(awsBlueprintSchema, input, {
    what: 'AWS blueprint',
    fieldCodes: Object.fromEntries(blueprintFields.map((field) => [field, 'BLUEPRINT_INVALID'])),
  });
  const issues = blueprintIssues(parsed as AwsBlueprint);
  if (issues.length > 0) throw issuesError(`AWS blueprint "${parsed.name}"`, issues);
  return markDefined(parsed as AwsBlueprint);
}

export { isDefinedBlueprint };

/** Names made `<prefix>-<8 characters>-<name>` must fit IAM's limits with this prefix. */
export function blueprintNameIssues(blueprint: AwsBlueprint, resourcePrefix: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const check = (path: string, name: string, exact: boolean, limit: number) => {
    const length = exact ? name.length : resourcePrefix.length + 10 + name.length;
    if (length > limit) {
      issues.push({
        code: 'BLUEPRINT_INVALID',
        path,
        message: `"${exact ? name : `${resourcePrefix}-xxxxxxxx-${name}`}" is ${length} characters; IAM allows ${limit}. Shorten the name or the resource prefix.`,
      });
    }
  };
  blueprint.identities.forEach((identity, index) => {
    check(`identities[${index}].name`, identity.name, identity.exactName, 64);
    if (identity.kind === 'serviceRole' && identity.instanceProfile) {
      check(`identities[${index}].instanceProfile.name`, identity.instanceProfile.name, identity.exactName, 128);
    }
    identity.policies.forEach((policy, policyIndex) => {
      check(`identities[${index}].policies[${policyIndex}].name`, `${policy.name}${policy.split ? '-99' : ''}`, policy.exactName, 128);
    });
  });
  return issues;
}

function blueprintIssues(blueprint: AwsBlueprint): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (code: string, path: string, message: string) => issues.push({ code, path, message });
  const identities = new Map(blueprint.identities.map((identity) => [identity.id, identity]));
  const parameters = new Set(blueprint.parameters.map((parameter) => parameter.name));
  const policies = new Map<string, AwsBlueprintPolicy>();

  for (const id of duplicates(blueprint.identities.map((identity) => identity.id))) {
    add('BLUEPRINT_INVALID', 'identities', `Two identities have the id "${id}"; ids name Terraform resources and must differ.`);
  }
  for (const name of duplicates(blueprint.outputs.map((output) => output.name))) {
    add('BLUEPRINT_INVALID', 'outputs', `Two outputs are named "${name}".`);
  }
  for (const name of duplicates(blueprint.parameters.map((parameter) => parameter.name))) {
    add('BLUEPRINT_INVALID', 'parameters', `Two parameters are named "${name}".`);
  }
  for (const identity of blueprint.identities) {
    for (const policy of identity.policies) {
      if (policies.has(policy.id)) add('BLUEPRINT_INVALID', 'identities', `Two policies have the id "${policy.id}".`);
      policies.set(policy.id, policy);
    }
  }

  const checkString = (value: PolicyString, path: string) => {
    if (typeof value === 'string') return;
    for (const part of value) {
      if (typeof part === 'string') continue;
      if ('arnOf' in part && !identities.has(part.arnOf)) add('BLUEPRINT_INVALID', path, `No identity has the id "${part.arnOf}".`);
      if ('parameter' in part && !parameters.has(part.parameter))
        add('BLUEPRINT_INVALID', path, `No parameter is named "${part.parameter}".`);
      if ('ref' in part && part.ref === 'vpcArn' && !blueprint.network) {
        add('BLUEPRINT_INVALID', path, 'vpcArn refers to the VPC the template creates; set network: true or name the VPC yourself.');
      }
      if ('ref' in part && part.ref === 'nodeRoleArn' && identities.get('node')?.kind !== 'serviceRole') {
        add('BLUEPRINT_INVALID', path, 'nodeRoleArn refers to a service role with the id "node"; use { arnOf: "<id>" } instead.');
      }
    }
  };

  blueprint.identities.forEach((identity, index) => {
    const path = `identities[${index}]`;
    checkTrust(identity, path, add, parameters);
    for (const id of identity.attachPolicies) {
      const policy = policies.get(id);
      if (policy?.attachment !== 'managed' || identity.policies.includes(policy)) {
        add('BLUEPRINT_INVALID', `${path}.attachPolicies`, `"${id}" is not a managed policy of another identity of the blueprint.`);
      } else if (policy.when) {
        add('BLUEPRINT_INVALID', `${path}.attachPolicies`, `"${id}" exists only with object storage; attach policies that always exist.`);
      }
    }
    if (identity.description?.includes('{displayName}') && identity.id !== blueprint.access.identity) {
      add('BLUEPRINT_INVALID', `${path}.description`, '{displayName} may appear only in the description of the access identity.');
    }
    let inlineSize = 0;
    identity.policies.forEach((policy, policyIndex) => {
      const policyPath = `${path}.policies[${policyIndex}]`;
      if (policy.split && policy.attachment === 'inline') add('BLUEPRINT_INVALID', `${policyPath}.split`, 'Only managed policies split.');
      if (!Array.isArray(policy.statements)) return;
      const statements = policy.statements as PolicyStatement[];
      statements.forEach((statement, statementIndex) => {
        const statementPath = `${policyPath}.statements[${statementIndex}]`;
        for (const resource of resourcesOf(statement)) checkString(resource, `${statementPath}.Resource`);
        for (const keys of Object.values(statement.Condition ?? {})) {
          for (const value of Object.values(keys)) {
            if (typeof value === 'boolean') continue;
            const values = typeof value === 'string' || isParts(value) ? [value as PolicyString] : (value as PolicyString[]);
            for (const item of values) checkString(item, `${statementPath}.Condition`);
          }
        }
        for (const escalation of escalationsOf(statement)) {
          const passRole = escalation.action === 'iam:PassRole';
          add(
            passRole ? 'BLUEPRINT_PASSROLE_WILDCARD' : 'BLUEPRINT_PRIVILEGE_ESCALATION',
            `${statementPath}.Resource`,
            passRole
              ? `${describeEscalation(escalation)} iam:PassRole on any role lets the holder give itself any role of the account.`
              : describeEscalation(escalation),
          );
        }
      });
      const size = worstCasePolicySize(statements);
      if (policy.attachment === 'inline') inlineSize += size;
      else if (!policy.split && size > managedPolicySizeLimit) {
        add(
          'BLUEPRINT_INVALID',
          policyPath,
          `The policy can reach ${size} characters; IAM allows ${managedPolicySizeLimit}. Set split: true.`,
        );
      } else if (policy.split) {
        statements.forEach((statement, statementIndex) => {
          const alone = worstCasePolicySize([statement]);
          if (alone > managedPolicySizeLimit) {
            add(
              'BLUEPRINT_INVALID',
              `${policyPath}.statements[${statementIndex}]`,
              `The statement alone can reach ${alone} characters, more than one policy holds (${managedPolicySizeLimit}); split its actions or resources.`,
            );
          }
        });
      }
    });
    const inlineLimit = identity.kind === 'user' ? userInlineLimit : roleInlineLimit;
    if (inlineSize > inlineLimit) {
      add(
        'BLUEPRINT_INVALID',
        `${path}.policies`,
        `Inline policies can reach ${inlineSize} characters; IAM allows ${inlineLimit}. Make some managed.`,
      );
    }
  });

  const access = identities.get(blueprint.access.identity);
  const accessKinds = (access?.kind === 'crossAccountRole' && access.trust.externalId) || (access?.kind === 'user' && access.accessKey);
  if (!accessKinds) {
    add(
      'BLUEPRINT_INVALID',
      'access.identity',
      `The access identity must be a cross-account role with an external ID or a user with an access key; "${blueprint.access.identity}" is ${access ? `a ${access.kind}` : 'not an identity'}.`,
    );
  }

  blueprint.outputs.forEach((output, index) => {
    const path = `outputs[${index}].value`;
    const value = output.value;
    if ('identity' in value) {
      const identity = identities.get(value.identity);
      if (!identity) {
        add('BLUEPRINT_INVALID', path, `No identity has the id "${value.identity}".`);
        return;
      }
      const fits =
        value.of === 'arn' ||
        value.of === 'name' ||
        (value.of === 'instanceProfileArn' && identity.kind === 'serviceRole' && identity.instanceProfile !== undefined) ||
        ((value.of === 'accessKeyId' || value.of === 'secretAccessKey') && identity.kind === 'user' && identity.accessKey) ||
        (value.of === 'consolePassword' && identity.kind === 'user' && identity.consolePassword);
      if (!fits) add('BLUEPRINT_INVALID', path, `The ${identity.kind} "${identity.id}" has no ${value.of}.`);
    } else if (value.of === 'policyArn') {
      const policy = policies.get(value.policy);
      if (policy?.attachment !== 'managed' || policy.split) {
        add('BLUEPRINT_INVALID', path, `"${value.policy}" is not a managed policy of one part; only those have one ARN.`);
      }
    } else if ((value.of === 'vpcId' || value.of === 'subnetIds') && !blueprint.network) {
      add('BLUEPRINT_INVALID', path, `${value.of} needs network: true.`);
    } else if (value.of === 'bucketName' && blueprint.bucket === 'none') {
      add('BLUEPRINT_INVALID', path, 'bucketName needs a bucket.');
    } else if (value.of === 'signInUrl' && !blueprint.identities.some((identity) => identity.kind === 'user')) {
      add('BLUEPRINT_INVALID', path, 'signInUrl is for users who sign in to the console; the blueprint has no user.');
    }
  });
  return issues;
}

function checkTrust(
  identity: AwsBlueprintIdentity,
  path: string,
  add: (code: string, path: string, message: string) => void,
  parameters: ReadonlySet<string>,
): void {
  if (identity.kind === 'webIdentityRole' && !parameters.has(identity.trust.providerArnParameter)) {
    add('BLUEPRINT_INVALID', `${path}.trust.providerArnParameter`, `No parameter is named "${identity.trust.providerArnParameter}".`);
  }
  if (identity.kind !== 'crossAccountRole') return;
  const principal = identity.trust.principal;
  if (principal !== 'vendor') {
    const text = 'account' in principal ? principal.account : principal.arn;
    if (text.includes('*')) {
      add(
        'BLUEPRINT_PRINCIPAL_WILDCARD',
        `${path}.trust.principal`,
        `A trust open to "${text}" lets any AWS account assume the role; name the vendor's account or role.`,
      );
    } else if ('account' in principal && !/^\d{12}$/.test(text)) {
      add('BLUEPRINT_INVALID', `${path}.trust.principal.account`, 'Use a 12-digit AWS account id.');
    } else if ('arn' in principal && !/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:(root|role\/\S+|user\/\S+)$/.test(text)) {
      add('BLUEPRINT_INVALID', `${path}.trust.principal.arn`, 'Use an IAM role, user or account-root ARN.');
    }
  }
  if (!identity.trust.externalId && !identity.trust.mfa) {
    add(
      'BLUEPRINT_TRUST_UNCONDITIONED',
      `${path}.trust`,
      'Another account is trusted without any condition (confused deputy); require the external ID (externalId: true) or MFA (mfa: true).',
    );
  }
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}
