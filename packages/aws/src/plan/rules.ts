import { externalIdPattern } from '@byoc-kit/core';
import { type CidrBounds, customCloudIdPattern, reservedCidrPattern } from '@byoc-kit/core/provider-utils';

/**
 * The rules templates check values against, each stated once: core's (custom cloud id, external
 * ID, reserved CIDR) and the adapter's own (the vendor principal). The settings, the Terraform
 * variables and the CloudFormation parameters all read them from here, as RE2/Java-compatible
 * regular expressions.
 */

/** An IAM role, user or account-root ARN: the vendor's principal. */
export const vendorPrincipalPattern =
  '^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(root|role/([\\x21-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,64}|user/([\\x21-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,64})$';

/** Each rule as pattern source text, by the value it checks. */
export function templatePatterns(bounds: CidrBounds) {
  return {
    customCloudId: customCloudIdPattern.source,
    externalId: externalIdPattern.source,
    reservedCidr: reservedCidrPattern(bounds),
    vendorPrincipal: vendorPrincipalPattern,
  };
}
