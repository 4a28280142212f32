// Cachet 3's JSON:API (cachethq/core, src/Http/Resources/*.php) to Herald's import records. Pure:
// fetch-cachet.ts reads, this maps, write-records.ts writes. A record that cannot be mapped is
// skipped with its reason, never a crash.
//   Cachet's times are wall-clock strings ("2024-03-04 10:05:00") with no zone: they are read in
//   the instance's zone (--time-zone, IANA) and written as UTC.
//   component status 1 operational, 2 performance issues → degraded_performance, 3 partial outage,
//     4 major outage; 5 (Cachet 3's "unknown") → operational, with a note
//   incident status 1 investigating, 2 identified, 3 watching → monitoring, 4 fixed → resolved;
//     0 (unknown/scheduled) carries no state: such an update is left out, with a note
//   schedule status 0 upcoming, 1 in progress, 2 complete → a maintenance window
//   Cachet has no severity: incidents get --severity (default SEV3)
import { LIMITS, cleanText } from './clean';
import type { Mapped, MappedRecord, MappedSubscriber, SkippedRecord } from './records';

/** One JSON:API resource object. */
export interface JsonApiResource {
  id?: unknown;
  type?: unknown;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown }>;
}

export interface CachetData {
  groups: unknown[];
  components: unknown[];
  incidents: unknown[];
  schedules: unknown[];
  subscribers: unknown[];
  /** Every `included` resource of every answer. */
  included: unknown[];
}

export const COMPONENT_STATUS: Record<number, string> = { 1: 'operational', 2: 'degraded_performance', 3: 'partial_outage', 4: 'major_outage' };
export const INCIDENT_STATUS: Record<number, string> = { 1: 'investigating', 2: 'identified', 3: 'monitoring', 4: 'resolved' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

class Skip extends Error {}
const need = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Skip(what);
  return value;
};

/** Throws a RangeError when `zone` is not an IANA time zone. */
export function checkTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

/** The zone's offset from UTC (ms) at the instant `ms`. */
function offsetAt(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

/**
 * A Cachet time as ISO 8601 UTC: `{string: "Y-m-d H:i:s"}` or a bare string, read as wall-clock
 * time in `zone`; a string that carries its own offset keeps it. Null when absent or unreadable.
 */
export function cachetTime(value: unknown, zone: string): string | null {
  const text = isObj(value) ? value.string : value;
  if (typeof text !== 'string' || text.trim() === '') return null;
  const t = text.trim();
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(t) && /\d[T ]\d/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  // The instant whose wall-clock time in `zone` is `wall` (twice over: the offset may differ there).
  let ms = wall - offsetAt(zone, wall);
  ms = wall - offsetAt(zone, ms);
  return new Date(ms).toISOString();
}

/** `status` as Cachet writes it: a number, or `{human, value}`. */
function statusValue(v: unknown): number | null {
  const raw = isObj(v) ? v.value : v;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** The ids a relationship names (`{data: {type, id}}` or `{data: [{type, id}, …]}`). */
function related(resource: JsonApiResource, name: string): Array<{ type: string; id: string }> {
  const data = resource.relationships?.[name]?.data;
  const list = Array.isArray(data) ? data : data ? [data] : [];
  return list.flatMap((d: unknown) => (isObj(d) && str(d.id) ? [{ type: String(d.type ?? ''), id: str(d.id)! }] : []));
}

export function mapCachet(data: CachetData, options: { timeZone: string; severity?: string }): Mapped {
  const zone = options.timeZone;
  const time = (v: unknown) => cachetTime(v, zone);
  const severity = options.severity ?? 'SEV3';
  const records: MappedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const subscribers: MappedSubscriber[] = [];
  const included = new Map<string, JsonApiResource>();
  for (const r of data.included) if (isObj(r) && str(r.id)) included.set(`${String(r.type ?? '')}#${str(r.id)}`, r as JsonApiResource);

  const each = (kind: SkippedRecord['kind'], list: unknown[], map: (raw: JsonApiResource, a: Obj, id: string) => void) => {
    for (const raw of list) {
      const a = isObj(raw) && isObj(raw.attributes) ? raw.attributes : {};
      const id = isObj(raw) ? (str(raw.id) ?? '?') : '?';
      const label = String(str(a.name) ?? str(a.email) ?? id);
      try {
        if (!isObj(raw)) throw new Skip('not an object');
        if (id === '?') throw new Skip('no id');
        map(raw as JsonApiResource, a, id);
      } catch (error) {
        skipped.push({ kind, sourceId: id, label, reason: error instanceof Skip ? error.message : `could not be read: ${String(error)}` });
      }
    }
  };
  const position = (v: unknown) => Math.max(0, Math.trunc(Number(v ?? 0)) || 0);
  const names = new Map<string, number>();
  const uniqueName = (name: string, notes: string[], where: string) => {
    const key = `${where}\u0000${name.toLowerCase()}`;
    const seen = names.get(key) ?? 0;
    names.set(key, seen + 1);
    if (seen === 0) return name;
    notes.push(`name: "${name}" is taken; imported as "${name} (${seen + 1})"`);
    return `${name} (${seen + 1})`;
  };

  const groupIds = new Set<string>();
  each('component_group', data.groups, (_raw, a, id) => {
    const name = cleanText(need(str(a.name), 'no name'), 'name', LIMITS.name);
    const notes = [...name.notes];
    const created = time(a.created) ?? need(time(a.updated), 'no created time');
    groupIds.add(id);
    records.push({
      kind: 'component_group',
      sourceId: id,
      label: name.text,
      notes,
      record: { name: uniqueName(name.text, notes, 'groups'), description: null, position: position(a.order), created_at: created, updated_at: time(a.updated) ?? created },
    });
  });

  const componentIds = new Set<string>();
  each('component', data.components, (raw, a, id) => {
    const name = cleanText(need(str(a.name), 'no name'), 'name', LIMITS.name);
    const description = a.description == null ? null : cleanText(a.description, 'description', LIMITS.description);
    const notes = [...name.notes, ...(description?.notes ?? [])];
    const code = statusValue(a.status ?? 1);
    let status = code === null ? undefined : COMPONENT_STATUS[code];
    if (code === 5) {
      status = 'operational';
      notes.push('status 5 (unknown in Cachet) imported as operational');
    }
    if (!status) throw new Skip(`unknown status ${JSON.stringify(a.status)}`);
    const groupId = related(raw, 'group')[0]?.id ?? str(a.component_group_id);
    const inGroup = groupId !== null && groupIds.has(groupId);
    if (groupId && !inGroup) notes.push(`group ${groupId} is not among the groups; imported in no group`);
    const created = time(a.created) ?? need(time(a.updated), 'no created time');
    componentIds.add(id);
    records.push({
      kind: 'component',
      sourceId: id,
      label: name.text,
      notes,
      record: {
        name: uniqueName(name.text, notes, inGroup ? groupId : ''),
        description: description?.text || null,
        group: inGroup ? groupId : null,
        status,
        position: position(a.order),
        showcase: a.enabled !== false,
        created_at: created,
        updated_at: time(a.updated) ?? created,
      },
    });
  });

  each('incident', data.incidents, (raw, a, id) => {
    const title = cleanText(need(str(a.name), 'no name'), 'name', LIMITS.title);
    const notes = [...title.notes];
    const created = need(time(a.occurred) ?? time(a.created), 'no occurred or created time');
    const latest = statusValue(a.status);
    const updates: Obj[] = [];
    const add = (uid: string, code: number | null, message: unknown, at: string | null) => {
      const status = code === null ? undefined : INCIDENT_STATUS[code];
      if (!at || !status) {
        notes.push(`update ${uid}: ${!at ? 'no time' : `status ${code === 0 ? '0 (unknown or scheduled)' : JSON.stringify(code)} carries no state`}; left out`);
        return;
      }
      const body = cleanText(message, `update ${uid} body`, LIMITS.message);
      notes.push(...body.notes);
      updates.push({ id: uid, status, message: body.text || 'Update.', created_at: at, notify: false });
    };
    const later = related(raw, 'updates').flatMap((ref) => {
      const u = included.get(`${ref.type}#${ref.id}`);
      if (!u) notes.push(`update ${ref.id}: not among the included resources; left out`);
      return u ? [{ ref, u, a: isObj(u.attributes) ? u.attributes : {} }] : [];
    });
    // The incident's own message is its first update; its status, when later updates follow, is
    // not kept by Cachet's API (it gives the latest): investigating.
    add(`incident-${id}`, later.length > 0 ? 1 : latest, a.message, created);
    for (const { ref, a: ua } of later) add(ref.id, statusValue(ua.status), ua.message, time(ua.created));
    if (updates.length === 0) throw new Skip(latest === 0 ? 'status 0 (unknown or scheduled): not an incident' : 'no usable updates');
    updates.sort((x, y) => String(x.created_at).localeCompare(String(y.created_at)));
    const updated = time(a.updated) ?? String(updates[updates.length - 1]!.created_at);
    records.push({
      kind: 'incident',
      sourceId: id,
      label: `${title.text} (${created.slice(0, 10)})`,
      notes,
      record: { title: title.text, severity, created_at: created, updated_at: updated < created ? created : updated, started_at: created, updates, postmortem: null },
    });
  });

  each('maintenance', data.schedules, (raw, a, id) => {
    const title = cleanText(need(str(a.name), 'no name'), 'name', LIMITS.title);
    const message = cleanText(a.message, 'message', LIMITS.message);
    const notes = [...title.notes, ...message.notes];
    const from = need(time(a.scheduled), 'no scheduled time');
    const code = statusValue(a.status);
    if (code === null || code < 0 || code > 2) throw new Skip(`unknown status ${JSON.stringify(a.status)}`);
    const completed = time(a.completed);
    const until = completed && completed > from ? completed : from;
    const created = time(a.created) ?? from;
    const text = message.text || 'Scheduled maintenance.';
    const updates: Obj[] = [{ id: `schedule-${id}`, status: 'scheduled', message: text, created_at: created < from ? created : from, notify: false }];
    if (code >= 1) updates.push({ id: `schedule-${id}-started`, status: 'in_progress', message: 'Maintenance started.', created_at: from, notify: false });
    if (code === 2) updates.push({ id: `schedule-${id}-completed`, status: 'completed', message: 'Maintenance completed.', created_at: until, notify: false });
    if (code === 2 && !completed) notes.push('complete, with no completed time: ends when it starts');
    records.push({
      kind: 'maintenance',
      sourceId: id,
      label: `${title.text} (${from.slice(0, 10)})`,
      notes,
      record: {
        title: title.text,
        scheduled_for: from,
        scheduled_until: until,
        auto_transition: code < 2,
        components: related(raw, 'components').map((c) => c.id).filter((c) => componentIds.has(c)),
        created_at: created < from ? created : from,
        updated_at: time(a.updated) ?? until,
        updates,
      },
    });
  });

  each('subscriber', data.subscribers, (raw, a, id) => {
    const email = need(str(a.email), 'no email address');
    if (a.verified === false) throw new Skip('never verified their address');
    subscribers.push({ sourceId: id, email, components: a.global === true ? [] : related(raw, 'components').map((c) => c.id) });
  });

  return { records, subscribers, skipped };
}
