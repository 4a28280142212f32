// Which outputs a change touches, so that the publisher re-renders only those. Pure.
//
// History pages are months (`/history/2026-11/`: the incidents declared that UTC month), so an
// incident is on one page for good and a change to it touches that page only, however long the
// history is. The landing (`/history/`) goes with the index. A maintenance window is listed, once
// completed, on the page of the month it was scheduled to start in.
import type { SiteData } from './site-data.ts';
import { maintenanceMonth, monthOf } from './site-data.ts';

export interface PageSelection {
  /** The index and the history landing (`/history/`). */
  index: boolean;
  incidentIds: string[];
  /** Month pages, `YYYY-MM`; 'all' is every month of historyMonths (and the landing). */
  historyPages: 'all' | string[];
  feeds: boolean;
  json: boolean;
  /** The 404 page and the hashed assets; only a config change (or 'all') needs them again. */
  notFound?: boolean;
  /** /maintenance.ics: a maintenance change (or 'all') writes it. The badges go with `json`. */
  calendar?: boolean;
}

export type SiteChange =
  /** `created` is accepted and ignored: a new incident lands on its own month's page and moves no
   * other (it was what shifted every numbered page once). */
  /** `previousMonth`: the history month it was listed in before this change, when it left it
   * (its declaration time or window start moved to another month, or it was deleted). */
  | { kind: 'incident'; id: string; created?: boolean; previousMonth?: string }
  | { kind: 'maintenance'; id: string; previousMonth?: string }
  /** `renamed`: its name (or existence) changed, so the pages naming it change too. */
  | { kind: 'component'; id: string; renamed?: boolean }
  /** The page config (name, links, accent…): every page. */
  | { kind: 'config' };

export const NOTHING: PageSelection = { index: false, incidentIds: [], historyPages: [], feeds: false, json: false };

function touchedBy(change: SiteChange, data: SiteData): PageSelection {
  switch (change.kind) {
    case 'config':
      return { index: true, incidentIds: data.incidents.map((i) => i.id), historyPages: 'all', feeds: true, json: true, notFound: true, calendar: true };
    case 'maintenance': {
      // Its month's history page lists it once it completes, and the feeds carry it.
      const maintenance = data.maintenances.find((m) => m.id === change.id);
      const monthsOf = [...(maintenance === undefined ? [] : [maintenanceMonth(maintenance)]), ...left(change)];
      return { ...NOTHING, index: true, json: true, feeds: true, calendar: true, historyPages: monthsOf };
    }
    case 'component': {
      if (change.renamed !== true) return { ...NOTHING, index: true, json: true };
      const naming = data.incidents.filter((i) => i.component_ids.includes(change.id));
      return {
        ...NOTHING,
        index: true,
        json: true,
        incidentIds: naming.map((i) => i.id),
        historyPages: naming.map((i) => monthOf(i.created_at)),
      };
    }
    case 'incident': {
      const incident = data.incidents.find((i) => i.id === change.id);
      return {
        index: true,
        incidentIds: incident === undefined ? [] : [incident.id],
        historyPages: [...(incident === undefined ? [] : [monthOf(incident.created_at)]), ...left(change)],
        feeds: true,
        json: true,
      };
    }
  }
}

/** The month a changed record left, if any. */
function left(change: { previousMonth?: string }): string[] {
  return change.previousMonth === undefined ? [] : [change.previousMonth];
}

/** Newest first, each once. */
function months(list: ReadonlyArray<string>): string[] {
  return [...new Set(list)].sort().reverse();
}

function union(a: PageSelection, b: PageSelection): PageSelection {
  return {
    index: a.index || b.index,
    incidentIds: [...new Set([...a.incidentIds, ...b.incidentIds])],
    historyPages: a.historyPages === 'all' || b.historyPages === 'all' ? 'all' : months([...a.historyPages, ...b.historyPages]),
    feeds: a.feeds || b.feeds,
    json: a.json || b.json,
    notFound: a.notFound === true || b.notFound === true,
    ...(a.calendar === true || b.calendar === true ? { calendar: true } : {}),
  };
}

/**
 * The pages one change, or a batch of them, touches: an incident change touches the index and the
 * history landing, its page, the month page listing it (monthOf its `created_at`), the feeds and
 * the JSON files. `data` needs only the changed incidents (and, for a renamed component, those
 * naming it); an incident it lacks touches no page of its own.
 */
export function pagesTouchedBy(change: SiteChange | ReadonlyArray<SiteChange>, data: SiteData): PageSelection {
  const changes = Array.isArray(change) ? (change as ReadonlyArray<SiteChange>) : [change as SiteChange];
  return changes.reduce<PageSelection>((acc, c) => union(acc, touchedBy(c, data)), { ...NOTHING });
}
