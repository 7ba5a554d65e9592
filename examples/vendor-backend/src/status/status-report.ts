import { awsErrorCodes } from '@byoc-kit/aws';
import { azureErrorCodes } from '@byoc-kit/azure-request';
import { type AuditEntry, type Byoc, coreErrorCodes } from '@byoc-kit/core';
import { gcpErrorCodes } from '@byoc-kit/gcp';
import type { MetricsSnapshot, StatusMetrics } from '../telemetry/status-metrics.js';

/** What every error code means, from the tables of core and the adapters this backend embeds. */
const codeDescriptions: Readonly<Record<string, string>> = {
  ...coreErrorCodes.descriptions,
  ...awsErrorCodes.descriptions,
  ...gcpErrorCodes.descriptions,
  ...azureErrorCodes.descriptions,
};

/** What a code means, or undefined for one no table holds. */
export function describeCode(code: string | undefined): string | undefined {
  return code === undefined ? undefined : codeDescriptions[code];
}

/** A failed verification or health check, for the vendor's on-call engineer. */
export interface RecentFailure {
  readonly at: string;
  readonly cloudId: string;
  readonly organizationId: string;
  /** `verification` or `health-check`. */
  readonly kind: AuditEntry['kind'];
  readonly actor: string;
  readonly code: string | undefined;
  /** What the code means (its table's line). */
  readonly description: string | undefined;
  /** The check's own message: what was observed and how to fix it (the cloud's external ID masked). */
  readonly message: string | undefined;
}

/** The status page's answer: the metrics of this replica and the store's newest failures. */
export interface StatusReport extends Omit<MetricsSnapshot, 'healthCheckFailures'> {
  readonly generatedAt: string;
  readonly healthCheckFailures: readonly {
    readonly provider: string;
    readonly code: string;
    readonly count: number;
    readonly description: string | undefined;
  }[];
  /** Calls the clouds' APIs throttled (STS, IAM, Google), since `since`. */
  readonly throttledCalls: number;
  readonly recentFailures: readonly RecentFailure[];
}

/**
 * Reads the status: byoc-kit's metrics as this process's OpenTelemetry reader collects them (the
 * `byoc.clouds` gauge is the store's indexed count per state), and the newest failed checks of
 * every organization from the store's audit trail (`byoc.recentFailures`).
 */
export async function statusReport(
  byoc: Byoc,
  metrics: StatusMetrics,
  options: { failures?: number; now?: () => Date } = {},
): Promise<StatusReport> {
  const [snapshot, failures] = await Promise.all([metrics.read(), byoc.recentFailures({ limit: options.failures ?? 25 })]);
  const mask = await externalIdMask(byoc, failures);
  return {
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    ...snapshot,
    healthCheckFailures: snapshot.healthCheckFailures.map((row) => ({ ...row, description: describeCode(row.code) })),
    throttledCalls: snapshot.cloudCalls.filter((row) => row.outcome === 'throttled').reduce((sum, row) => sum + row.count, 0),
    recentFailures: failures.map((entry) => ({
      at: entry.at,
      cloudId: entry.cloudId,
      organizationId: entry.organizationId,
      kind: entry.kind,
      actor: entry.actor,
      code: entry.code,
      description: describeCode(entry.code),
      message: entry.detail === undefined ? undefined : mask(entry.cloudId, entry.detail),
    })),
  };
}

/**
 * Masks each cloud's external IDs in its messages (a denied AssumeRole names the ID it presented):
 * the page is the vendor's, but a screenshot of it travels, and the ID is half of the customer's trust.
 */
async function externalIdMask(byoc: Byoc, failures: readonly AuditEntry[]): Promise<(cloudId: string, text: string) => string> {
  const ids = new Map<string, string[]>();
  for (const cloudId of new Set(failures.map((entry) => entry.cloudId))) {
    const cloud = await byoc.get(cloudId).catch(() => undefined);
    const previous = cloud?.externalIdRotation?.previousExternalId;
    ids.set(cloudId, cloud === undefined ? [] : [cloud.externalId, ...(previous === undefined ? [] : [previous])]);
  }
  return (cloudId, text) => (ids.get(cloudId) ?? []).reduce((masked, id) => masked.replaceAll(id, '<external ID>'), text);
}
