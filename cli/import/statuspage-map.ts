// Statuspage's manage API (https://developer.statuspage.io/) to Herald's import records. Pure: the
// fetcher reads, this maps, the importer writes. Every record is mapped on its own; one that cannot
// be is skipped with its reason, never a crash.
//   impact → severity: critical SEV1, major SEV2, minor SEV3, none SEV4 (configurable)
//   incident status `postmortem` (set when a postmortem is published) → resolved
//   an incident with `scheduled_for` is a maintenance window
import { LIMITS, cleanText, timestamp } from './clean';
import type { Mapped, MappedRecord, MappedSubscriber, SkippedRecord } from './records';

export type Severity = 'SEV0' | 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export type SeverityMap = Record<'critical' | 'major' | 'minor' | 'none', Severity>;
export const DEFAULT_SEVERITY_MAP: SeverityMap = { critical: 'SEV1', major: 'SEV2', minor: 'SEV3', none: 'SEV4' };

const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const INCIDENT_STATUSES: Record<string, string> = {
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  postmortem: 'resolved',
};
const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'];

export interface StatuspageData {
  groups: unknown[];
  components: unknown[];
  incidents: unknown[];
  templates: unknown[];
  subscribers: unknown[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

class Skip extends Error {}
const need = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Skip(what);
  return value;
};

export function mapStatuspage(data: StatuspageData, severities: SeverityMap = DEFAULT_SEVERITY_MAP): Mapped {
  const records: MappedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const subscribers: MappedSubscriber[] = [];
  const each = (kind: SkippedRecord['kind'], list: unknown[], map: (raw: Obj, id: string) => void) => {
    for (const raw of list) {
      const id = isObj(raw) ? (str(raw.id) ?? '?') : '?';
      const label = isObj(raw) ? String(str(raw.name) ?? str(raw.email) ?? str(raw.title) ?? id) : id;
      try {
        if (!isObj(raw)) throw new Skip('not an object');
        if (id === '?') throw new Skip('no id');
        map(raw, id);
      } catch (error) {
        skipped.push({ kind, sourceId: id, label, reason: error instanceof Skip ? error.message : `could not be read: ${String(error)}` });
      }
    }
  };

  // Groups, then components (position kept). Group components also appear in /components: once is enough.
  const groupIds = new Set<string>();
  const names = new Map<string, number>();
  /** Names are told apart within their group (the page lists them there). */
  const uniqueName = (name: string, notes: string[], where: string) => {
    const key = `${where}\u0000${name.toLowerCase()}`;
    const seen = names.get(key) ?? 0;
    names.set(key, seen + 1);
    if (seen === 0) return name;
    notes.push(`name: "${name}" is taken; imported as "${name} (${seen + 1})"`);
    return `${name} (${seen + 1})`;
  };
  each('component_group', data.groups, (raw, id) => {
    const notes: string[] = [];
    const name = cleanText(need(str(raw.name), 'no name'), 'name', LIMITS.name);
    const description = raw.description == null ? null : cleanText(raw.description, 'description', LIMITS.description);
    notes.push(...name.notes, ...(description?.notes ?? []));
    const created = timestamp(raw.created_at) ?? need(timestamp(raw.updated_at), 'no created_at');
    groupIds.add(id);
    records.push({
      kind: 'component_group',
      sourceId: id,
      label: name.text,
      notes,
      record: {
        name: uniqueName(name.text, notes, 'groups'),
        description: description?.text || null,
        position: Math.max(0, Math.trunc(Number(raw.position ?? 0)) || 0),
        created_at: created,
        updated_at: timestamp(raw.updated_at) ?? created,
      },
    });
  });
  each('component', data.components, (raw, id) => {
    if (raw.group === true || groupIds.has(id)) return; // a group: imported from /component-groups
    const notes: string[] = [];
    const name = cleanText(need(str(raw.name), 'no name'), 'name', LIMITS.name);
    const description = raw.description == null ? null : cleanText(raw.description, 'description', LIMITS.description);
    notes.push(...name.notes, ...(description?.notes ?? []));
    const status = String(raw.status ?? 'operational');
    if (!COMPONENT_STATUSES.includes(status)) throw new Skip(`unknown status "${status}"`);
    const groupId = str(raw.group_id);
    if (groupId && !groupIds.has(groupId)) notes.push(`group ${groupId} is not among the groups; imported in no group`);
    const created = timestamp(raw.created_at) ?? need(timestamp(raw.updated_at), 'no created_at');
    records.push({
      kind: 'component',
      sourceId: id,
      label: name.text,
      notes,
      record: {
        name: uniqueName(name.text, notes, groupId && groupIds.has(groupId) ? groupId : ''),
        description: description?.text || null,
        group: groupId && groupIds.has(groupId) ? groupId : null,
        status,
        position: Math.max(0, Math.trunc(Number(raw.position ?? 0)) || 0),
        showcase: raw.showcase !== false,
        only_show_if_degraded: raw.only_show_if_degraded === true,
        created_at: created,
        updated_at: timestamp(raw.updated_at) ?? created,
      },
    });
  });

  each('incident', data.incidents, (raw, id) => {
    const maintenance = raw.scheduled_for != null;
    const kind = maintenance ? 'maintenance' : 'incident';
    const notes: string[] = [];
    const title = cleanText(need(str(raw.name), 'no name'), 'name', LIMITS.title);
    notes.push(...title.notes);
    const created = need(timestamp(raw.created_at), 'no created_at');
    const rawUpdates = Array.isArray(raw.incident_updates) ? raw.incident_updates : [];
    const updates: Obj[] = [];
    for (const [index, u] of rawUpdates.entries()) {
      if (!isObj(u)) {
        notes.push(`update ${index + 1}: not an object; left out`);
        continue;
      }
      const uid = str(u.id) ?? `${id}-${index + 1}`;
      const at = timestamp(u.display_at) ?? timestamp(u.created_at);
      const rawStatus = String(u.status ?? '');
      const status = maintenance ? (MAINTENANCE_STATUSES.includes(rawStatus) ? rawStatus : null) : (INCIDENT_STATUSES[rawStatus] ?? null);
      if (!at || !status) {
        notes.push(`update ${uid}: ${!at ? 'no time' : `unknown status "${rawStatus}"`}; left out`);
        continue;
      }
      const body = cleanText(u.body, `update ${uid} body`, LIMITS.message);
      notes.push(...body.notes);
      const changes = (Array.isArray(u.affected_components) ? u.affected_components : []).flatMap((c: unknown) => {
        if (!isObj(c) || !str(c.code)) return [];
        const from = String(c.old_status ?? '');
        const to = String(c.new_status ?? '');
        if (!COMPONENT_STATUSES.includes(from) || !COMPONENT_STATUSES.includes(to)) {
          notes.push(`update ${uid}: component ${String(c.code)} moved between unknown statuses; left out`);
          return [];
        }
        return [{ component: String(c.code), old_status: from, new_status: to }];
      });
      updates.push({
        id: uid,
        status,
        message: body.text || (maintenance ? 'Maintenance update.' : 'Update.'),
        created_at: at,
        notify: u.deliver_notifications === true,
        ...(maintenance ? {} : { components: changes }),
      });
    }
    if (updates.length === 0) throw new Skip('no usable updates');
    updates.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    const updated = timestamp(raw.updated_at) ?? String(updates[updates.length - 1]!.created_at);
    if (maintenance) {
      const from = need(timestamp(raw.scheduled_for), 'no scheduled_for');
      const until = timestamp(raw.scheduled_until) ?? from;
      const components = (Array.isArray(raw.components) ? raw.components : []).flatMap((c: unknown) => (isObj(c) && str(c.id) ? [String(c.id)] : []));
      records.push({
        kind,
        sourceId: id,
        label: `${title.text} (${from.slice(0, 10)})`,
        notes,
        record: {
          title: title.text,
          scheduled_for: from,
          scheduled_until: until < from ? from : until,
          auto_transition: raw.scheduled_auto_transition !== false,
          components,
          created_at: created,
          updated_at: updated,
          updates,
        },
      });
      return;
    }
    const impact = String(raw.impact ?? 'none') as keyof SeverityMap;
    const severity = severities[impact];
    if (!severity) throw new Skip(`unknown impact "${String(raw.impact)}"`);
    let postmortem: Obj | null = null;
    const pmBody = raw.postmortem_body == null ? null : cleanText(raw.postmortem_body, 'postmortem', LIMITS.postmortem);
    if (pmBody && pmBody.text !== '') {
      notes.push(...pmBody.notes);
      const publishedAt = timestamp(raw.postmortem_published_at);
      postmortem = {
        body: pmBody.text,
        published: publishedAt !== null,
        published_at: publishedAt,
        updated_at: timestamp(raw.postmortem_body_last_updated_at) ?? publishedAt ?? updated,
      };
    }
    records.push({
      kind,
      sourceId: id,
      label: `${title.text} (${created.slice(0, 10)})`,
      notes,
      record: {
        title: title.text,
        severity,
        created_at: created,
        updated_at: updated,
        started_at: timestamp(raw.started_at) ?? created,
        updates,
        postmortem,
      },
    });
  });

  each('template', data.templates, (raw, id) => {
    const notes: string[] = [];
    const name = cleanText(need(str(raw.name), 'no name'), 'name', LIMITS.name);
    const title = cleanText(str(raw.title) ?? name.text, 'title', LIMITS.title);
    const body = cleanText(need(str(raw.body), 'no body'), 'body', LIMITS.message);
    notes.push(...name.notes, ...title.notes, ...body.notes);
    const status = INCIDENT_STATUSES[String(raw.update_status ?? 'investigating')] ?? 'investigating';
    const components: Record<string, string> = {};
    for (const c of Array.isArray(raw.components) ? raw.components : []) {
      if (isObj(c) && str(c.id)) components[String(c.id)] = COMPONENT_STATUSES.includes(String(c.status)) && c.status !== 'operational' ? String(c.status) : 'degraded_performance';
    }
    // Herald's templates fill {{…}} placeholders: Statuspage's text has none, so braces are kept apart.
    const safe = (text: string) => text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
    const now = timestamp(raw.updated_at) ?? timestamp(raw.created_at) ?? '1970-01-01T00:00:00.000Z';
    records.push({
      kind: 'template',
      sourceId: id,
      label: name.text,
      notes,
      record: {
        name: name.text,
        kind: 'incident',
        title: safe(title.text),
        status,
        body: safe(body.text),
        components,
        severity: null,
        notify: raw.should_send_notifications !== false,
        created_at: timestamp(raw.created_at) ?? now,
        updated_at: now,
      },
    });
  });

  each('subscriber', data.subscribers, (raw, id) => {
    const mode = String(raw.mode ?? 'email');
    if (mode !== 'email') throw new Skip(`a ${mode} subscriber (Herald mails only)`);
    const email = need(str(raw.email), 'no email address');
    if (raw.quarantined_at != null) throw new Skip(`quarantined since ${String(raw.quarantined_at)}`);
    const components = (Array.isArray(raw.components) ? raw.components : []).flatMap((c: unknown) =>
      typeof c === 'string' ? [c] : isObj(c) && str(c.id) ? [String(c.id)] : [],
    );
    subscribers.push({ sourceId: id, email, components });
  });

  return { records, subscribers, skipped };
}

/** `critical=SEV0,major=SEV2` → a severity map over the defaults; throws on anything else. */
export function parseSeverityMap(text: string | undefined): SeverityMap {
  const out = { ...DEFAULT_SEVERITY_MAP };
  if (!text) return out;
  for (const pair of text.split(',')) {
    const [impact, severity] = pair.split('=').map((s) => s.trim());
    if (!impact || !(impact in out) || !severity || !/^(SEV|P)[0-4]$/.test(severity.toUpperCase())) {
      throw new Error(`"${pair}" is not impact=severity (impacts: critical, major, minor, none; severities SEV0–SEV4)`);
    }
    out[impact as keyof SeverityMap] = severity.toUpperCase().replace(/^P/, 'SEV') as Severity;
  }
  return out;
}
