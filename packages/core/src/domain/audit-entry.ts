import { randomBytes } from 'node:crypto';

/** What an audit entry records. */
export type AuditKind = 'transition' | 'verification' | 'health-check';

/**
 * One thing the vendor did to or in a customer's cloud, for the customer's security team: a
 * lifecycle transition, a verification of its access, or a health check, with who acted, when,
 * what the customer's own logs show for it, and how it ended.
 */
export interface AuditEntry {
  /** Orders the entries of a cloud by time, those of one millisecond in the order this process made them; the last of a page is the next page's `after`. */
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

// How many ids this process made for each recent millisecond: a transition and the verification it
// starts often share one, and the log must keep them in the order they happened.
const madeIn = new Map<number, number>();

/**
 * A new entry id: the time in base 36, zero-padded so ids sort as times do, then 4 hex digits
 * counting the ids this process made for that millisecond, then 6 random hex digits (ids made in
 * one millisecond by two replicas differ, in no particular order).
 */
export function auditEntryId(at: string): string {
  const time = Date.parse(at);
  const sequence = Math.min((madeIn.get(time) ?? -1) + 1, 0xffff);
  madeIn.set(time, sequence);
  if (madeIn.size > 1024) madeIn.delete(madeIn.keys().next().value as number);
  return `${time.toString(36).padStart(10, '0')}-${sequence.toString(16).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
}

/** The shape ids have: what `after` must look like. */
export const auditEntryIdPattern = /^[0-9a-z]{10}-[0-9a-f]{10}$/;
