import { randomUUID } from 'node:crypto';
import type { AuditEntry, CloudProviderId, CustomCloud, HealthState } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import {
  auditEntryOfCheck,
  type CloudProviderV1,
  failSpan,
  inSpan,
  recordHealthFailure,
  reportFromError,
  rotationAfterCheck,
  type VerificationReport,
  verdictOf,
} from '../provider/index.js';
import type { CloudWriter } from './cloud-writer.js';
import type { RuntimeSettings } from './runtime-settings.js';
import type { VerificationRunner } from './verification-runner.js';

/** What one health check did. */
export interface HealthCheckOutcome {
  readonly cloud: CustomCloud;
  /** Undefined when the check was skipped: the cloud was checked moments ago by another worker. */
  readonly report: VerificationReport | undefined;
}

/**
 * The health monitor's check of one cloud. An active cloud is probed (the provider's `checkHealth`,
 * else `verifyAccess`): a failure that is the customer's doing counts, and `failuresBeforeDisconnect`
 * of them in a row move it to `disconnected` with the failing check's code in `errors`; a good check
 * resets the count; a check the vendor's side or the network spoiled counts for nothing. A
 * disconnected cloud is probed too, and once its access works again it reconnects through a full
 * verification (`reconnecting`, then `active` or back to `disconnected`).
 */
export function createHealthMonitor(context: {
  readonly writer: CloudWriter;
  readonly verifications: VerificationRunner;
  readonly providerFor: (id: CloudProviderId) => CloudProviderV1;
  readonly now: () => Date;
  readonly settings: RuntimeSettings;
  /** The template version to record for this provider (its manifest stored first). */
  readonly templateVersion?: (provider: CloudProviderV1) => Promise<string | undefined>;
  /** Records what the vendor did in the customer's account (the store's audit trail); a failure is reported, not thrown. */
  readonly audit?: (entries: readonly AuditEntry[]) => Promise<void>;
}) {
  const { writer, providerFor } = context;
  const { health } = context.settings;

  const check = async (
    id: string,
    options: { holder: string; scheduled?: boolean; signal?: AbortSignal | undefined; handBackOn?: AbortSignal | undefined },
  ): Promise<HealthCheckOutcome> => {
    const cloud = await writer.load(id);
    const provider = providerFor(cloud.provider);
    if (!provider.capabilities.automatedVerification) return { cloud, report: notProbed(provider) };
    if (cloud.state !== 'active' && cloud.state !== 'disconnected') {
      throw new ByocError({
        code: 'HEALTH_CHECK_NOT_APPLICABLE',
        message: `Custom cloud ${cloud.id} is ${cloud.state}; health checks are for active and disconnected clouds.`,
        details: { id: cloud.id, state: cloud.state },
      });
    }
    // A scheduled check that another worker ran moments ago is a duplicate: skip it.
    if (options.scheduled && cloud.health && context.now().getTime() - Date.parse(cloud.health.checkedAt) < health.intervalMs / 2) {
      return { cloud, report: undefined };
    }
    if (cloud.access === null) {
      const message = `Custom cloud ${cloud.id} has no access recorded, so there is nothing to check. Reconnect it with the identity the customer returns.`;
      return {
        cloud,
        report: { ok: false, checks: [], error: { code: 'ACCESS_INVALID', message, fault: 'vendor' }, attempts: 0, elapsedMs: 0 },
      };
    }
    const began = context.now().getTime();
    const access = cloud.access;
    const report = await inSpan(
      'byoc.health_check',
      { attributes: { 'byoc.cloud.id': cloud.id, 'byoc.provider': cloud.provider, 'byoc.state': cloud.state } },
      async (span) => {
        let outcome: VerificationReport;
        try {
          const probe = provider.checkHealth ?? provider.verifyAccess;
          outcome = await probe.call(provider, cloud, access, {
            deadlineMs: health.checkDeadlineMs,
            actor: 'health-monitor',
            purpose: 'health-check',
            ...(options.signal ? { signal: options.signal } : {}),
          });
        } catch (error) {
          outcome = reportFromError(error, context.now().getTime() - began);
        }
        span.setAttribute('byoc.outcome', verdictOf(outcome));
        if (!outcome.ok) {
          const code = outcome.error?.code ?? 'HEALTH_CHECK_FAILED';
          failSpan(span, code);
          span.setAttribute('byoc.error.code', code);
          recordHealthFailure(cloud.provider, code);
        }
        return outcome;
      },
    );
    await context.audit?.([
      auditEntryOfCheck(cloud, report, { kind: 'health-check', actor: 'health-monitor', at: new Date(began).toISOString() }),
    ]);
    const verdict: HealthState['lastResult'] = verdictOf(report);

    if (cloud.state === 'disconnected' && verdict === 'ok') {
      // The access works again: reconnect through a full verification, as a customer's fix would.
      const claim = `${options.holder}#${randomUUID().slice(0, 8)}`;
      const started = await context.verifications.start(id, {
        event: 'reconnect',
        actor: 'health-monitor',
        reason: 'A health check passed again.',
        claimFor: claim,
      });
      const run = await context.verifications.run(id, {
        holder: options.holder,
        claimed: claim,
        attemptId: started.attemptId,
        actor: 'health-monitor',
        handBackOn: options.handBackOn,
      });
      return { cloud: run.cloud, report: run.report ?? report };
    }

    const checkedAt = context.now().toISOString();
    // The check saw the stack run the current template (the customer applied an upgrade): record it.
    const upgradedTo =
      report.ok && report.templateVersion !== undefined && report.templateVersion !== cloud.templateVersion
        ? await context.templateVersion?.(provider)
        : undefined;
    const upgrade = upgradedTo !== undefined && upgradedTo === report.templateVersion ? { templateVersion: upgradedTo } : {};
    const lastError = report.error ? { category: 'health', code: report.error.code, message: report.error.message } : undefined;
    const { after } = await writer.write(
      id,
      (current) => {
        if (current.state !== cloud.state) return current;
        // A check that saw the new external ID accepted ends a rotation.
        const noted = { ...rotationAfterCheck(current, report), ...upgrade };
        // When the permissions were last checked: the adapter runs that deeper check at its own cadence.
        const permissionsCheckedAt = report.permissionsChecked ? checkedAt : current.health?.permissionsCheckedAt;
        const permissions = permissionsCheckedAt ? { permissionsCheckedAt } : {};
        // A healthy cloud that stays healthy costs no write: its version stays as the vendor read it.
        // Only a check that went deeper is noted, once per the adapter's cadence.
        if (verdict === 'ok' && current.health?.lastResult === 'ok' && current.health.consecutiveFailures === 0) {
          const health = report.permissionsChecked ? { health: { ...current.health, ...permissions } } : {};
          return Object.keys(noted).length === 0 && !report.permissionsChecked ? current : { ...current, ...noted, ...health };
        }
        const failures = current.health?.consecutiveFailures ?? 0;
        const next: HealthState = {
          consecutiveFailures: verdict === 'ok' ? 0 : verdict === 'failed' ? failures + 1 : failures,
          checkedAt,
          lastResult: verdict,
          ...(lastError ? { lastError } : {}),
          ...permissions,
        };
        if (current.state === 'active' && verdict === 'failed' && next.consecutiveFailures >= health.failuresBeforeDisconnect) {
          const reason = `${next.consecutiveFailures} health checks in a row failed.`;
          const errors = [
            { category: 'connectivity', code: report.error?.code ?? 'HEALTH_CHECK_FAILED', message: report.error?.message ?? reason },
          ];
          return { ...writer.transitions(['connectionLost'], { actor: 'health-monitor', reason, errors })(current), health: next };
        }
        return { ...current, ...noted, health: next };
      },
      { read: cloud },
    );
    return { cloud: after, report };
  };

  return { check };
}

function notProbed(provider: CloudProviderV1): VerificationReport {
  return {
    ok: true,
    checks: [
      {
        id: 'not_probed',
        ok: true,
        detail: `The ${provider.id} provider is verified by people, not probed: the vendor's team runs these clouds and reports on them.`,
      },
    ],
    attempts: 0,
    elapsedMs: 0,
  };
}

/** The health checks of one service. */
export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
