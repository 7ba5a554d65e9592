import { externalIdPattern } from '@byoc-kit/core';
import { type CidrBounds, customCloudIdPattern, hclString, reservedCidrPattern } from '@byoc-kit/core/provider-utils';

/**
 * The rules templates check values against, each stated once: core's (custom cloud id, external
 * ID, reserved CIDR) and the adapter's own (the vendor principal). The settings, the Terraform
 * variables and the CloudFormation parameters all read them from here, as RE2/Java-compatible
 * regular expressions.
 */

/** An IAM role, user or account-root ARN: the vendor's principal. */
export const vendorPrincipalPattern =
  '^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(root|role/([\\x21-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,64}|user/([\\x21-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,64})$';

/**
 * The customer's guardrails, template inputs whose defaults change nothing: a permissions boundary
 * for every role and user the template creates (an IAM policy ARN, or empty for none), the IAM path
 * they are created under, and a prefix and a suffix for their names and the managed policies'.
 */
export const guardrailRules = {
  /** A managed policy ARN (the account's, or AWS's), or empty. */
  permissionsBoundary: {
    pattern: '^$|^arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}|aws):policy/([\\x21-\\x2E\\x30-\\x7E]+/)*[A-Za-z0-9_+=,.@-]{1,128}$',
    maxLength: 2048,
    message: 'must be empty or an IAM policy ARN such as arn:aws:iam::123456789012:policy/workload-boundary',
  },
  /** `/`, or `/` and segments of printable ASCII each followed by `/`, 512 characters at most (IAM's rule). */
  iamPath: {
    pattern: '^/([\\x21-\\x2E\\x30-\\x7E]+/)*$',
    maxLength: 512,
    message: 'must be / or a path such as /workloads/vendor/: segments of printable characters, each ending with /',
  },
  /** Up to 16 of the characters IAM names take, so every name stays within IAM's 64. */
  iamNameAffix: {
    pattern: '^[A-Za-z0-9_+=,.@-]{0,16}$',
    maxLength: 16,
    message: 'must be up to 16 of letters, digits and _+=,.@-',
  },
} as const;

/** A guardrail rule as a Terraform condition on `reference`: the pattern and the length. */
export function guardrailCondition(rule: keyof typeof guardrailRules, reference: string): string {
  const { pattern, maxLength } = guardrailRules[rule];
  return `can(regex(${hclString(pattern)}, ${reference})) && length(${reference}) <= ${maxLength}`;
}

/** Each rule as pattern source text, by the value it checks. */
export function templatePatterns(bounds: CidrBounds) {
  return {
    customCloudId: customCloudIdPattern.source,
    externalId: externalIdPattern.source,
    reservedCidr: reservedCidrPattern(bounds),
    vendorPrincipal: vendorPrincipalPattern,
    permissionsBoundary: guardrailRules.permissionsBoundary.pattern,
    iamPath: guardrailRules.iamPath.pattern,
    iamNameAffix: guardrailRules.iamNameAffix.pattern,
  };
}
