// Everything a restore needs, a page at a time, as stored (GET /v1/exports/{kind}): components with
// their status history, incidents with their updates and internal timelines, maintenance windows
// with their updates, templates, and (only when asked for) confirmed subscribers.
import { ValidationError } from '#core/errors';
import type { IncidentWithUpdates } from '#core/model';
import type { TimelineEvent } from '#core/timeline';
import type { AppDeps } from '../deps';

export const EXPORT_KINDS = ['components', 'incidents', 'maintenances', 'templates', 'subscribers'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportPage {
  kind: ExportKind;
  records: unknown[];
  /** Pass back as `cursor` for the next page; null on the last. */
  next_cursor: string | null;
}

export type ExportedIncident = IncidentWithUpdates & { timeline: TimelineEvent[] };

const INCIDENTS_PER_PAGE = 100;
const SUBSCRIBERS_PER_PAGE = 1000;

export async function exportRecords(deps: AppDeps, kind: ExportKind, cursor: string | null): Promise<ExportPage> {
  const { store } = deps;
  switch (kind) {
    case 'components': {
      const components = await store.components.list();
      const records = await Promise.all(components.map(async (c) => ({ ...c, history: await store.imports.componentHistory(c.id) })));
      return { kind, records, next_cursor: null };
    }
    case 'incidents': {
      const before = cursor === null ? undefined : decodePosition(cursor);
      const incidents = await store.incidents.list('all', INCIDENTS_PER_PAGE, before);
      const records: ExportedIncident[] = await Promise.all(incidents.map(async (i) => ({ ...i, timeline: await store.timeline.list(i.id) })));
      const last = incidents[incidents.length - 1];
      return { kind, records, next_cursor: incidents.length === INCIDENTS_PER_PAGE && last ? encodePosition(last.created_at, last.id) : null };
    }
    case 'maintenances':
      return { kind, records: await store.maintenances.list(), next_cursor: null };
    case 'templates':
      return { kind, records: (await store.templates.list()).templates, next_cursor: null };
    case 'subscribers': {
      const page = await store.subscribers.page('confirmed', SUBSCRIBERS_PER_PAGE, cursor);
      const records = page.subscribers.map((s) => ({ email: s.email, components: s.components, created_at: s.created_at, confirmed_at: s.confirmed_at }));
      return { kind, records, next_cursor: page.cursor };
    }
  }
}

function encodePosition(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodePosition(cursor: string): { created_at: string; id: string } {
  try {
    const [created_at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof created_at === 'string' && typeof id === 'string') return { created_at, id };
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('The cursor is not one this API gave.', [{ path: 'cursor', message: 'not a cursor from this API' }]);
}
