import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  assertTransitionAllowed,
  type CloudError,
  type CloudProviderId,
  type CustomCloud,
  type CustomCloudState,
  type LastVerification,
  type LifecycleEventType,
  type ProviderAccess,
  type VerificationState,
} from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import {
  auditEntryOfCheck,
  type CloudProviderV1,
  errorsFromReport,
  failSpan,
  inSpan,
  recordVerification,
  reportFromError,
  rotationAfterCheck,
  type VerificationReport,
  type VerifyAccessOptions,
  verdictOf,
} from '../provider/index.js';
import type { Actor, CloudWriter } from './cloud-writer.js';
import type { RuntimeSettings } from './runtime-settings.js';

/** Where a verification stands after `run`. */
export type VerificationStatus =
  /** It ran here and its outcome is stored. */
  | 'finished'
  /** Nothing to verify: the cloud is not waiting for it, or a newer attempt replaced this one. */
  | 'not_needed'
  /** Another worker holds it until its lease ends. */
  | 'busy'
  /** A provider verified by people has its request; their answer moves the cloud. */
  | 'awaiting_people'
  /** This worker stopped before it finished: the verification is released for another. */
  | 'handed_back';

/** What `run` returns. */
export interface VerificationRun {
  readonly status: VerificationStatus;
  readonly cloud: CustomCloud;
  readonly report?: VerificationReport | undefined;
  /** For `busy`: when the holder's lease ends. */
  readonly busyUntil?: number | undefined;
}

const verifyingStates: readonly CustomCloudState[] = ['validating', 'reconnecting'];

/** The events that end a verification, by the state it runs in. */
const outcomes: Record<string, { success: LifecycleEventType; failure: LifecycleEventType }> = {
  validating: { success: 'accessVerified', failure: 'accessRejected' },
  reconnecting: { success: 'reconnected', failure: 'accessRejected' },
};

/**
 * Runs verifications once at a time per cloud, whatever the number of workers: a worker claims the
 * attempt with a versioned write of its name and lease, verifies without holding anything, and
 * stores the outcome only while the attempt is still its own, so each transition is stored once.
 */
export function createVerificationRunner(context: {
  readonly writer: CloudWriter;
  readonly providerFor: (id: CloudProviderId) => CloudProviderV1;
  readonly now: () => Date;
  readonly settings: RuntimeSettings;
  /** The template version to record on a cloud verified by this provider (its manifest stored first). */
  readonly templateVersion?: (provider: CloudProviderV1) => Promise<string | undefined>;
  /** Records what the vendor did in the customer's account (the store's audit trail); a failure is reported, not thrown. */
  readonly audit?: (entries: readonly AuditEntry[]) => Promise<void>;
}) {
  const { writer, providerFor } = context;
  const nowMs = () => context.now().getTime();
  const leaseUntil = () => new Date(nowMs() + context.settings.verification.leaseMs).toISOString();

  /**
   * Moves the cloud into verification (`submitAccess`, `retry` or `reconnect`) with a new attempt
   * and, when given, the access the customer returned; `claimFor` takes the attempt at once.
   * Returns the access to verify with: the one parsed (a secret still in it), or the stored one.
   */
  const start = async (
    id: string,
    options: Actor & { event: LifecycleEventType; accessInput?: unknown; claimFor?: string | undefined },
  ): Promise<{ cloud: CustomCloud; attemptId: string; access: ProviderAccess }> => {
    const current = await writer.load(id);
    assertTransitionAllowed(current, options.event);
    const provider = providerFor(current.provider);
    const access = options.accessInput === undefined ? current.access : provider.parseAccess(options.accessInput);
    if (access === null) {
      throw new ByocError({
        code: 'INPUT_INVALID',
        message: `Custom cloud ${current.id} has no access recorded; pass the identity the customer returned.`,
      });
    }
    // What is stored may differ from what is verified: an adapter seals or drops secrets first.
    const stored = options.accessInput !== undefined && provider.sealAccess ? await provider.sealAccess(current, access) : access;
    const attemptId = randomUUID();
    const at = context.now().toISOString();
    const verification: VerificationState = {
      attemptId,
      holder: options.claimFor ?? null,
      leaseUntil: options.claimFor === undefined ? null : leaseUntil(),
      requestedAt: at,
    };
    const { after } = await writer.write(id, (cloud) => ({
      ...writer.transitions([options.event], options)(cloud),
      access: stored,
      verification,
    }));
    return { cloud: after, attemptId, access };
  };

  /**
   * Verifies the attempt the cloud waits on: claims it for `holder` (unless it holds it already),
   * verifies, and stores the outcome. A worker's stop (`handBackOn`) releases the attempt instead.
   */
  const run = async (
    id: string,
    options: Actor &
      VerifyAccessOptions & {
        /** Who runs it: a worker's name. Each run claims under a name of its own, `<holder>#<random>`. */
        holder: string;
        /** The claim `start` already took for this run (`claimFor`): no other claim is made. */
        claimed?: string | undefined;
        /** Verify this attempt only: a job of an older attempt finds nothing to do. */
        attemptId?: string | undefined;
        /** The access to verify with; default the stored one (a secret then comes from the adapter's unseal). */
        access?: ProviderAccess | undefined;
        /** When this fires, the attempt is released for another worker instead of being recorded. */
        handBackOn?: AbortSignal | undefined;
      },
  ): Promise<VerificationRun> => {
    // A claim names one run, not a worker: a worker never runs the same attempt twice at once.
    const holder = options.claimed ?? `${options.holder}#${randomUUID().slice(0, 8)}`;
    const claimed = await claim(id, holder, options.attemptId, options.claimed !== undefined);
    if (claimed.status !== 'claimed') return claimed.run;
    const cloud = claimed.cloud;
    const attempt = cloud.verification as VerificationState;
    const provider = providerFor(cloud.provider);
    const access = options.access ?? cloud.access;
    // The lease bounds the verification: past it another worker may take over, so this one stops.
    const leaseLeft = Math.max(0, Date.parse(attempt.leaseUntil as string) - nowMs());
    const signals = [AbortSignal.timeout(leaseLeft), options.signal, options.handBackOn].filter((signal) => signal !== undefined);
    const began = nowMs();
    const purpose = cloud.state === 'reconnecting' ? 'reconnect' : 'verification';
    const { report, templateVersion } = await inSpan(
      'byoc.verify',
      { attributes: { 'byoc.cloud.id': cloud.id, 'byoc.provider': cloud.provider, 'byoc.purpose': purpose } },
      async (span) => {
        let outcome: VerificationReport;
        try {
          if (access === null) throw new ByocError({ code: 'INPUT_INVALID', message: `Custom cloud ${id} has no access recorded.` });
          outcome = await provider.verifyAccess(cloud, access, {
            signal: AbortSignal.any(signals),
            ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
            // Who asked, for the customer's audit trail: the actor of the transition that started this
            // verification (the caller of provision or submitAccess), not the worker that runs it.
            actor: requestedBy(cloud),
            purpose,
          });
        } catch (error) {
          outcome = reportFromError(error, nowMs() - began);
        }
        const verdict = verdictOf(outcome);
        span.setAttributes({ 'byoc.outcome': verdict, 'byoc.attempts': outcome.attempts });
        if (outcome.error) span.setAttribute('byoc.error.code', outcome.error.code);
        if (!outcome.ok) failSpan(span, outcome.error?.code ?? 'VERIFICATION_FAILED');
        recordVerification(cloud.provider, verdict, (nowMs() - began) / 1000);
        // The version to record: the current template's, whose manifest is stored first.
        const version = outcome.ok && provider.capabilities.automatedVerification ? await context.templateVersion?.(provider) : undefined;
        if (version !== undefined) span.setAttribute('byoc.template_version', version);
        return { report: outcome, templateVersion: version };
      },
    );
    if (options.handBackOn?.aborted) {
      const { after } = await writer.write(id, (current) =>
        current.verification?.attemptId === attempt.attemptId && current.verification.holder === holder
          ? { ...current, verification: { ...current.verification, holder: null, leaseUntil: null } }
          : current,
      );
      return { status: 'handed_back', cloud: after };
    }
    const finished = await finish(id, attempt, holder, report, provider, { ...options, templateVersion });
    // What the verification did in the customer's account, whoever recorded its outcome.
    if (provider.capabilities.automatedVerification) {
      await context.audit?.([
        auditEntryOfCheck(cloud, report, { kind: 'verification', actor: requestedBy(cloud), at: new Date(began).toISOString() }),
      ]);
    }
    return finished;
  };

  type Claim = { status: 'claimed'; cloud: CustomCloud } | { status: 'other'; run: VerificationRun };

  const claim = async (id: string, holder: string, attemptId: string | undefined, preclaimed: boolean): Promise<Claim> => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const cloud = await writer.load(id);
      const verification = cloud.verification;
      if (!verifyingStates.includes(cloud.state) || (attemptId !== undefined && verification?.attemptId !== attemptId)) {
        return { status: 'other', run: { status: 'not_needed', cloud } };
      }
      if (verification?.awaitingPeople) return { status: 'other', run: { status: 'awaiting_people', cloud } };
      const until = verification?.leaseUntil ? Date.parse(verification.leaseUntil) : 0;
      if (verification?.holder && verification.holder !== holder && until > nowMs()) {
        return { status: 'other', run: { status: 'busy', cloud, busyUntil: until } };
      }
      if (verification?.holder === holder && until > nowMs()) return { status: 'claimed', cloud };
      // A claim taken by start that lapsed or was taken over is not ours any more.
      if (preclaimed) return { status: 'other', run: { status: 'not_needed', cloud } };
      const mine: VerificationState = {
        attemptId: verification?.attemptId ?? randomUUID(),
        requestedAt: verification?.requestedAt ?? context.now().toISOString(),
        holder,
        leaseUntil: leaseUntil(),
      };
      try {
        const { after } = await writer.write(id, (current) => ({ ...current, verification: mine }), { expectedVersion: cloud.version });
        return { status: 'claimed', cloud: after };
      } catch (error) {
        if (!ByocError.hasCode(error, 'VERSION_CONFLICT')) throw error;
      }
    }
    return { status: 'other', run: { status: 'busy', cloud: await writer.load(id), busyUntil: nowMs() + 1_000 } };
  };

  const finish = async (
    id: string,
    attempt: VerificationState,
    holder: string,
    report: VerificationReport,
    provider: CloudProviderV1,
    { templateVersion, ...actor }: Actor & { templateVersion?: string | undefined },
  ): Promise<VerificationRun> => {
    let status: VerificationStatus = 'not_needed';
    const { after } = await writer.write(id, (cloud) => {
      // The outcome belongs to this attempt and this holder only: anything else moved on without it.
      if (
        !verifyingStates.includes(cloud.state) ||
        cloud.verification?.attemptId !== attempt.attemptId ||
        cloud.verification.holder !== holder
      ) {
        return cloud;
      }
      if (report.ok && !provider.capabilities.automatedVerification) {
        status = 'awaiting_people';
        return { ...cloud, verification: { ...cloud.verification, holder: null, leaseUntil: null, awaitingPeople: true } };
      }
      status = 'finished';
      const events = outcomes[cloud.state] as { success: LifecycleEventType; failure: LifecycleEventType };
      const moved = writer.transitions([report.ok ? events.success : events.failure], {
        ...actor,
        errors: errorsFromReport(report) as CloudError[],
      })(cloud);
      const healthy = report.ok && cloud.state === 'reconnecting';
      return {
        ...moved,
        verification: null,
        health: healthy ? { consecutiveFailures: 0, checkedAt: context.now().toISOString(), lastResult: 'ok' } : cloud.health,
        lastVerification: lastVerificationOf(report, context.now()),
        ...rotationAfterCheck(cloud, report),
        ...(templateVersion === undefined ? {} : { templateVersion }),
      };
    });
    return { status, cloud: after, report };
  };

  return { start, run };
}

/** What a cloud keeps of a finished verification: its checks, each detail cut to what the record holds. */
export function lastVerificationOf(report: VerificationReport, at: Date): LastVerification {
  return {
    ok: report.ok,
    finishedAt: at.toISOString(),
    checks: report.checks.slice(0, 32).map((check) => ({ id: check.id.slice(0, 128), ok: check.ok, detail: check.detail.slice(0, 2048) })),
  };
}

/** The verifications of one service. */
export type VerificationRunner = ReturnType<typeof createVerificationRunner>;

/** The actor of the transition that started the verification a cloud waits on; `byoc-kit` when none says. */
function requestedBy(cloud: CustomCloud): string {
  const entry = cloud.history.at(-1);
  return entry !== undefined && (entry.to === 'validating' || entry.to === 'reconnecting') ? entry.actor : 'byoc-kit';
}
