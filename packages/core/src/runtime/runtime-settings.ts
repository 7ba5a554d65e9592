import * as z from 'zod';

/** How the health monitor checks active clouds. */
export interface HealthSettings {
  /** Each active cloud is checked about this often, in ms. Default 900,000 (15 minutes). */
  intervalMs?: number;
  /** Failed checks in a row, each the customer's doing, that move a cloud to `disconnected`. Default 3. */
  failuresBeforeDisconnect?: number;
  /** The deadline of one check, in ms (a full verification keeps the provider's own). Default 30,000. */
  checkDeadlineMs?: number;
  /** Each wait between checks of a cloud varies by this fraction, so checks never arrive together. Default 0.1. */
  jitter?: number;
}

/** How verification runs in the background. */
export interface VerificationSettings {
  /**
   * How long a worker's claim on a verification holds, in ms: past it another worker may take the
   * verification over, and the running one is aborted. Longer than any provider's deadline.
   * Default 600,000 (10 minutes; GCP's propagation deadline is 7).
   */
  leaseMs?: number;
}

const healthSchema = z
  .strictObject({
    intervalMs: z
      .number()
      .int()
      .min(100)
      .max(7 * 86_400_000)
      .default(900_000),
    failuresBeforeDisconnect: z.number().int().min(1).max(100).default(3),
    checkDeadlineMs: z.number().int().min(100).max(600_000).default(30_000),
    jitter: z.number().min(0).max(0.5).default(0.1),
  })
  .default({ intervalMs: 900_000, failuresBeforeDisconnect: 3, checkDeadlineMs: 30_000, jitter: 0.1 });

const verificationSchema = z
  .strictObject({ leaseMs: z.number().int().min(1_000).max(3_600_000).default(600_000) })
  .default({ leaseMs: 600_000 });

/** The runtime settings `createByoc` checks. */
export const runtimeSettingsSchema = z.object({ health: healthSchema, verification: verificationSchema });

/** Runtime settings with their defaults. */
export type RuntimeSettings = z.output<typeof runtimeSettingsSchema>;
export type ResolvedHealthSettings = RuntimeSettings['health'];

/** A wait of about `intervalMs`, `jitter` either side. */
export function jittered(intervalMs: number, jitter: number, random: () => number = Math.random): number {
  return Math.round(intervalMs * (1 - jitter + 2 * jitter * random()));
}
