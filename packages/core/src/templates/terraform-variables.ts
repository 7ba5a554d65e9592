import { cloudReservedTagPrefixes, externalIdPattern, forbiddenTagKeys, tagKeyPattern } from '../domain/index.js';
import { hclString } from './hcl.js';
import { customCloudIdPattern, reservedCidrCondition, tagsCondition } from './template-rules.js';

/** How an adapter words the shared variables, and the bounds it enforces. */
export interface CustomCloudVariableOptions {
  /** The vendor's resource prefix, reserved for its own tag or label keys. */
  readonly resourcePrefix: string;
  readonly reservedCidrBounds: { readonly minPrefix: number; readonly maxPrefix: number };
  readonly deploymentModelDescription: string;
  /** `VPC` on AWS, `network` on Google Cloud. */
  readonly networkNoun: string;
  readonly tagsDescription: string;
  /** What the cloud's external ID does in this template (AWS: the role's trust; GCP: the account's binding). */
  readonly externalIdDescription: string;
}

/** Quotes a vendor-written description for a quoted HCL string, without the quotes. */
function escapeDescription(text: string): string {
  return hclString(text).slice(1, -1);
}

/**
 * The Terraform variables every bundle shares, each with a validation block that mirrors a rule of
 * core (id, display name, external ID, deployment model, reserved CIDR, tags), so a hand-edited
 * terraform.tfvars.json fails at plan, not at apply. Each block ends with a newline.
 */
export function customCloudTerraformVariables(options: CustomCloudVariableOptions) {
  const { minPrefix, maxPrefix } = options.reservedCidrBounds;
  const reservedTagPrefixes = [...cloudReservedTagPrefixes, options.resourcePrefix].join('|');
  const javascriptKeys = forbiddenTagKeys.filter((key) => tagKeyPattern.test(key)).join(' or ');
  return {
    customCloudId: `variable "custom_cloud_id" {
  description = "Id of the custom cloud at the vendor."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("${customCloudIdPattern.source}", var.custom_cloud_id))
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
    externalId: `variable "external_id" {
  description = "${escapeDescription(options.externalIdDescription)}"
  type        = string
  nullable    = false

  validation {
    condition     = can(regex(${hclString(externalIdPattern.source)}, var.external_id))
    error_message = "external_id must be 32 to 128 letters, digits or -."
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
    condition = ${reservedCidrCondition('var.reserved_cidr', options.reservedCidrBounds)}
    error_message = "reserved_cidr must be an RFC 1918 network from /${minPrefix} to /${maxPrefix} without host bits, such as 10.0.0.0/16."
  }
}
`,
    tags: `variable "tags" {
  description = "${escapeDescription(options.tagsDescription)}"
  type        = map(string)
  nullable    = false

  validation {
    condition = ${tagsCondition('var.tags', [options.resourcePrefix])}
    error_message = "tags: at most 50; keys of lower-case letters, digits, _ or - starting with a letter (not ${reservedTagPrefixes.replaceAll('|', ', ')}; not ${javascriptKeys}); values of lower-case letters, digits, _ or -."
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
