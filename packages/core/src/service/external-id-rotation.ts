import * as z from 'zod';
import { type CustomCloud, parseInput } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { CloudProviderV1 } from '../provider/index.js';
import type { CloudWriter } from '../runtime/index.js';

const hourMs = 3_600_000;

/** How long an external ID no template has carried stays usable. */
export interface ExternalIdSettings {
  /**
   * An external ID never served in a template (`getTemplate`, `getTemplateUpgrade`) expires after
   * this long, in ms: a provision with it is refused, and the next template carries a fresh one.
   * Default 48 hours, as Datadog's onboarding does.
   */
  unservedTtlMs?: number;
}

export const externalIdSettingsSchema = z.strictObject({
  unservedTtlMs: z
    .number()
    .int()
    .min(60_000)
    .max(90 * 24 * hourMs)
    .default(48 * hourMs),
});

/**
 * The external ID over a cloud's life: rotation with an overlap (the previous ID stays in the trust
 * and is still presented if the new one is refused, until a check sees the new one accepted), and
 * expiry of an ID no template ever carried.
 */
export function createExternalIdLifecycle(context: {
  readonly settings: ExternalIdSettings | undefined;
  readonly writer: CloudWriter;
  readonly now: () => Date;
  readonly providerFor: (id: CustomCloud['provider']) => CloudProviderV1;
  readonly newExternalId: () => Promise<string>;
}) {
  const settings = parseInput(externalIdSettingsSchema, context.settings ?? {}, {
    what: 'externalIds settings',
    code: 'BYOC_OPTIONS_INVALID',
  });

  /** Whether the cloud's external ID was never served and has outlived `unservedTtlMs`. */
  const expired = (cloud: CustomCloud): boolean =>
    cloud.externalIdIssuedAt !== undefined &&
    !cloud.externalIdServedAt &&
    context.now().getTime() - Date.parse(cloud.externalIdIssuedAt) > settings.unservedTtlMs;

  return {
    /**
     * Before a template is rendered: the cloud's ID is marked served (one write, the first time),
     * and an expired unserved one is replaced by a fresh ID first, which nobody can hold yet.
     */
    async serve(cloud: CustomCloud): Promise<CustomCloud> {
      if (cloud.externalIdIssuedAt === undefined || cloud.externalIdServedAt) return cloud;
      const fresh = expired(cloud) ? await context.newExternalId() : undefined;
      const { after } = await context.writer.write(cloud.id, (current) => {
        if (current.externalIdServedAt) return current;
        const at = context.now().toISOString();
        const replaced = fresh !== undefined && expired(current);
        return {
          ...current,
          ...(replaced ? { externalId: fresh, externalIdIssuedAt: at } : {}),
          externalIdServedAt: at,
        };
      });
      return after;
    },

    /** Before access is submitted: an expired unserved external ID is refused (`EXTERNAL_ID_EXPIRED`). */
    assertUsable(cloud: CustomCloud): void {
      if (!expired(cloud)) return;
      const hours = Math.round((context.now().getTime() - Date.parse(cloud.externalIdIssuedAt as string)) / hourMs);
      throw new ByocError({
        code: 'EXTERNAL_ID_EXPIRED',
        message: `The external ID of custom cloud ${cloud.id} was issued ${hours} hours ago and no template has carried it, so it expired after ${Math.round(settings.unservedTtlMs / hourMs)} hours. Get the template again (it carries a fresh external ID), apply it, then provision.`,
        details: { id: cloud.id, issuedAt: cloud.externalIdIssuedAt, unservedTtlMs: settings.unservedTtlMs },
      });
    },

    /**
     * `rotateExternalId`: a fresh external ID; the one it replaces stays in the templates' trust and
     * is still presented when the new one is refused, until a verification or health check sees the
     * new one accepted.
     */
    async rotate(id: string): Promise<CustomCloud> {
      const cloud = await context.writer.load(id);
      const provider = context.providerFor(cloud.provider);
      if (!provider.capabilities.externalIdTrust) {
        throw new ByocError({
          code: 'EXTERNAL_ID_ROTATION_UNSUPPORTED',
          message: `The ${provider.id} provider's templates do not hold an external ID (its trust is not an AWS role's); there is nothing to rotate.`,
          details: { provider: provider.id },
        });
      }
      if (cloud.state === 'deleted' || cloud.state === 'deleting') {
        throw new ByocError({
          code: 'INVALID_TRANSITION',
          message: `Custom cloud ${cloud.id} is ${cloud.state}; its external ID is not rotated any more.`,
          details: { id: cloud.id, state: cloud.state },
        });
      }
      const fresh = await context.newExternalId();
      const { after } = await context.writer.write(cloud.id, (current) => {
        const pending = current.externalIdRotation;
        // The ID the rotation replaced may be the only one in the customer's trust: it is kept until
        // the new one is seen to work. Rotating again before that replaces only an ID never served.
        if (pending && current.externalIdServedAt) {
          throw new ByocError({
            code: 'EXTERNAL_ID_ROTATION_PENDING',
            message: `Custom cloud ${current.id} is still rotating its external ID (since ${pending.rotatedAt}): the customer has not yet applied the template with the new one. Have them apply it; the rotation ends when a verification or health check sees the new ID accepted.`,
            details: { id: current.id, rotatedAt: pending.rotatedAt },
          });
        }
        const at = context.now().toISOString();
        return {
          ...current,
          externalId: fresh,
          externalIdIssuedAt: at,
          externalIdServedAt: null,
          externalIdRotation: pending ?? { previousExternalId: current.externalId, rotatedAt: at },
          updatedAt: at,
        };
      });
      return after;
    },
  };
}

/** The lifecycle of external IDs of one service. */
export type ExternalIdLifecycle = ReturnType<typeof createExternalIdLifecycle>;
