variable "project_id" {
  description = "Your Google Cloud project that hosts the custom cloud."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter."
  }
}

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

variable "external_id" {
  description = "The custom cloud's external ID, written at the start of the service account's description: the vendor reads it there and acts through the account for this custom cloud only."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{32,128}$", var.external_id))
    error_message = "external_id must be 32 to 128 letters, digits or -."
  }
}

variable "region" {
  description = "Google Cloud region of the custom cloud."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-north1."
  }
}

variable "deployment_model" {
  description = "standard: nodes without external IPs behind Cloud NAT; standard_public: nodes reachable over the internet."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["standard", "standard_public"], var.deployment_model)
    error_message = "deployment_model must be standard or standard_public."
  }
}

variable "reserved_cidr" {
  description = "The network's IPv4 CIDR: RFC 1918, /16 to /24, no host bits."
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
  description = "Subnetworks by name: CIDR and tier (private, bastion or public)."
  type = map(object({
    cidr = string
    tier = string
  }))
  nullable = false

  validation {
    condition = length(var.subnets) > 0 && alltrue([
      for subnet in values(var.subnets) :
      contains(["private", "bastion", "public"], subnet.tier) && can(cidrhost(subnet.cidr, 0))
    ])
    error_message = "subnets must hold at least one subnetwork, each with an IPv4 CIDR and a tier of private, bastion or public."
  }
}

variable "tags" {
  description = "Labels of the custom cloud, added to every resource that takes labels."
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

variable "vendor_principal" {
  description = "The vendor's service account, allowed to impersonate the custom cloud's service account."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com$", var.vendor_principal))
    error_message = "vendor_principal must be a service account email such as byoc-vendor@vendor-prod.iam.gserviceaccount.com."
  }
}
