import * as z from 'zod';
import { type AuditEntry, auditEntryIdPattern, parseInput } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { AuditTrail } from '../store/index.js';
import type { ServiceContext } from './service-context.js';

const pageSchema = z.strictObject({
  after: z.string().regex(auditEntryIdPattern, 'Pass the id of the last entry of the previous page.').optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

/**
 * `byoc.auditLog`: what the vendor did to and in one cloud, oldest first, a page at a time. The
 * cloud must exist (`CUSTOM_CLOUD_NOT_FOUND`; a deleted one still answers); a store without an audit
 * trail is `AUDIT_LOG_UNSUPPORTED`.
 */
export async function auditLogOf(context: ServiceContext, id: string, options: unknown = {}): Promise<AuditEntry[]> {
  const page = parseInput(pageSchema, options, { what: 'audit log page' });
  const cloud = await context.writer.load(id);
  return trailOf(context).list(cloud.id, { after: page.after, limit: page.limit ?? 100 });
}

const failuresSchema = z.strictObject({ limit: z.number().int().min(1).max(500).optional() });

/** `byoc.recentFailures`: the newest failed checks of every cloud, from the store's audit trail. */
export async function recentFailuresOf(context: ServiceContext, options: unknown = {}): Promise<AuditEntry[]> {
  const { limit } = parseInput(failuresSchema, options, { what: 'recent failures options' });
  const trail = trailOf(context);
  if (trail.recentFailures === undefined) {
    throw new ByocError({
      code: 'AUDIT_LOG_UNSUPPORTED',
      message:
        "This store's audit trail cannot list recent failures. The memory, JSON-file and PostgreSQL stores can; give yours `audit.recentFailures` (see AuditTrail).",
    });
  }
  return trail.recentFailures({ limit: limit ?? 50 });
}

function trailOf(context: ServiceContext): AuditTrail {
  const trail = context.store.audit;
  if (trail === undefined) {
    throw new ByocError({
      code: 'AUDIT_LOG_UNSUPPORTED',
      message:
        'This store keeps no audit trail. The memory, JSON-file and PostgreSQL stores do; give yours an `audit` (see CustomCloudStore).',
    });
  }
  return trail;
}
