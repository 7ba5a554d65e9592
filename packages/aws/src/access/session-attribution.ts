import { createHash } from 'node:crypto';
import type { CustomCloud, VerificationPurpose } from '@byoc-kit/core';

/**
 * The attribution of a session byoc-kit opens in a customer's account, for the customer's audit
 * trail (CloudTrail): the source identity (who the vendor acts for; it follows the session through
 * every call and into role chaining) and the session tags `byoc:cloud-id`, `byoc:actor` and
 * `byoc:purpose`.
 */
export interface SessionAttribution {
  readonly sourceIdentity: string;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
}

/** AWS's rule for a source identity: 2 to 64 of `[\w+=,.@-]`. */
export const sourceIdentityPattern = /^[\w+=,.@-]{2,64}$/;

/** Why the vendor acts, beyond verification: the vendor's own operations through `assumeRole`. */
export type SessionPurpose = VerificationPurpose | 'operation';

/**
 * The source identity of an actor: the actor itself when AWS accepts it (`api-token.1a2b`,
 * `jane@vendor.example`, `health-monitor`); otherwise its AWS-safe characters, cut to 55, and
 * `.` and eight hex digits of its SHA-256, so two actors that differ only in refused characters stay
 * apart. The `byoc:actor` tag keeps the actor as it was given (within a tag's rules).
 */
export function sourceIdentityOf(actor: string | undefined): string {
  const given = actor ?? 'byoc-kit';
  if (sourceIdentityPattern.test(given)) return given;
  const safe = given.replace(/[^\w+=,.@-]+/g, '-').slice(0, 55);
  return `${safe.length >= 1 ? safe : 'actor'}.${createHash('sha256').update(given).digest('hex').slice(0, 8)}`;
}

/** A session tag value as STS takes it: up to 256 of letters, digits, spaces and `_.:/=+-@`. */
function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu, '-').slice(0, 256);
}

/** The source identity and session tags of one session. */
export function sessionAttribution(cloud: Pick<CustomCloud, 'id'>, actor: string | undefined, purpose: SessionPurpose): SessionAttribution {
  return {
    sourceIdentity: sourceIdentityOf(actor),
    tags: [
      { Key: 'byoc:cloud-id', Value: cloud.id },
      { Key: 'byoc:actor', Value: tagValue(actor ?? 'byoc-kit') || 'byoc-kit' },
      { Key: 'byoc:purpose', Value: purpose },
    ],
  };
}
