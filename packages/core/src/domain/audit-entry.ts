import { randomBytes } from 'node:crypto';

/** What an audit entry records. */
export type AuditKind = 'transition' | 'verification' | 'health-check';

/**
 * One thing the vendor did to or in a customer's cloud, for the customer's security team: a
 * lifecycle transition, a verification of its access, or a health check, with who acted, when,
 * what the customer's own logs show for it, and how it ended.
 */
export interface AuditEntry {
  /** Orders the entries of a cloud by time (ties by a random part); the last of a page is the next page's `after`. */
  readonly id: string;
  readonly cloudId: string;
  readonly organizationId: string;
  /** When it happened (ISO 8601). */
  readonly at: string;
  readonly kind: AuditKind;
  /** Who acted: the transition's actor, the person or job who asked for a verification, `health-monitor`. */
  readonly actor: string;
  /** What the customer's cloud logs show for the vendor's sessions (AWS: CloudTrail's `sourceIdentity`), when the provider says. */
  readonly sourceIdentity?: string | undefined;
  /** A transition: `<from> -> <to>`; a check: `ok`, `failed` (the customer's doing) or `inconclusive` (the network, the vendor). */
  readonly outcome: string;
  /** The lifecycle event of a transition, or the error code of a failed check. */
  readonly code?: string | undefined;
  /** The transition's reason, or the check's error message. */
  readonly detail?: string | undefined;
  /** A check's steps, as its report gave them. */
  readonly checks?: readonly { readonly id: string; readonly ok: boolean }[] | undefined;
}

/** A new entry id: the time in base 36, zero-padded so ids sort as times do, then 10 random hex digits. */
export function auditEntryId(at: string): string {
  return `${Date.parse(at).toString(36).padStart(10, '0')}-${randomBytes(5).toString('hex')}`;
}

/** The shape ids have: what `after` must look like. */
export const auditEntryIdPattern = /^[0-9a-z]{10}-[0-9a-f]{10}$/;
