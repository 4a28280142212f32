// Severities, their public impact, and the response policy each one carries (CONTRACT §1).

/** Most severe first: SEV0 is all hands. */
export const SEVERITIES = ['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Statuspage's incident impact, least to most severe (compare by index). */
export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

const SEVERITY_INPUT = /^(?:SEV|P)([0-4])$/i;

/** `SEV2`, `sev2`, ` P2 ` → `SEV2`; anything else → undefined. */
export function parseSeverity(input: string): Severity | undefined {
  const match = SEVERITY_INPUT.exec(input.trim());
  return match ? SEVERITIES[Number(match[1])] : undefined;
}

export type UpdateCadence =
  | { kind: 'fixed'; minutes: number }
  | { kind: 'milestones' }
  | { kind: 'none' };

export interface PostmortemPolicy {
  requirement: 'required' | 'optional' | 'none';
  within_hours: number | null;
}

export interface SeverityPolicy {
  meaning: string;
  /** Minutes until a first response is due; null means the next business day. */
  first_response_minutes: number | null;
  update_cadence: UpdateCadence;
  impact: Impact;
  postmortem: PostmortemPolicy;
}

function policy(p: SeverityPolicy): Readonly<SeverityPolicy> {
  Object.freeze(p.update_cadence);
  Object.freeze(p.postmortem);
  return Object.freeze(p);
}

/** CONTRACT §1's table, verbatim. Frozen: overrides go through resolveSeverityPolicy. */
export const DEFAULT_SEVERITY_POLICY: Readonly<Record<Severity, SeverityPolicy>> = Object.freeze({
  SEV0: policy({
    meaning: 'catastrophic, all hands',
    first_response_minutes: 5,
    update_cadence: { kind: 'fixed', minutes: 15 },
    impact: 'critical',
    postmortem: { requirement: 'required', within_hours: 24 },
  }),
  SEV1: policy({
    meaning: 'complete outage, data loss, security breach',
    first_response_minutes: 15,
    update_cadence: { kind: 'fixed', minutes: 30 },
    impact: 'critical',
    postmortem: { requirement: 'required', within_hours: 48 },
  }),
  SEV2: policy({
    meaning: 'major feature broken, many users',
    first_response_minutes: 60,
    update_cadence: { kind: 'fixed', minutes: 60 },
    impact: 'major',
    postmortem: { requirement: 'required', within_hours: 48 },
  }),
  SEV3: policy({
    meaning: 'minor feature broken, workaround exists',
    first_response_minutes: 240,
    update_cadence: { kind: 'milestones' },
    impact: 'minor',
    postmortem: { requirement: 'optional', within_hours: 168 },
  }),
  SEV4: policy({
    meaning: 'cosmetic, no user impact',
    first_response_minutes: null,
    update_cadence: { kind: 'none' },
    impact: 'none',
    postmortem: { requirement: 'none', within_hours: null },
  }),
});

export type SeverityPolicyOverrides = Partial<Record<Severity, Partial<SeverityPolicy>>>;

/**
 * The defaults with a deployment's overrides applied: a shallow merge per severity, so a nested
 * object (`update_cadence`, `postmortem`) given in an override replaces the default one whole.
 * Keys whose value is undefined are ignored. The result shares nothing with the defaults.
 */
export function resolveSeverityPolicy(
  overrides: SeverityPolicyOverrides = {},
): Record<Severity, SeverityPolicy> {
  const entries = SEVERITIES.map((severity) => {
    const given = Object.entries(overrides[severity] ?? {}).filter(([, v]) => v !== undefined);
    const merged: SeverityPolicy = {
      ...DEFAULT_SEVERITY_POLICY[severity],
      ...(Object.fromEntries(given) as Partial<SeverityPolicy>),
    };
    return [
      severity,
      { ...merged, update_cadence: { ...merged.update_cadence }, postmortem: { ...merged.postmortem } },
    ] as const;
  });
  return Object.fromEntries(entries) as Record<Severity, SeverityPolicy>;
}

/** The public impact an incident of this severity shows (Statuspage's `impact`). */
export function impactOf(
  severity: Severity,
  policies: Readonly<Record<Severity, SeverityPolicy>> = DEFAULT_SEVERITY_POLICY,
): Impact {
  return policies[severity].impact;
}
