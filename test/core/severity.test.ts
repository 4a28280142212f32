import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEVERITY_POLICY,
  impactOf,
  parseSeverity,
  resolveSeverityPolicy,
  SEVERITIES,
  type Severity,
  type SeverityPolicy,
} from '#core/severity';

describe('parseSeverity', () => {
  it.each([
    ['SEV0', 'SEV0'],
    ['SEV1', 'SEV1'],
    ['SEV2', 'SEV2'],
    ['SEV3', 'SEV3'],
    ['SEV4', 'SEV4'],
    ['sev2', 'SEV2'],
    ['Sev3', 'SEV3'],
    ['  SEV1\t', 'SEV1'],
    ['P0', 'SEV0'],
    ['P1', 'SEV1'],
    ['P2', 'SEV2'],
    ['P3', 'SEV3'],
    ['P4', 'SEV4'],
    ['p3', 'SEV3'],
    [' p4 ', 'SEV4'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseSeverity(input)).toBe(expected);
  });

  it.each(['', '   ', 'SEV5', 'P5', 'SEV-1', 'SEV 1', 'S1', 'PP1', '1', 'SEV01', 'P', 'critical', 'xSEV1'])(
    'rejects %j',
    (input) => {
      expect(parseSeverity(input)).toBeUndefined();
    },
  );
});

describe('DEFAULT_SEVERITY_POLICY', () => {
  it.each<[Severity, number | null, SeverityPolicy['update_cadence'], string, SeverityPolicy['postmortem']]>([
    ['SEV0', 5, { kind: 'fixed', minutes: 15 }, 'critical', { requirement: 'required', within_hours: 24 }],
    ['SEV1', 15, { kind: 'fixed', minutes: 30 }, 'critical', { requirement: 'required', within_hours: 48 }],
    ['SEV2', 60, { kind: 'fixed', minutes: 60 }, 'major', { requirement: 'required', within_hours: 48 }],
    ['SEV3', 240, { kind: 'milestones' }, 'minor', { requirement: 'optional', within_hours: 168 }],
    ['SEV4', null, { kind: 'none' }, 'none', { requirement: 'none', within_hours: null }],
  ])('gives %s the contract defaults', (severity, firstResponse, cadence, impact, postmortem) => {
    const policy = DEFAULT_SEVERITY_POLICY[severity];

    expect(policy.first_response_minutes).toBe(firstResponse);
    expect(policy.update_cadence).toEqual(cadence);
    expect(policy.impact).toBe(impact);
    expect(policy.postmortem).toEqual(postmortem);
    expect(policy.meaning).not.toBe('');
  });

  it('has a policy for every severity and nothing else', () => {
    expect(Object.keys(DEFAULT_SEVERITY_POLICY).sort()).toEqual([...SEVERITIES]);
  });

  it('cannot be changed in place', () => {
    const sev0 = DEFAULT_SEVERITY_POLICY.SEV0 as SeverityPolicy;

    expect(() => {
      sev0.impact = 'none';
    }).toThrow(TypeError);
    expect(() => {
      sev0.postmortem.within_hours = 1;
    }).toThrow(TypeError);
  });
});

describe('resolveSeverityPolicy', () => {
  it('returns the defaults when nothing is overridden', () => {
    expect(resolveSeverityPolicy()).toEqual(DEFAULT_SEVERITY_POLICY);
    expect(resolveSeverityPolicy({})).toEqual(DEFAULT_SEVERITY_POLICY);
  });

  it('replaces only the fields an override names', () => {
    // Prepare
    const overrides = { SEV2: { first_response_minutes: 30, impact: 'critical' as const } };

    // Act
    const policy = resolveSeverityPolicy(overrides);

    // Assess
    expect(policy.SEV2).toEqual({
      ...DEFAULT_SEVERITY_POLICY.SEV2,
      first_response_minutes: 30,
      impact: 'critical',
    });
    expect(policy.SEV1).toEqual(DEFAULT_SEVERITY_POLICY.SEV1);
  });

  it('replaces a nested object whole rather than merging into it', () => {
    const policy = resolveSeverityPolicy({
      SEV3: { update_cadence: { kind: 'fixed', minutes: 120 }, postmortem: { requirement: 'none', within_hours: null } },
    });

    expect(policy.SEV3.update_cadence).toEqual({ kind: 'fixed', minutes: 120 });
    expect(policy.SEV3.postmortem).toEqual({ requirement: 'none', within_hours: null });
  });

  it('ignores a field given as undefined', () => {
    const policy = resolveSeverityPolicy({ SEV0: { impact: undefined, meaning: 'everything is on fire' } });

    expect(policy.SEV0.impact).toBe('critical');
    expect(policy.SEV0.meaning).toBe('everything is on fire');
  });

  it('keeps an explicit null (next business day)', () => {
    const policy = resolveSeverityPolicy({ SEV3: { first_response_minutes: null } });

    expect(policy.SEV3.first_response_minutes).toBeNull();
  });

  it('returns objects that can be changed without touching the defaults', () => {
    const policy = resolveSeverityPolicy();

    policy.SEV1.impact = 'none';
    policy.SEV1.postmortem.within_hours = 1;
    Object.assign(policy.SEV1.update_cadence, { minutes: 1 });

    expect(DEFAULT_SEVERITY_POLICY.SEV1.impact).toBe('critical');
    expect(DEFAULT_SEVERITY_POLICY.SEV1.postmortem.within_hours).toBe(48);
    expect(DEFAULT_SEVERITY_POLICY.SEV1.update_cadence).toEqual({ kind: 'fixed', minutes: 30 });
  });
});

describe('impactOf', () => {
  it.each([
    ['SEV0', 'critical'],
    ['SEV1', 'critical'],
    ['SEV2', 'major'],
    ['SEV3', 'minor'],
    ['SEV4', 'none'],
  ] as const)('maps %s to %s by default', (severity, impact) => {
    expect(impactOf(severity)).toBe(impact);
  });

  it('follows a resolved policy', () => {
    const policy = resolveSeverityPolicy({ SEV4: { impact: 'minor' } });

    expect(impactOf('SEV4', policy)).toBe('minor');
  });
});
