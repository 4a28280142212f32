// Statuspage manage-API records, shaped as its API reference documents them
// (https://developer.statuspage.io/ — "Components", "Component Groups", "Incidents" with
// `incident_updates` and `affected_components`, "Incident Postmortem", "Subscribers", "Incident
// Templates"; the example bodies there, e.g. the incident's `impact: "critical"`, `status:
// "scheduled"`, `postmortem_body`, `scheduled_for`, and a subscriber's `mode: "email"`,
// `quarantined_at`). Small builders: each test makes what it needs.
let n = 0;
const id = (prefix: string) => `${prefix}${(++n).toString(36).padStart(10, '0')}`;

export const PAGE_ID = 'kctbh9vrtdwd';

export function aGroup(overrides: Record<string, unknown> = {}) {
  return {
    id: id('g'),
    page_id: PAGE_ID,
    name: 'Store',
    description: null,
    components: [] as string[],
    position: 1,
    created_at: '2024-01-10T12:00:00.000Z',
    updated_at: '2024-01-10T12:00:00.000Z',
    ...overrides,
  };
}

export function aComponent(overrides: Record<string, unknown> = {}) {
  return {
    id: id('c'),
    page_id: PAGE_ID,
    group_id: null as string | null,
    created_at: '2024-01-10T12:00:00.000Z',
    updated_at: '2024-01-10T12:00:00.000Z',
    group: false,
    name: 'Checkout',
    description: 'Paying for things',
    position: 1,
    status: 'operational',
    showcase: true,
    only_show_if_degraded: false,
    automation_email: 'component+abc@notifications.statuspage.io',
    start_date: '2024-01-10',
    ...overrides,
  };
}

export function anUpdate(overrides: Record<string, unknown> = {}) {
  const at = (overrides.created_at as string | undefined) ?? '2024-03-04T10:05:00.000-06:00';
  return {
    id: id('u'),
    incident_id: 'set-by-anIncident',
    affected_components: null as unknown,
    body: 'We are investigating.',
    created_at: at,
    custom_tweet: null,
    deliver_notifications: true,
    display_at: at,
    status: 'investigating',
    tweet_id: null,
    twitter_updated_at: null,
    updated_at: at,
    wants_twitter_update: false,
    ...overrides,
  };
}

export function anIncident(overrides: Record<string, unknown> = {}, updates: Array<Record<string, unknown>> = [anUpdate()]) {
  const incidentId = (overrides.id as string | undefined) ?? id('i');
  const list: Array<Record<string, unknown>> = updates.map((u) => ({ ...u, incident_id: incidentId }));
  const first = [...list].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))[0];
  return {
    id: incidentId,
    components: [] as unknown[],
    created_at: (first?.created_at as string | undefined) ?? '2024-03-04T10:05:00.000-06:00',
    impact: 'major',
    impact_override: null,
    // Statuspage lists updates newest first.
    incident_updates: [...list].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at))),
    metadata: {},
    monitoring_at: null,
    name: 'Checkout is failing',
    page_id: PAGE_ID,
    postmortem_body: null as string | null,
    postmortem_body_last_updated_at: null as string | null,
    postmortem_ignored: false,
    postmortem_notified_subscribers: false,
    postmortem_notified_twitter: false,
    postmortem_published_at: null as string | null,
    resolved_at: null,
    scheduled_auto_completed: false,
    scheduled_auto_in_progress: false,
    scheduled_for: null as string | null,
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    scheduled_until: null as string | null,
    shortlink: 'http://stspg.io/abc',
    status: 'investigating',
    updated_at: (list[list.length - 1]?.created_at as string | undefined) ?? '2024-03-04T10:05:00.000-06:00',
    started_at: (first?.created_at as string | undefined) ?? '2024-03-04T10:05:00.000-06:00',
    ...overrides,
  };
}

export function aSubscriber(overrides: Record<string, unknown> = {}) {
  return {
    id: id('s'),
    mode: 'email',
    email: `person${n}@example.org`,
    skip_confirmation_notification: false,
    quarantined_at: null as string | null,
    purge_at: null,
    components: [] as string[],
    page_id: PAGE_ID,
    created_at: '2024-02-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aTemplate(overrides: Record<string, unknown> = {}) {
  return {
    id: id('t'),
    components: [] as unknown[],
    name: 'Database failover',
    title: 'Database failover in progress',
    body: 'We are failing over the primary database.',
    group_id: null,
    update_status: 'identified',
    should_tweet: false,
    should_send_notifications: true,
    ...overrides,
  };
}
