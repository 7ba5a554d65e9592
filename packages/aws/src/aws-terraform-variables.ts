import { customCloudTerraformVariables } from '@byoc-kit/core';
import type { ResolvedAwsSettings } from './aws-settings.js';

/**
 * variables.tf: one variable per value of the custom cloud, each with a validation block that
 * mirrors byoc-kit's rules, so a hand-edited terraform.tfvars.json fails at plan, not at apply.
 */
export function renderVariablesTf(settings: ResolvedAwsSettings): string {
  const shared = customCloudTerraformVariables({
    resourcePrefix: settings.resourcePrefix,
    reservedCidrBounds: settings.reservedCidrBounds,
    deploymentModelDescription: 'standard: private nodes behind a bastion and a NAT gateway; standard_public: nodes with public IPs.',
    networkNoun: 'VPC',
    tagsDescription: 'Tags of the custom cloud, added to every resource.',
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
    condition     = can(regex("^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(root|role/.+|user/.+)$", var.vendor_principal_arn))
    error_message = "vendor_principal_arn must be an IAM role, user or account-root ARN."
  }
}

variable "external_id" {
  description = "The external ID the vendor must present to assume the role (confused-deputy protection)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{32,128}$", var.external_id))
    error_message = "external_id must be 32 to 128 letters, digits or -."
  }
}
`;
}

/** outputs.tf: what the customer returns to the vendor, and the network ids. */
export function renderOutputsTf(): string {
  return `output "aws_iam_role_arn" {
  description = "Give this ARN to the vendor: the role it assumes, with the external ID, to run the custom cloud."
  value       = aws_iam_role.vendor.arn
}

output "vpc_id" {
  description = "The custom cloud's VPC."
  value       = aws_vpc.this.id
}

output "subnet_ids" {
  description = "Subnet ids by subnet name."
  value       = { for key, subnet in aws_subnet.this : key => subnet.id }
}

output "node_instance_profile_arn" {
  description = "Instance profile of the service nodes."
  value       = aws_iam_instance_profile.node.arn
}

output "bucket_name" {
  description = "The custom cloud's bucket, when object storage is on."
  value       = var.object_storage_enabled ? aws_s3_bucket.this[0].bucket : null
}
`;
}
