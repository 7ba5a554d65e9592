import { describe, expect, it } from 'vitest';
import { auditEntryId, auditEntryIdPattern } from './audit-entry.js';

describe('auditEntryId', () => {
  it('sorts ids of one millisecond in the order they were made, and ids of different times by time', () => {
    const at = '2026-12-07T03:00:00.000Z';
    const sameMillisecond = Array.from({ length: 2_000 }, () => auditEntryId(at));
    expect([...sameMillisecond].sort()).toEqual(sameMillisecond);
    expect(new Set(sameMillisecond).size).toBe(2_000);
    const later = auditEntryId('2026-12-07T03:00:00.001Z');
    const earlier = auditEntryId('2026-12-07T02:59:59.999Z');
    expect([later, earlier, ...sameMillisecond].sort()).toEqual([earlier, ...sameMillisecond, later]);
    for (const id of [later, earlier, ...sameMillisecond]) expect(id).toMatch(auditEntryIdPattern);
  });

  it('keeps the order of a millisecond whose ids were interleaved with another', () => {
    const first = auditEntryId('2026-12-07T04:00:00.000Z');
    auditEntryId('2026-12-07T04:00:00.005Z');
    const second = auditEntryId('2026-12-07T04:00:00.000Z');
    expect(first < second).toBe(true);
  });
});
