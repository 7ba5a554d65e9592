variable "custom_cloud_id" {
  description = "Id of the custom cloud at the vendor."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$", var.custom_cloud_id))
    error_message = "custom_cloud_id must be a lower-case UUID."
  }
}

variable "display_name" {
  description = "Name of the custom cloud, as the vendor shows it."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.display_name) >= 1 && length(var.display_name) <= 64
    error_message = "display_name must be 1 to 64 characters."
  }
}

variable "region" {
  description = "AWS region of the custom cloud."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-north-1."
  }
}

variable "deployment_model" {
  description = "standard: private nodes behind a bastion and a NAT gateway; standard_public: nodes with public IPs."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["standard", "standard_public"], var.deployment_model)
    error_message = "deployment_model must be standard or standard_public."
  }
}

variable "reserved_cidr" {
  description = "The VPC's IPv4 CIDR: RFC 1918, /16 to /24, no host bits."
  type        = string
  nullable    = false

  validation {
    condition = try(
      can(regex("^(10(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}/(16|17|18|19|20|21|22|23|24)|172\\.(16|17|18|19|20|21|22|23|24|25|26|27|28|29|30|31)(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){2}/(16|17|18|19|20|21|22|23|24)|192\\.168(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){2}/(16|17|18|19|20|21|22|23|24))$", var.reserved_cidr)) &&
      cidrhost(var.reserved_cidr, 0) == split("/", var.reserved_cidr)[0],
      false
    )
    error_message = "reserved_cidr must be an RFC 1918 network from /16 to /24 without host bits, such as 10.0.0.0/16."
  }
}

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

variable "tags" {
  description = "Tags of the custom cloud, added to every resource."
  type        = map(string)
  nullable    = false

  validation {
    condition = length(var.tags) <= 50 && alltrue([
      for key, value in var.tags :
      can(regex("^[a-z][a-z0-9_-]{0,62}$", key)) && can(regex("^[a-z0-9_-]{0,63}$", value)) && !can(regex("^(aws|goog|azure|microsoft|cce)", key)) && !contains(["constructor", "prototype"], key)
    ])
    error_message = "tags: at most 50; keys of lower-case letters, digits, _ or - starting with a letter (not aws, goog, azure, microsoft, cce; not constructor or prototype); values of lower-case letters, digits, _ or -."
  }
}

variable "object_storage_enabled" {
  description = "Whether to create the custom cloud's bucket."
  type        = bool
  nullable    = false
}

variable "vendor_principal_arn" {
  description = "The vendor's role or account allowed to assume the custom cloud's role."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(root|role/([\\x21-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,64}|user/([\\x21-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,64})$", var.vendor_principal_arn))
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

variable "previous_external_id" {
  description = "During a rotation of the external ID: the one it replaces, accepted as well until the vendor has seen the new one work. Empty otherwise."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = var.previous_external_id == "" || can(regex("^[A-Za-z0-9-]{32,128}$", var.previous_external_id))
    error_message = "previous_external_id must be empty, or 32 to 128 letters, digits or -."
  }
}

variable "permissions_boundary_arn" {
  description = "A permissions boundary your organization puts on every IAM role and user: set on each one the template creates. Empty: none."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = can(regex("^$|^arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}|aws):policy/([\\x21-\\x2E\\x30-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,128}$", var.permissions_boundary_arn)) && length(var.permissions_boundary_arn) <= 2048
    error_message = "permissions_boundary_arn must be empty or an IAM policy ARN such as arn:aws:iam::123456789012:policy/workload-boundary."
  }
}

variable "iam_path" {
  description = "The IAM path of every role, user, instance profile and managed policy the template creates."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = can(regex("^/([\\x21-\\x2E\\x30-\\x7E]+/)*$", var.iam_path)) && length(var.iam_path) <= 512
    error_message = "iam_path must be / or a path such as /workloads/vendor/: segments of printable characters, each ending with /."
  }
}

variable "iam_name_prefix" {
  description = "Put before the name of every role, user, instance profile and managed policy the template creates."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_+=,.@-]{0,16}$", var.iam_name_prefix)) && length(var.iam_name_prefix) <= 16
    error_message = "iam_name_prefix must be up to 16 of letters, digits and _+=,.@-."
  }
}

variable "iam_name_suffix" {
  description = "Put after the name of every role, user, instance profile and managed policy the template creates."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_+=,.@-]{0,16}$", var.iam_name_suffix)) && length(var.iam_name_suffix) <= 16
    error_message = "iam_name_suffix must be up to 16 of letters, digits and _+=,.@-."
  }
}
