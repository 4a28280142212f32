// How the CLI shows Herald's records: status colours, the incident and component tables.
import type { Component, Incident } from '../api-types';
import type { CliContext } from '../context';
import { table } from './table';
import { localTime, relative } from './time';

export function statusStyle(ctx: CliContext): (status: string) => string {
  const { red, yellow, green, blue } = ctx.paint;
  return (status) => {
    if (/major_outage|critical|investigating|overdue/i.test(status)) return red(status);
    if (/partial_outage|degraded|identified|major|minor/i.test(status)) return yellow(status);
    if (/operational|resolved|completed|none/i.test(status)) return green(status);
    if (/maintenance|monitoring|scheduled|in_progress|verifying/i.test(status)) return blue(status);
    return status;
  };
}

/** "2026-12-03 15:20 CET (in 25 min)", or OVERDUE when the API says so. */
export function nextUpdateDue(incident: Incident, ctx: CliContext): string {
  if (incident.status === 'resolved') return '—';
  const due = incident.next_update_due_at ?? incident.next_update_at;
  if (!due) return 'no fixed cadence';
  const when = `${localTime(due)} (${relative(due, ctx.now())})`;
  return incident.overdue ? `OVERDUE ${when}` : when;
}

export function incidentTable(incidents: readonly Incident[], ctx: CliContext, withDue: boolean): string {
  const style = statusStyle(ctx);
  return table(
    incidents,
    [
      { header: 'ID', value: (i) => i.id },
      { header: 'SEV', value: (i) => i.severity },
      { header: 'STATUS', value: (i) => i.status, style },
      { header: 'STARTED', value: (i) => localTime(i.started_at) },
      ...(withDue ? [{ header: 'NEXT UPDATE DUE', value: (i: Incident) => nextUpdateDue(i, ctx), style: (t: string) => (t.startsWith('OVERDUE') ? ctx.paint.red(t) : t) }] : []),
      { header: 'TITLE', value: (i) => i.title },
    ],
    ctx.paint.bold,
  );
}

/** `nested`: the whole list, a group's components indented under it; else each with its group's name. */
export function componentTable(components: readonly Component[], ctx: CliContext, nested = true): string {
  return table(
    components,
    [
      { header: 'ID', value: (c) => c.id },
      {
        header: 'NAME',
        value: (c) => (!nested ? (c.group_name ? `${c.group_name} / ${c.name}` : c.name) : c.group_id ? `  ${c.name}` : c.is_group ? `${c.name} (group)` : c.name),
      },
      { header: 'STATUS', value: (c) => c.status, style: statusStyle(ctx) },
    ],
    ctx.paint.bold,
  );
}
