import { describe, expect, it } from 'vitest';
import { nextUpdateDue, overdueSince, postmortemStanding, promiseKept, updatePromise } from '#core/cadence';
import type { IncidentStatus } from '#core/incident-lifecycle';
import { DEFAULT_SEVERITY_POLICY as POLICY } from '#core/severity';

const anIncident = (over: { status?: IncidentStatus; last_update_at?: string } = {}) => ({
  status: 'investigating' as IncidentStatus,
  last_update_at: '2026-11-27T09:00:00.000Z',
  ...over,
});

describe('nextUpdateDue', () => {
  it('is the last update plus the fixed cadence for an open incident', () => {
    expect(nextUpdateDue(anIncident(), POLICY.SEV1)).toBe('2026-11-27T09:30:00.000Z');
    expect(nextUpdateDue(anIncident({ status: 'monitoring' }), POLICY.SEV0)).toBe('2026-11-27T09:15:00.000Z');
  });

  it('is null for a resolved incident and for cadences "at milestones" and "none"', () => {
    expect(nextUpdateDue(anIncident({ status: 'resolved' }), POLICY.SEV1)).toBeNull();
    expect(nextUpdateDue(anIncident(), POLICY.SEV3)).toBeNull();
    expect(nextUpdateDue(anIncident(), POLICY.SEV4)).toBeNull();
  });
});

describe('overdueSince', () => {
  it('is null before the next update is due', () => {
    expect(overdueSince(anIncident(), POLICY.SEV2, '2026-11-27T09:59:59.999Z')).toBeNull();
  });

  it('is the due time from that moment on', () => {
    expect(overdueSince(anIncident(), POLICY.SEV2, '2026-11-27T10:00:00.000Z')).toBe('2026-11-27T10:00:00.000Z');
    expect(overdueSince(anIncident(), POLICY.SEV2, '2026-11-27T13:00:00.000Z')).toBe('2026-11-27T10:00:00.000Z');
  });

  it('starts a new spell from the next update', () => {
    const later = anIncident({ last_update_at: '2026-11-27T10:05:00.000Z' });
    expect(overdueSince(later, POLICY.SEV2, '2026-11-27T10:30:00.000Z')).toBeNull();
    expect(overdueSince(later, POLICY.SEV2, '2026-11-27T11:05:00.000Z')).toBe('2026-11-27T11:05:00.000Z');
  });

  it('never holds for resolved incidents or milestone cadences', () => {
    expect(overdueSince(anIncident({ status: 'resolved' }), POLICY.SEV0, '2026-11-28T00:00:00Z')).toBeNull();
    expect(overdueSince(anIncident(), POLICY.SEV3, '2026-11-28T00:00:00Z')).toBeNull();
  });

  it('follows an overridden cadence', () => {
    const policy = { update_cadence: { kind: 'fixed' as const, minutes: 5 } };
    expect(overdueSince(anIncident(), policy, '2026-11-27T09:05:00.000Z')).toBe('2026-11-27T09:05:00.000Z');
  });
});

describe('postmortemStanding', () => {
  const resolved = (over: { published?: boolean } = {}) => ({
    status: 'resolved' as IncidentStatus,
    resolved_at: '2026-11-27T10:00:00.000Z',
    postmortem: over.published === undefined ? null : { published: over.published },
  });

  it('is due within the severity deadline, then overdue', () => {
    expect(postmortemStanding(resolved(), POLICY.SEV1, '2026-11-29T09:59:59Z')).toEqual({
      state: 'due',
      requirement: 'required',
      due_at: '2026-11-29T10:00:00.000Z',
    });
    expect(postmortemStanding(resolved(), POLICY.SEV0, '2026-11-28T10:00:00Z').state).toBe('overdue');
  });

  it('is published once published, whatever the time', () => {
    expect(postmortemStanding(resolved({ published: true }), POLICY.SEV0, '2027-01-01T00:00:00Z').state).toBe('published');
    expect(postmortemStanding(resolved({ published: false }), POLICY.SEV0, '2027-01-01T00:00:00Z').state).toBe('overdue');
  });

  it('is never overdue when optional or not required, and has no clock while open', () => {
    expect(postmortemStanding(resolved(), POLICY.SEV3, '2027-01-01T00:00:00Z')).toMatchObject({ state: 'optional', due_at: '2026-12-04T10:00:00.000Z' });
    expect(postmortemStanding(resolved(), POLICY.SEV4, '2027-01-01T00:00:00Z')).toMatchObject({ state: 'not_required', due_at: null });
    expect(postmortemStanding({ status: 'monitoring', resolved_at: null, postmortem: null }, POLICY.SEV1, '2027-01-01T00:00:00Z')).toMatchObject({
      state: 'open',
      due_at: null,
    });
  });
});

describe('the "next update by" promise', () => {
  const promised = (next_update_at: string | null) => ({ ...anIncident(), next_update_at });

  it('is when the next update is due, over the cadence', () => {
    expect(nextUpdateDue(promised('2026-11-27T09:10:00.000Z'), POLICY.SEV1)).toBe('2026-11-27T09:10:00.000Z');
    expect(nextUpdateDue(promised('2026-11-27T11:00:00.000Z'), POLICY.SEV3)).toBe('2026-11-27T11:00:00.000Z');
    expect(nextUpdateDue({ ...promised('2026-11-27T09:10:00.000Z'), status: 'resolved' }, POLICY.SEV1)).toBeNull();
  });

  it('falls back to the cadence when the incident carries none', () => {
    expect(nextUpdateDue(promised(null), POLICY.SEV1)).toBe('2026-11-27T09:30:00.000Z');
  });

  it('is broken only once now is past it (an update at the promised minute keeps it)', () => {
    const incident = promised('2026-11-27T09:10:00.000Z');
    expect(overdueSince(incident, POLICY.SEV1, '2026-11-27T09:10:00.000Z')).toBeNull();
    expect(overdueSince(incident, POLICY.SEV1, '2026-11-27T09:10:00.001Z')).toBe('2026-11-27T09:10:00.000Z');
    expect(promiseKept('2026-11-27T09:10:00.000Z', '2026-11-27T09:10:00.000Z')).toBe(true);
    expect(promiseKept('2026-11-27T09:10:00.000Z', '2026-11-27T09:10:00.001Z')).toBe(false);
  });
});

describe('updatePromise', () => {
  const at = '2026-11-27T09:00:00.000Z';

  it("defaults to the update's time + the fixed cadence, none for milestones and none once resolved", () => {
    expect(updatePromise({ status: 'investigating', at, policy: POLICY.SEV0 })).toEqual({ ok: true, next_update_at: '2026-11-27T09:15:00.000Z' });
    expect(updatePromise({ status: 'monitoring', at, policy: POLICY.SEV3 })).toEqual({ ok: true, next_update_at: null });
    expect(updatePromise({ status: 'resolved', at, policy: POLICY.SEV0 })).toEqual({ ok: true, next_update_at: null });
  });

  it('takes a time after `at` and at most 24 h ahead, in UTC', () => {
    expect(updatePromise({ status: 'identified', at, requested: '2026-11-27T11:30:00+01:00', policy: POLICY.SEV1 })).toEqual({
      ok: true,
      next_update_at: '2026-11-27T10:30:00.000Z',
    });
    expect(updatePromise({ status: 'identified', at, requested: '2026-11-28T09:00:00Z', policy: POLICY.SEV1 }).ok).toBe(true);
  });

  it('refuses one not in the future, too far ahead, unreadable, or on a resolved update', () => {
    for (const requested of [at, '2026-11-27T08:59:59Z', '2026-11-28T09:00:00.001Z', 'later']) {
      expect(updatePromise({ status: 'identified', at, requested, policy: POLICY.SEV1 }).ok, requested).toBe(false);
    }
    expect(updatePromise({ status: 'resolved', at, requested: '2026-11-27T10:00:00Z', policy: POLICY.SEV1 })).toEqual({
      ok: false,
      reason: 'a resolved update promises no next update',
    });
  });
});
