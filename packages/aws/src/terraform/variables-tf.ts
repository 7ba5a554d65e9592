import { externalIdPattern } from '@byoc-kit/core';
import { customCloudTerraformVariables, hclString, renderOutputBlock, templateVersionDescription } from '@byoc-kit/core/provider-utils';
import type { AwsBlueprint, AwsBlueprintOutput } from '../blueprint/schema.js';
import { awsTemplateManifest } from '../plan/manifest.js';
import { type AwsTemplatePlan, isSecretOutput, policiesById } from '../plan/plan.js';
import { guardrailCondition, guardrailRules, vendorPrincipalPattern } from '../plan/rules.js';
import type { ResolvedAwsSettings } from '../settings.js';
import { identityAddresses, policyLabel } from './identities.js';

/**
 * variables.tf: one variable per value of the custom cloud, each with a validation block that
 * mirrors byoc-kit's rules, so a hand-edited terraform.tfvars.json fails at plan, not at apply.
 */
export function renderVariablesTf(settings: ResolvedAwsSettings, blueprint: AwsBlueprint): string {
  const shared = customCloudTerraformVariables({
    resourcePrefix: settings.resourcePrefix,
    reservedCidrBounds: settings.reservedCidrBounds,
    deploymentModelDescription: 'standard: private nodes behind a bastion and a NAT gateway; standard_public: nodes with public IPs.',
    networkNoun: 'VPC',
    tagsDescription: 'Tags of the custom cloud, added to every resource.',
    externalIdDescription: 'The external ID the vendor must present to assume the role (confused-deputy protection).',
  });
  return `${shared.customCloudId}
${shared.displayName}
variable "region" {
  description = "AWS region of the custom cloud."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-north-1."
  }
}

${shared.deploymentModel}
${shared.reservedCidr}
variable "subnets" {
  description = "Subnets of the VPC by name: CIDR, availability zone and tier (private, bastion or public)."
  type = map(object({
    cidr = string
    zone = string
    tier = string
  }))
  nullable = false

  validation {
    condition = length(var.subnets) > 0 && alltrue([
      for subnet in values(var.subnets) :
      contains(["private", "bastion", "public"], subnet.tier) && can(cidrhost(subnet.cidr, 0)) && can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", subnet.zone))
    ])
    error_message = "subnets must hold at least one subnet, each with an IPv4 CIDR, an availability zone such as eu-north-1a, and a tier of private, bastion or public."
  }
}

${shared.tags}
${shared.objectStorageEnabled}
variable "vendor_principal_arn" {
  description = "The vendor's role or account allowed to assume the custom cloud's role."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(${hclString(vendorPrincipalPattern)}, var.vendor_principal_arn))
    error_message = "vendor_principal_arn must be an IAM role, user or account-root ARN."
  }
}

${shared.externalId}
variable "previous_external_id" {
  description = "During a rotation of the external ID: the one it replaces, accepted as well until the vendor has seen the new one work. Empty otherwise."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.previous_external_id == "" || can(regex(${hclString(externalIdPattern.source)}, var.previous_external_id))
    error_message = "previous_external_id must be empty, or 32 to 128 letters, digits or -."
  }
}
${renderGuardrailVariables()}${renderParameterVariables(blueprint)}`;
}

/** Your organization's guardrails on IAM: defaults that change nothing. */
function renderGuardrailVariables(): string {
  const variable = (name: string, rule: keyof typeof guardrailRules, description: string, fallback: string) => `
variable "${name}" {
  description = ${hclString(description)}
  type        = string
  default     = ${hclString(fallback)}
  nullable    = false

  validation {
    condition     = ${guardrailCondition(rule, `var.${name}`)}
    error_message = ${hclString(`${name} ${guardrailRules[rule].message}.`)}
  }
}
`;
  return [
    variable(
      'permissions_boundary_arn',
      'permissionsBoundary',
      'A permissions boundary your organization puts on every IAM role and user: set on each one the template creates. Empty: none.',
      '',
    ),
    variable('iam_path', 'iamPath', 'The IAM path of every role, user, instance profile and managed policy the template creates.', '/'),
    variable(
      'iam_name_prefix',
      'iamNameAffix',
      'Put before the name of every role, user, instance profile and managed policy the template creates.',
      '',
    ),
    variable(
      'iam_name_suffix',
      'iamNameAffix',
      'Put after the name of every role, user, instance profile and managed policy the template creates.',
      '',
    ),
  ].join('');
}

/** outputs.tf: what the customer returns to the vendor, as the blueprint lists it. */
export function renderOutputsTf(plan: AwsTemplatePlan): string {
  const { blueprint } = plan;
  const addressOf = identityAddresses(blueprint);
  const policies = policiesById(plan);
  const firstUser = blueprint.identities.find((identity) => identity.kind === 'user');
  const value = (output: AwsBlueprintOutput): string => {
    const spec = output.value;
    switch (spec.of) {
      case 'arn':
        return `${addressOf(spec.identity)}.arn`;
      case 'name':
        return `${addressOf(spec.identity)}.name`;
      case 'instanceProfileArn':
        return `aws_iam_instance_profile.${spec.identity}.arn`;
      case 'accessKeyId':
        return `aws_iam_access_key.${spec.identity}.id`;
      case 'secretAccessKey':
        return `aws_iam_access_key.${spec.identity}.secret`;
      case 'consolePassword':
        return `aws_iam_user_login_profile.${spec.identity}.password`;
      case 'policyArn': {
        const policy = policies.get(spec.policy);
        if (!policy) return 'null';
        return policy.policy.when
          ? `var.object_storage_enabled ? aws_iam_policy.${policyLabel(policy)}[0].arn : null`
          : `aws_iam_policy.${policyLabel(policy)}.arn`;
      }
      case 'vpcId':
        return 'aws_vpc.this.id';
      case 'subnetIds':
        return '{ for key, subnet in aws_subnet.this : key => subnet.id }';
      case 'bucketName':
        return 'var.object_storage_enabled ? aws_s3_bucket.this[0].bucket : null';
      case 'signInUrl':
        return `"https://\${split(":", aws_iam_user.${firstUser?.id}.arn)[4]}.signin.\${lookup(${signInDomains}, local.partition, "aws.amazon.com")}/console"`;
    }
  };
  return blueprint.outputs
    .map((output) =>
      renderOutputBlock(output.name, {
        description: output.terraformDescription ?? output.description,
        value: value(output),
        sensitive: isSecretOutput(output),
      }),
    )
    .join('\n');
}

/** The `template_version` output: the version of what the template grants and creates, for the vendor to read back. */
export function renderTemplateVersionOutput(settings: ResolvedAwsSettings): string {
  return renderOutputBlock('template_version', {
    description: templateVersionDescription,
    value: hclString(awsTemplateManifest(settings).version),
  });
}

const signInDomains = '{ aws = "aws.amazon.com", aws-cn = "amazonaws.cn", aws-us-gov = "amazonaws-us-gov.com" }';

/** One variable per blueprint parameter, validated by its pattern. */
export function renderParameterVariables(blueprint: AwsBlueprint): string {
  return blueprint.parameters
    .map(
      (parameter) => `
variable "${parameter.name}" {
  description = ${hclString(parameter.description)}
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(${hclString(parameter.pattern)}, var.${parameter.name})) && length(var.${parameter.name}) <= ${parameter.maxLength}
    error_message = ${hclString(`${parameter.name} must match ${parameter.pattern}, in at most ${parameter.maxLength} characters.`)}
  }
}
`,
    )
    .join('');
}
