import type { TemplateBundle } from '@byoc-kit/core';
import { parse as parseYaml } from 'yaml';
import type { AwsBlueprint } from '../blueprint/schema.js';
import { pascalCase } from '../cloudformation/intrinsics.js';
import { partitionOfRegion } from '../partition.js';
import { isSecretOutput } from '../plan/plan.js';
import { createEvaluator } from './cloudformation-eval.js';
import { evaluateHclTemplate } from './hcl-evaluator.js';

/**
 * For tests: what a bundle creates, read back from its text in either format into one shape, so
 * that a Terraform and a CloudFormation bundle of the same cloud can be compared as data: resources
 * by kind, each role's and user's trust, inline and attached policies as evaluated documents, the
 * managed policies, the bucket policy and the outputs. Values only known once applied come out as
 * CloudFormation's placeholders (`<VendorRole.Arn>`), and Terraform's references are given the
 * same ones, by the naming each format uses.
 */
export interface SerializedTemplate {
  /** How many resources of each kind (`role`, `subnet`, `policy_attachment`, ...). */
  readonly resources: Record<string, number>;
  readonly roles: Record<string, { trust: unknown; inline: unknown[]; managed: string[]; description: unknown }>;
  readonly users: Record<string, { inline: unknown[]; managed: string[] }>;
  readonly instanceProfiles: Record<string, string>;
  readonly managedPolicies: Record<string, unknown>;
  readonly bucketPolicy?: unknown;
  /** By the blueprint's output name; secret and sign-in URL outputs hold their kind (`secretAccessKey`, `signInUrl`). */
  readonly outputs: Record<string, unknown>;
  /** Where each IAM entity goes (`role <name>`, `user <name>`, `policy <name>`, `profile <name>`): its path and permissions boundary. */
  readonly placement: Record<string, { path: unknown; permissionsBoundary: unknown }>;
}

/** Where the bundles are applied: the account and the cloud's region. */
export interface SerializationContext {
  readonly blueprint: AwsBlueprint;
  readonly region: string;
  readonly accountId: string;
}

const terraformKinds: Record<string, string> = {
  aws_vpc: 'vpc',
  aws_internet_gateway: 'internet_gateway',
  aws_subnet: 'subnet',
  aws_route_table: 'route_table',
  aws_route: 'route',
  aws_route_table_association: 'route_table_association',
  aws_eip: 'elastic_ip',
  aws_nat_gateway: 'nat_gateway',
  aws_security_group: 'security_group',
  aws_vpc_security_group_ingress_rule: 'security_group_rule',
  aws_vpc_security_group_egress_rule: 'security_group_rule',
  aws_vpc_endpoint: 'vpc_endpoint',
  aws_s3_bucket: 'bucket',
  aws_s3_bucket_public_access_block: 'bucket_public_access_block',
  aws_s3_bucket_ownership_controls: 'bucket_ownership',
  aws_s3_bucket_server_side_encryption_configuration: 'bucket_encryption',
  aws_s3_bucket_policy: 'bucket_policy',
  aws_iam_role: 'role',
  aws_iam_instance_profile: 'instance_profile',
  aws_iam_policy: 'managed_policy',
  aws_iam_role_policy_attachment: 'policy_attachment',
  aws_iam_user_policy_attachment: 'policy_attachment',
  aws_iam_role_policy: 'inline_policy',
  aws_iam_user_policy: 'inline_policy',
  aws_iam_user: 'user',
  aws_iam_access_key: 'access_key',
  aws_iam_user_login_profile: 'login_profile',
};

const cloudFormationKinds: Record<string, string> = {
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::InternetGateway': 'internet_gateway',
  'AWS::EC2::VPCGatewayAttachment': 'internet_gateway_attachment',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::RouteTable': 'route_table',
  'AWS::EC2::Route': 'route',
  'AWS::EC2::SubnetRouteTableAssociation': 'route_table_association',
  'AWS::EC2::EIP': 'elastic_ip',
  'AWS::EC2::NatGateway': 'nat_gateway',
  'AWS::EC2::SecurityGroup': 'security_group',
  'AWS::EC2::VPCEndpoint': 'vpc_endpoint',
  'AWS::S3::Bucket': 'bucket',
  'AWS::S3::BucketPolicy': 'bucket_policy',
  'AWS::IAM::Role': 'role',
  'AWS::IAM::InstanceProfile': 'instance_profile',
  'AWS::IAM::ManagedPolicy': 'managed_policy',
  'AWS::IAM::User': 'user',
  'AWS::IAM::AccessKey': 'access_key',
  // CloudFormation keeps an access key's secret and a console password in Secrets Manager; Terraform
  // hands them out as sensitive outputs. Not counted.
  'AWS::SecretsManager::Secret': '',
};

const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';
const count = (counts: Record<string, number>, kind: string, by = 1) => {
  if (kind !== '' && by > 0) counts[kind] = (counts[kind] ?? 0) + by;
};
// CloudFormation takes a policy document as an object or as its JSON text (a web-identity trust is
// one `Fn::Sub` text): read both as the document.
const document = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
const sorted = <T>(items: T[]) => items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

type HclBlocks = Record<string, Record<string, Record<string, unknown>[]>>;

/** A Terraform bundle, evaluated with its terraform.tfvars.json. */
export async function terraformSerialization(bundle: TemplateBundle, context: SerializationContext): Promise<SerializedTemplate> {
  // An optional peer of @byoc-kit/aws/testing, loaded only by the tests that read Terraform back.
  const { parse: parseHcl } = await import('@cdktf/hcl2json');
  const main = (await parseHcl('main.tf', file(bundle, 'main.tf'))) as { resource: HclBlocks; locals: Record<string, string>[] };
  const outputsTf = (await parseHcl('outputs.tf', file(bundle, 'outputs.tf'))) as { output: Record<string, { value: string }[]> };
  const variables = JSON.parse(file(bundle, 'terraform.tfvars.json')) as Record<string, unknown>;
  const locals = Object.assign({}, ...main.locals) as Record<string, string>;
  const kinds = new Map(context.blueprint.identities.map((identity) => [identity.id, identity.kind]));
  const partition = partitionOfRegion(context.region);
  const subnets = variables.subnets as Record<string, { tier: string }>;
  const subnetsWhere = (keep: (tier: string) => boolean) =>
    Object.fromEntries(Object.entries(subnets).filter(([, subnet]) => keep(subnet.tier)));
  const identityId = (logical: string) => `${pascalCase(logical)}${kinds.get(logical) === 'user' ? 'User' : 'Role'}`;
  const policyLogicalId = (label: string) => {
    const part = /^(.*)_(\d+)$/.exec(label);
    return part && !context.blueprint.identities.some((identity) => identity.policies.some((policy) => policy.id === label))
      ? `${pascalCase(part[1] as string)}Policy${part[2]}`
      : `${pascalCase(label)}Policy`;
  };
  const scope = (reference: string): unknown => {
    const [head, name, attribute] = reference.split('.');
    if (head === 'var') return variables[name as string];
    if (head === 'local') {
      if (name === 'partition') return partition;
      if (name === 'public_subnets') return subnetsWhere((tier) => tier !== 'private');
      if (name === 'private_subnets') return subnetsWhere((tier) => tier === 'private');
      const text = locals[name as string];
      if (text === undefined) throw new Error(`no local ${name}`);
      return evaluateHclTemplate(text, scope);
    }
    if (head === 'data') return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    const resource = head as string;
    if (resource === 'aws_vpc')
      return attribute === 'arn' ? `arn:${partition}:ec2:${context.region}:${context.accountId}:vpc/<Vpc>` : '<Vpc>';
    if (resource === 'aws_s3_bucket') return attribute === 'arn' ? '<Bucket.Arn>' : '<Bucket>';
    const id = (name as string).replace(/\[\d+\]$/, '');
    if (resource === 'aws_iam_role' || resource === 'aws_iam_user') {
      return attribute === 'arn' ? `<${identityId(id)}.Arn>` : `<${identityId(id)}>`;
    }
    if (resource === 'aws_iam_instance_profile') return `<${pascalCase(id)}InstanceProfile.Arn>`;
    if (resource === 'aws_iam_access_key') return `<${pascalCase(id)}AccessKey>`;
    if (resource === 'aws_iam_policy') return `<${policyLogicalId(id)}>`;
    throw new Error(`no value for ${reference}`);
  };

  const resources: Record<string, number> = {};
  const roles: SerializedTemplate['roles'] = {};
  const users: SerializedTemplate['users'] = {};
  const instanceProfiles: Record<string, string> = {};
  const managedPolicies: Record<string, unknown> = {};
  const policyNames = new Map<string, string>();
  let bucketPolicy: unknown;
  const instances = (block: Record<string, unknown>): number => {
    if (block.for_each !== undefined) return Object.keys(evaluateHclTemplate(String(block.for_each), scope) as object).length;
    if (block.count !== undefined) return Number(evaluateHclTemplate(String(block.count), scope));
    return 1;
  };
  const each = (type: string, visit: (label: string, block: Record<string, unknown>) => void) => {
    for (const [label, blocks] of Object.entries(main.resource[type] ?? {})) {
      const block = blocks[0] as Record<string, unknown>;
      if (instances(block) > 0) visit(label, block);
    }
  };
  for (const [type, byLabel] of Object.entries(main.resource)) {
    for (const blocks of Object.values(byLabel)) {
      const block = blocks[0] as Record<string, unknown>;
      count(resources, terraformKinds[type] ?? `unknown:${type}`, instances(block));
      if (type === 'aws_internet_gateway') count(resources, 'internet_gateway_attachment', instances(block));
    }
  }
  // Role and user names first: policies and attachments name their owner by it.
  const nameOf = (block: Record<string, unknown>) => String(evaluateHclTemplate(String(block.name), scope));
  // The boundary is a local choosing between null and the variable; the rest evaluates as written.
  const boundaryOf = (block: Record<string, unknown>) =>
    block.permissions_boundary === '${local.iam_permissions_boundary}'
      ? variables.permissions_boundary_arn || undefined
      : block.permissions_boundary === undefined
        ? undefined
        : evaluateHclTemplate(String(block.permissions_boundary), scope);
  const placement: SerializedTemplate['placement'] = {};
  const place = (kind: string, block: Record<string, unknown>) => {
    placement[`${kind} ${nameOf(block)}`] = {
      path: block.path === undefined ? undefined : evaluateHclTemplate(String(block.path), scope),
      permissionsBoundary: kind === 'role' || kind === 'user' ? boundaryOf(block) : undefined,
    };
  };
  for (const [type, kind] of [
    ['aws_iam_role', 'role'],
    ['aws_iam_user', 'user'],
    ['aws_iam_policy', 'policy'],
    ['aws_iam_instance_profile', 'profile'],
  ] as const) {
    each(type, (_label, block) => place(kind, block));
  }
  const ownerNames = new Map<string, string>();
  each('aws_iam_role', (label, block) => {
    ownerNames.set(`aws_iam_role.${label}`, nameOf(block));
    roles[nameOf(block)] = {
      trust: evaluateHclTemplate(String(block.assume_role_policy), scope),
      inline: [],
      managed: [],
      description: block.description === undefined ? undefined : evaluateHclTemplate(String(block.description), scope),
    };
  });
  each('aws_iam_user', (label, block) => {
    ownerNames.set(`aws_iam_user.${label}`, nameOf(block));
    users[nameOf(block)] = { inline: [], managed: [] };
  });
  const ownerOf = (block: Record<string, unknown>) => {
    const reference = /aws_iam_(?:role|user)\.[a-z0-9_]+/.exec(String(block.role ?? block.user))?.[0] ?? '';
    const name = ownerNames.get(reference) ?? '';
    return roles[name] ?? users[name];
  };
  for (const type of ['aws_iam_role_policy', 'aws_iam_user_policy']) {
    each(type, (_label, block) => {
      ownerOf(block)?.inline.push(evaluateHclTemplate(String(block.policy), scope));
    });
  }
  each('aws_iam_policy', (label, block) => {
    policyNames.set(`<${policyLogicalId(label)}>`, nameOf(block));
    managedPolicies[nameOf(block)] = evaluateHclTemplate(String(block.policy), scope);
  });
  for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment']) {
    each(type, (_label, block) => {
      const arn = String(evaluateHclTemplate(String(block.policy_arn), scope));
      ownerOf(block)?.managed.push(policyNames.get(arn) ?? arn);
    });
  }
  each('aws_iam_instance_profile', (_label, block) => {
    const role = /aws_iam_role\.([a-z0-9_]+)\./.exec(String(block.role))?.[1] as string;
    instanceProfiles[nameOf(block)] = ownerNames.get(`aws_iam_role.${role}`) ?? role;
  });
  each('aws_s3_bucket_policy', (_label, block) => {
    bucketPolicy = evaluateHclTemplate(String(block.policy), scope);
  });
  for (const role of Object.values(roles)) {
    sorted(role.inline);
    role.managed.sort();
  }
  for (const user of Object.values(users)) {
    sorted(user.inline);
    user.managed.sort();
  }
  const outputs: Record<string, unknown> = {};
  for (const output of context.blueprint.outputs) {
    if (output.value.of === 'subnetIds') continue;
    // The console sign-in URL: Terraform takes the account from the user's ARN, CloudFormation from
    // the stack; both only once applied.
    if (isSecretOutput(output) || output.value.of === 'signInUrl') {
      outputs[output.name] = output.value.of;
      continue;
    }
    outputs[output.name] = evaluateHclTemplate(String(outputsTf.output[output.name]?.[0]?.value), scope);
  }
  return { resources, roles, users, instanceProfiles, managedPolicies, ...(bucketPolicy ? { bucketPolicy } : {}), outputs, placement };
}

interface CloudFormationTemplate {
  Parameters: Record<string, { Type: string; Default?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Condition?: string; Value: unknown }>;
}

/** A CloudFormation bundle, evaluated with its parameters.json. */
export function cloudFormationSerialization(bundle: TemplateBundle, context: SerializationContext): SerializedTemplate {
  const template = parseYaml(file(bundle, 'template.yaml')) as CloudFormationTemplate;
  const parameters = Object.fromEntries(
    (JSON.parse(file(bundle, 'parameters.json')) as { ParameterKey: string; ParameterValue: string }[]).map((entry) => [
      entry.ParameterKey,
      entry.ParameterValue,
    ]),
  );
  const { evaluate, condition } = createEvaluator(template, { parameters, region: context.region, accountId: context.accountId });
  const resources: Record<string, number> = {};
  const roles: SerializedTemplate['roles'] = {};
  const users: SerializedTemplate['users'] = {};
  const instanceProfiles: Record<string, string> = {};
  const managedPolicies: Record<string, unknown> = {};
  const names = new Map<string, string>();
  let bucketPolicy: unknown;
  const live = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Condition === undefined || condition(resource.Condition),
  );
  const properties = (resource: { Properties: Record<string, unknown> }) => evaluate(resource.Properties) as Record<string, unknown>;
  for (const [logicalId, resource] of live) {
    const kind = cloudFormationKinds[resource.Type];
    count(resources, kind ?? `unknown:${resource.Type}`);
    const props = properties(resource);
    const inline = ((props.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((item) => document(item.PolicyDocument));
    count(resources, 'inline_policy', inline.length);
    if (resource.Type === 'AWS::IAM::Role') {
      names.set(`<${logicalId}>`, String(props.RoleName));
      roles[String(props.RoleName)] = {
        trust: document(props.AssumeRolePolicyDocument),
        inline: sorted(inline),
        managed: [],
        description: props.Description,
      };
    } else if (resource.Type === 'AWS::IAM::User') {
      names.set(`<${logicalId}>`, String(props.UserName));
      users[String(props.UserName)] = { inline: sorted(inline), managed: [] };
      if (props.LoginProfile) count(resources, 'login_profile');
    } else if (resource.Type === 'AWS::EC2::SecurityGroup') {
      count(resources, 'security_group_rule', ((props.SecurityGroupIngress as unknown[]) ?? []).length);
      count(resources, 'security_group_rule', ((props.SecurityGroupEgress as unknown[]) ?? []).length);
    } else if (resource.Type === 'AWS::S3::Bucket') {
      if (props.PublicAccessBlockConfiguration) count(resources, 'bucket_public_access_block');
      if (props.OwnershipControls) count(resources, 'bucket_ownership');
      if (props.BucketEncryption) count(resources, 'bucket_encryption');
    } else if (resource.Type === 'AWS::S3::BucketPolicy') {
      bucketPolicy = document(props.PolicyDocument);
    }
  }
  for (const [, resource] of live) {
    const props = properties(resource);
    if (resource.Type === 'AWS::IAM::ManagedPolicy') {
      const name = String(props.ManagedPolicyName);
      managedPolicies[name] = document(props.PolicyDocument);
      const owners = [...((props.Roles as string[]) ?? []), ...((props.Users as string[]) ?? [])];
      count(resources, 'policy_attachment', owners.length);
      for (const owner of owners) {
        const ownerName = names.get(owner) ?? owner;
        (roles[ownerName] ?? users[ownerName])?.managed.push(name);
      }
    } else if (resource.Type === 'AWS::IAM::InstanceProfile') {
      instanceProfiles[String(props.InstanceProfileName)] = names.get((props.Roles as string[])[0] as string) ?? '';
    }
  }
  for (const entry of [...Object.values(roles), ...Object.values(users)]) entry.managed.sort();
  const placement: SerializedTemplate['placement'] = {};
  const placed: Record<string, [string, string]> = {
    'AWS::IAM::Role': ['role', 'RoleName'],
    'AWS::IAM::User': ['user', 'UserName'],
    'AWS::IAM::ManagedPolicy': ['policy', 'ManagedPolicyName'],
    'AWS::IAM::InstanceProfile': ['profile', 'InstanceProfileName'],
  };
  for (const [logicalId, resource] of live) {
    const kind = placed[resource.Type];
    // The self-registration function's role exists in CloudFormation only.
    if (kind === undefined || logicalId === 'RegistrationFunctionRole') continue;
    const props = properties(resource);
    placement[`${kind[0]} ${String(props[kind[1]])}`] = {
      path: props.Path,
      permissionsBoundary: kind[0] === 'role' || kind[0] === 'user' ? props.PermissionsBoundary : undefined,
    };
  }
  const outputs: Record<string, unknown> = {};
  for (const output of context.blueprint.outputs) {
    if (output.value.of === 'subnetIds') continue;
    const declared = template.Outputs[output.cloudFormationName ?? pascalCase(output.name)];
    const exists = declared && (declared.Condition === undefined || condition(declared.Condition));
    if (isSecretOutput(output) || output.value.of === 'signInUrl') outputs[output.name] = exists ? output.value.of : null;
    else outputs[output.name] = exists ? evaluate(declared.Value) : null;
  }
  return { resources, roles, users, instanceProfiles, managedPolicies, ...(bucketPolicy ? { bucketPolicy } : {}), outputs, placement };
}

/** Both bundles of one cloud, read back. */
export async function serializationsOf(
  provider: { generateTemplate(cloud: never, options?: { format?: 'terraform' | 'cloudformation' }): Promise<TemplateBundle> },
  cloud: { region: string },
  context: Omit<SerializationContext, 'region'>,
  /** Values the customer sets before applying: Terraform variables, and the CloudFormation parameters they stand for. */
  given: { terraform?: Record<string, unknown>; cloudFormation?: Record<string, string> } = {},
): Promise<{ terraform: SerializedTemplate; cloudFormation: SerializedTemplate }> {
  const full = { ...context, region: cloud.region };
  const terraform = await terraformSerialization(
    withFile(await provider.generateTemplate(cloud as never, { format: 'terraform' }), 'terraform.tfvars.json', (values) => ({
      ...(values as Record<string, unknown>),
      ...given.terraform,
    })),
    full,
  );
  const cloudFormation = cloudFormationSerialization(
    withFile(await provider.generateTemplate(cloud as never, { format: 'cloudformation' }), 'parameters.json', (values) =>
      (values as { ParameterKey: string; ParameterValue: string }[]).map((entry) => ({
        ...entry,
        ParameterValue: given.cloudFormation?.[entry.ParameterKey] ?? entry.ParameterValue,
      })),
    ),
    full,
  );
  return { terraform, cloudFormation };
}

/** A bundle with one JSON file changed, as the customer edits it. */
function withFile(bundle: TemplateBundle, path: string, change: (value: unknown) => unknown): TemplateBundle {
  return {
    ...bundle,
    files: bundle.files.map((candidate) =>
      candidate.path === path
        ? { ...candidate, contents: `${JSON.stringify(change(JSON.parse(candidate.contents)), null, 2)}\n` }
        : candidate,
    ),
  };
}
