import { actionsOf, type PolicyStatement, type PolicyString, resourcesOf } from '../plan/statement.js';

/**
 * The one check every statement passes before it reaches a template, from a blueprint or from the
 * provider settings: an Allow that lets the vendor raise its own privileges in the customer's
 * account is refused. Actions are IAM patterns (`iam:Pass*`, `iam:*Role`, `*`), so each is matched
 * against the escalation actions it can expand to; resources are matched, references resolved,
 * against resources the template does not create (any role, user, group or policy of the account).
 */

type ResourceKind = 'role' | 'user' | 'group' | 'policy';

/**
 * Actions that hand over the account when allowed on resources of a kind the vendor does not own:
 * the well-known IAM privilege-escalation paths.
 */
export const escalationActions: Readonly<Record<string, ResourceKind>> = {
  'iam:PassRole': 'role',
  'iam:AttachRolePolicy': 'role',
  'iam:PutRolePolicy': 'role',
  'iam:UpdateAssumeRolePolicy': 'role',
  'sts:AssumeRole': 'role',
  'iam:CreateAccessKey': 'user',
  'iam:CreateLoginProfile': 'user',
  'iam:UpdateLoginProfile': 'user',
  'iam:AttachUserPolicy': 'user',
  'iam:PutUserPolicy': 'user',
  'iam:AddUserToGroup': 'group',
  'iam:AttachGroupPolicy': 'group',
  'iam:PutGroupPolicy': 'group',
  'iam:CreatePolicyVersion': 'policy',
  'iam:SetDefaultPolicyVersion': 'policy',
};

/** Resources of each kind that no template creates: an administrator's role, user, group, policy. */
const foreignResources: Readonly<Record<ResourceKind, readonly string[]>> = {
  role: [
    'arn:aws:iam::123456789012:role/AdministratorAccessRole',
    'arn:aws:iam::123456789012:role/service-role/OrganizationAccountAccessRole',
  ],
  user: ['arn:aws:iam::123456789012:user/administrator'],
  group: ['arn:aws:iam::123456789012:group/Administrators'],
  policy: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::123456789012:policy/AdministratorPolicy'],
};

/** What a reference stands for when a resource is matched: a value of the custom cloud's own. */
const referenceValues: Readonly<Record<string, string>> = {
  partition: 'aws',
  region: 'us-east-1',
  vpcArn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0',
  bucketName: 'cce-018b6442-c602-42bc-b63d-438026133f60',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/cce-018b6442-node-role',
  customCloudId: '018b6442-c602-42bc-b63d-438026133f60',
  ec2Service: 'ec2.amazonaws.com',
};

/** One escalation a statement allows. */
export interface Escalation {
  /** The statement's action pattern that expands to the escalation action. */
  readonly pattern: string;
  readonly action: string;
  /** The statement's resource that reaches a resource the template does not create. */
  readonly resource: string;
}

/** The escalations a statement allows; empty when it allows none. */
export function escalationsOf(statement: PolicyStatement, resources: readonly PolicyString[] = resourcesOf(statement)): Escalation[] {
  if (statement.Effect !== 'Allow') return [];
  const patterns = actionsOf(statement);
  const found: Escalation[] = [];
  for (const pattern of patterns) {
    const matchesAction = globMatcher(pattern, 'i');
    for (const [action, kind] of Object.entries(escalationActions)) {
      if (!matchesAction(action)) continue;
      for (const resource of resources) {
        const text = resolved(resource);
        const matchesResource = globMatcher(text, '');
        if (foreignResources[kind].some((candidate) => matchesResource(candidate))) found.push({ pattern, action, resource: text });
      }
    }
  }
  return found;
}

/** A sentence about an escalation, saying what to write instead. */
export function describeEscalation(escalation: Escalation): string {
  const via =
    escalation.pattern === escalation.action ? escalation.action : `"${escalation.pattern}" (which includes ${escalation.action})`;
  return `${via} on "${escalation.resource}" lets the vendor raise its own privileges in the customer's account: it reaches resources the template does not create. Name the actions one by one and scope them to the template's own resources (e.g. { arnOf: "<identity id>" } or the resource prefix).`;
}

function resolved(value: PolicyString): string {
  if (typeof value === 'string') return value;
  return value
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('ref' in part) return referenceValues[part.ref] ?? 'x';
      if ('arnOf' in part) return `arn:aws:iam::123456789012:role/cce-018b6442-${part.arnOf}`;
      return `parameter-${part.parameter}`;
    })
    .join('');
}

/** IAM's wildcards: `*` any run of characters, `?` any one. */
function globMatcher(pattern: string, flags: string): (text: string) => boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const expression = new RegExp(`^${source}$`, `s${flags}`);
  return (text) => expression.test(text);
}
