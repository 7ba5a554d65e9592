import type { CloudProviderId, CustomCloud, ProviderAccess, RegionInfo } from '../domain/index.js';
import type { TemplateManifest } from '../templates/index.js';

/** The template formats an adapter can render. `arm`: an Azure Resource Manager template and its Bicep twin (Lighthouse); `request`: a document for a vendor's team (Azure). */
export type TemplateFormat = 'terraform' | 'cloudformation' | 'arm' | 'request';

/** One file of a template bundle, path relative to the bundle's folder. */
export interface TemplateFile {
  readonly path: string;
  readonly contents: string;
}

/** A value the customer reads back from the applied template and hands to the vendor. */
export interface TemplateOutput {
  /** Output name in the template, e.g. `aws_iam_role_arn`. */
  readonly name: string;
  readonly description: string;
}

/** What `generateTemplate` returns: the files the customer applies, and how. */
export interface TemplateBundle {
  readonly format: TemplateFormat;
  readonly files: readonly TemplateFile[];
  /** The outputs the vendor needs back (the first one is the identity to pass to `provision`). */
  readonly outputs: readonly TemplateOutput[];
  /** The customer's steps, in Markdown. */
  readonly instructions: string;
  /** Weaker patterns the template uses on purpose (long-lived keys, ...), for the vendor to show. */
  readonly warnings?: readonly string[];
  /** The version stamped in the bundle, when the adapter describes its template (`describeTemplate`). */
  readonly templateVersion?: string;
  /**
   * A console link that applies the template with this cloud's values filled in (AWS's quick-create
   * link, when the vendor hosts the template). `registersAccess`: the stack returns the identity to
   * the vendor itself (self-registration), so the customer pastes nothing.
   */
  readonly applyLink?: { readonly url: string; readonly registersAccess: boolean };
}

/** Whose doing a failed verification is. */
export type VerificationFault = 'customer' | 'vendor' | 'transport';

/** One check of a verification: what was tried and what came of it. */
export interface VerificationCheck {
  /** Stable id, e.g. `assume_role_with_external_id`. */
  readonly id: string;
  readonly ok: boolean;
  /** What was observed, in a sentence. */
  readonly detail: string;
}

/** The outcome of `verifyAccess`. */
export interface VerificationReport {
  readonly ok: boolean;
  readonly checks: readonly VerificationCheck[];
  /** Why it failed, when it did: a stable code and a message that says what to fix. */
  readonly error?: {
    readonly code: string;
    readonly message: string;
    readonly isRetryable?: boolean;
    /**
     * Whose doing the failure is: `customer` (a denial, a trust that changed: a verdict on the
     * cloud), `vendor` (the vendor's own credentials or setup) or `transport` (timeouts, 5xx,
     * malformed answers). The health monitor counts only `customer` failures toward disconnecting a
     * cloud. Absent: `customer`.
     */
    readonly fault?: VerificationFault;
    /** What a program needs besides the message (`PERMISSIONS_MISSING`: `missing`, each permission denied). */
    readonly details?: Readonly<Record<string, unknown>>;
  };
  /** Attempts made (verification retries while the cloud's IAM propagates). */
  readonly attempts: number;
  readonly elapsedMs: number;
  /**
   * What the customer's own logs show for the vendor's sessions of this check, when the provider
   * attributes them (AWS: the sessions' `SourceIdentity` in CloudTrail). Recorded in the audit log.
   */
  readonly actedAs?: string;
  /**
   * Providers with `externalIdTrust`: which of the cloud's external IDs the trust accepted. During
   * a rotation, `current` ends it (the customer applied the new template); `previous` means the
   * customer has not yet.
   */
  readonly externalId?: 'current' | 'previous';
  /**
   * The template version the customer's stack was seen to run, when a check can tell (AWS: every
   * permission of the current template granted). A health check that reports it moves the cloud's
   * recorded version: the customer applied the upgrade.
   */
  readonly templateVersion?: string;
  /**
   * The check asked the cloud about every permission the template grants (AWS: IAM's simulation).
   * A full verification always does; a health check at the adapter's own cadence, which it reads
   * from the cloud's `health.permissionsCheckedAt` and `lastVerification`.
   */
  readonly permissionsChecked?: boolean;
}

/** One step the customer takes to remove what the template created. */
export interface TeardownStep {
  readonly description: string;
  /** A command to run, when there is one (`terraform destroy`). */
  readonly command?: string;
}

/** What the customer removes when a custom cloud is deleted: the template's resources are theirs. */
export interface TeardownPlan {
  readonly summary: string;
  readonly steps: readonly TeardownStep[];
}

/** What an adapter can do. */
export interface ProviderCapabilities {
  /** Whether the customer connects the cloud without the vendor's team (false for Azure requests). */
  readonly selfService: boolean;
  /** Whether `verifyAccess` really calls the cloud. */
  readonly automatedVerification: boolean;
  readonly templateFormats: readonly TemplateFormat[];
  /**
   * Whether the customer's trust holds the cloud's external ID (AWS): `rotateExternalId` then
   * renders both IDs during a rotation, and `verifyAccess` says which one was accepted.
   */
  readonly externalIdTrust?: boolean;
}

/** Options of `verifyAccess`. */
export interface VerifyAccessOptions {
  /** Stops retries and pending calls; the report then carries `ABORTED`. */
  readonly signal?: AbortSignal;
  /** Overrides the adapter's verification deadline, in milliseconds. */
  readonly deadlineMs?: number;
  /**
   * Who the check acts for, for the customer's audit trail: the person or job that asked for it (the
   * transition's actor), `health-monitor` for the monitor's checks. AWS sends it as the session's
   * `SourceIdentity` and `byoc:actor` tag. Default `byoc-kit`.
   */
  readonly actor?: string;
  /** Why the vendor acts in the customer's account now, recorded beside the actor (`byoc:purpose`). */
  readonly purpose?: VerificationPurpose;
}

/** Why byoc-kit acts in a customer's account: what the `byoc:purpose` session tag says. */
export type VerificationPurpose = 'verification' | 'reconnect' | 'health-check';

/**
 * The contract every cloud adapter implements, version 1. The service refuses an adapter whose
 * `specificationVersion` it does not know, so the contract can evolve without silent breakage.
 */
export interface CloudProviderV1 {
  readonly specificationVersion: 'v1';
  readonly id: CloudProviderId;
  readonly capabilities: ProviderCapabilities;
  /** The regions the adapter can build a custom cloud in. */
  regions(): readonly RegionInfo[];
  /** Validates the identity the customer returned (role ARN, service account, Azure ids). */
  parseAccess(input: unknown): ProviderAccess;
  /**
   * Optional: what of a parsed access may be stored. An adapter whose access carries a secret (an
   * access key) returns it without the secret, or with the secret sealed by the vendor's function;
   * `verifyAccess` still receives the access `parseAccess` returned.
   */
  sealAccess?(cloud: CustomCloud, access: ProviderAccess): Promise<ProviderAccess>;
  /**
   * Renders the template the customer applies; the same cloud always renders the same bytes, but
   * for `registrationToken`: with self-registration on, the service passes a fresh one-time token
   * for a draft cloud, which an adapter that supports it (AWS CloudFormation) puts in the stack's
   * parameters, and any other ignores.
   */
  generateTemplate(cloud: CustomCloud, options?: { format?: TemplateFormat; registrationToken?: string }): Promise<TemplateBundle>;
  /** Checks that the vendor can act through the identity; never throws for a denial, reports it. */
  verifyAccess(cloud: CustomCloud, access: ProviderAccess, options?: VerifyAccessOptions): Promise<VerificationReport>;
  /**
   * Optional: the health monitor's periodic check of an active cloud, cheaper than `verifyAccess`
   * where it can be (AWS: AssumeRole with the external ID, a wrong-ID probe and GetCallerIdentity;
   * GCP: impersonation and testIamPermissions). Without it the monitor calls `verifyAccess`.
   * Providers verified by people (`automatedVerification: false`) are never probed.
   */
  checkHealth?(cloud: CustomCloud, access: ProviderAccess, options?: VerifyAccessOptions): Promise<VerificationReport>;
  /**
   * Optional: what the vendor's current template grants and creates, format-neutral, with its
   * version (the digest stamped in every bundle). The service records it on a cloud whose
   * verification succeeds, keeps the manifests of versions clouds run, and diffs them for
   * `templateStatus` and `getTemplateUpgrade`.
   */
  describeTemplate?(): TemplateManifest;
  /**
   * Optional: where the customer updates an applied stack to the current template (AWS: the
   * CloudFormation update-stack link, when the vendor hosts the template).
   */
  templateUpgradeLink?(cloud: CustomCloud, format: TemplateFormat): string | undefined;
  /** What the customer removes, and how, when the custom cloud is deleted. */
  teardown(cloud: CustomCloud): TeardownPlan;
}

/** The specification versions this core can drive. */
export const supportedSpecificationVersions = ['v1'] as const;
