import { hclString } from './hcl.js';
import { cloudReservedTagPrefixes } from './tags.js';

/** How an adapter words the shared variables, and the bounds it enforces. */
export interface CustomCloudVariableOptions {
  /** The vendor's resource prefix, reserved for its own tag or label keys. */
  readonly resourcePrefix: string;
  readonly reservedCidrBounds: { readonly minPrefix: number; readonly maxPrefix: number };
  readonly deploymentModelDescription: string;
  /** `VPC` on AWS, `network` on Google Cloud. */
  readonly networkNoun: string;
  readonly tagsDescription: string;
}

/** Quotes a vendor-written description for a quoted HCL string, without the quotes. */
function escapeDescription(text: string): string {
  return hclString(text).slice(1, -1);
}

/**
 * The Terraform variables every bundle shares, each with a validation block that mirrors a rule of
 * core (id, display name, deployment model, reserved CIDR, tags), so a hand-edited
 * terraform.tfvars.json fails at plan, not at apply. Each block ends with a newline.
 */
export function customCloudTerraformVariables(options: CustomCloudVariableOptions) {
  const { minPrefix, maxPrefix } = options.reservedCidrBounds;
  const reservedTagPrefixes = [...cloudReservedTagPrefixes, options.resourcePrefix].join('|');
  return {
    customCloudId: `variable "custom_cloud_id" {
  description = "Id of the custom cloud at the vendor."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.custom_cloud_id))
    error_message = "custom_cloud_id must be a lower-case UUID."
  }
}
`,
    displayName: `variable "display_name" {
  description = "Name of the custom cloud, as the vendor shows it."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.display_name) >= 1 && length(var.display_name) <= 64
    error_message = "display_name must be 1 to 64 characters."
  }
}
`,
    deploymentModel: `variable "deployment_model" {
  description = "${escapeDescription(options.deploymentModelDescription)}"
  type        = string
  nullable    = false

  validation {
    condition     = contains(["standard", "standard_public"], var.deployment_model)
    error_message = "deployment_model must be standard or standard_public."
  }
}
`,
    reservedCidr: `variable "reserved_cidr" {
  description = "The ${options.networkNoun}'s IPv4 CIDR: RFC 1918, /${minPrefix} to /${maxPrefix}, no host bits."
  type        = string
  nullable    = false

  validation {
    condition = try(
      can(regex("^(10\\\\.|172\\\\.(1[6-9]|2[0-9]|3[01])\\\\.|192\\\\.168\\\\.)", var.reserved_cidr)) &&
      cidrhost(var.reserved_cidr, 0) == split("/", var.reserved_cidr)[0] &&
      tonumber(split("/", var.reserved_cidr)[1]) >= ${minPrefix} &&
      tonumber(split("/", var.reserved_cidr)[1]) <= ${maxPrefix},
      false
    )
    error_message = "reserved_cidr must be an RFC 1918 network from /${minPrefix} to /${maxPrefix} without host bits, such as 10.0.0.0/16."
  }
}
`,
    tags: `variable "tags" {
  description = "${escapeDescription(options.tagsDescription)}"
  type        = map(string)
  nullable    = false

  validation {
    condition = length(var.tags) <= 50 && alltrue([
      for key, value in var.tags :
      can(regex("^[a-z][a-z0-9_-]{0,62}$", key)) && can(regex("^[a-z0-9_-]{0,63}$", value)) && !can(regex("^(${reservedTagPrefixes})", key))
    ])
    error_message = "tags: at most 50; keys of lower-case letters, digits, _ or - starting with a letter (not ${reservedTagPrefixes.replaceAll('|', ', ')}); values of lower-case letters, digits, _ or -."
  }
}
`,
    objectStorageEnabled: `variable "object_storage_enabled" {
  description = "Whether to create the custom cloud's bucket."
  type        = bool
  nullable    = false
}
`,
  };
}
