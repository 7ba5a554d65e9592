import { customCloudTerraformVariables } from '@byoc-kit/core/provider-utils';
import type { ResolvedGcpSettings } from '../settings.js';

/** variables.tf of the GCP bundle, each variable with a validation block mirroring byoc-kit's rules. */
export function renderGcpVariablesTf(settings: ResolvedGcpSettings): string {
  const shared = customCloudTerraformVariables({
    resourcePrefix: settings.resourcePrefix,
    reservedCidrBounds: settings.reservedCidrBounds,
    deploymentModelDescription:
      'standard: nodes without external IPs behind Cloud NAT; standard_public: nodes reachable over the internet.',
    networkNoun: 'network',
    tagsDescription: 'Labels of the custom cloud, added to every resource that takes labels.',
    externalIdDescription:
      "The custom cloud's external ID, written at the start of the service account's description: the vendor reads it there and acts through the account for this custom cloud only.",
  });
  return `variable "project_id" {
  description = "Your Google Cloud project that hosts the custom cloud."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter."
  }
}

${shared.customCloudId}
${shared.displayName}
${shared.externalId}
variable "region" {
  description = "Google Cloud region of the custom cloud."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-north1."
  }
}

${shared.deploymentModel}
${shared.reservedCidr}
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

${shared.tags}
${shared.objectStorageEnabled}
variable "vendor_principal" {
  description = "The vendor's service account, allowed to impersonate the custom cloud's service account."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\\\\.iam\\\\.gserviceaccount\\\\.com$", var.vendor_principal))
    error_message = "vendor_principal must be a service account email such as byoc-vendor@vendor-prod.iam.gserviceaccount.com."
  }
}
`;
}
