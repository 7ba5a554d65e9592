import { describe, expect, it } from 'vitest';
import { ByocError } from '../errors/index.js';
import { makeCustomCloud } from '../testing/make-custom-cloud.js';
import { type CustomCloudState, customCloudStates } from './custom-cloud-schema.js';
import { type LifecycleEventType, lifecycleEvents, transition } from './lifecycle.js';

const admin = [{ email: 'admin@example.com', role: 'Admin' }];
const cloudIn = (state: CustomCloudState) =>
  makeCustomCloud(
    {
      organizationId: 'org',
      displayName: 'Lifecycle',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.0.0.0/16',
      contacts: admin,
    },
    { state },
  );

// DESIGN.md's diagram, written out edge by edge.
const allowed: readonly [CustomCloudState, LifecycleEventType, CustomCloudState][] = [
  ['draft', 'submitAccess', 'validating'],
  ['validating', 'accessVerified', 'creating'],
  ['creating', 'provisioned', 'active'],
  ['validating', 'accessRejected', 'draft'],
  ['creating', 'provisioningFailed', 'creation_failed'],
  ['creation_failed', 'retry', 'validating'],
  ['active', 'connectionLost', 'disconnected'],
  ['disconnected', 'reconnect', 'reconnecting'],
  ['reconnecting', 'reconnected', 'active'],
  ['reconnecting', 'accessRejected', 'disconnected'],
  ['draft', 'delete', 'deleted'],
  ['active', 'delete', 'deleting'],
  ['creation_failed', 'delete', 'deleting'],
  ['disconnected', 'delete', 'deleting'],
  ['deleting', 'deleted', 'deleted'],
  ['deleting', 'deletionFailed', 'deletion_failed'],
  ['deletion_failed', 'delete', 'deleting'],
];
const isAllowed = (state: CustomCloudState, event: LifecycleEventType) => allowed.some(([from, on]) => from === state && on === event);
const disallowed = customCloudStates.flatMap((state) =>
  lifecycleEvents.filter((event) => !isAllowed(state, event)).map((event) => [state, event] as const),
);

describe('transition', () => {
  describe('allowed transitions', () => {
    it.each(allowed)('%s --%s--> %s', (from, event, to) => {
      const before = cloudIn(from);
      const after = transition(before, { type: event, at: '2026-02-01T00:00:00.000Z', actor: 'ops@vendor', reason: 'test' });
      expect(after.state).toBe(to);
      expect(after.history.at(-1)).toEqual({ from, to, event, at: '2026-02-01T00:00:00.000Z', actor: 'ops@vendor', reason: 'test' });
      expect(after.updatedAt).toBe('2026-02-01T00:00:00.000Z');
      expect(before.state).toBe(from);
      expect(before.history).toEqual([]);
    });
  });

  describe('disallowed transitions', () => {
    it('covers every other state and event pair', () => {
      expect(allowed.length + disallowed.length).toBe(customCloudStates.length * lifecycleEvents.length);
    });

    it.each(disallowed)('refuses %s --%s-->', (state, event) => {
      let error: unknown;
      try {
        transition(cloudIn(state), { type: event, at: '2026-02-01T00:00:00.000Z', actor: 'test' });
      } catch (caught) {
        error = caught;
      }
      expect(ByocError.hasCode(error, 'INVALID_TRANSITION')).toBe(true);
      expect((error as ByocError).message).toContain(`"${event}"`);
      expect((error as ByocError).message).toContain(`"${state}"`);
      expect((error as ByocError).details).toMatchObject({ state, event });
    });
  });

  it('records the errors of the event and clears them on the next one', () => {
    const failed = transition(cloudIn('creating'), {
      type: 'provisioningFailed',
      at: '2026-02-01T00:00:00.000Z',
      actor: 'test',
      errors: [{ category: 'provisioning', code: 'QUOTA', message: 'No capacity.' }],
    });
    expect(failed.errors).toHaveLength(1);
    expect(transition(failed, { type: 'retry', at: '2026-02-01T00:00:01.000Z', actor: 'test' }).errors).toEqual([]);
  });

  it('keeps a cloud without an Admin contact from becoming active', () => {
    const creating = { ...cloudIn('creating'), contacts: [] };
    expect(() => transition(creating, { type: 'provisioned', at: '2026-02-01T00:00:00.000Z', actor: 'test' })).toThrow(
      expect.objectContaining({ code: 'CONTACTS_INVALID' }),
    );
  });
});
