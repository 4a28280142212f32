// Which outputs a change touches, so that the publisher re-renders only those. Pure.
import type { SiteData } from './site-data.ts';
import { HISTORY_PAGE_SIZE, historyPageAt, historyPageCount, incidentsNewestFirst } from './site-data.ts';

export interface PageSelection {
  index: boolean;
  incidentIds: string[];
  /** 1-based history page numbers. */
  historyPages: 'all' | number[];
  feeds: boolean;
  json: boolean;
  /** The 404 page and the hashed assets; only a config change (or 'all') needs them again. */
  notFound?: boolean;
}

export type SiteChange =
  /** `created: false` for an update to a known incident; true or absent when it may be new, which
   * shifts every history page after the one it lands on. */
  | { kind: 'incident'; id: string; created?: boolean }
  | { kind: 'maintenance'; id: string }
  /** `renamed`: its name (or existence) changed, so the pages naming it change too. */
  | { kind: 'component'; id: string; renamed?: boolean }
  /** The page config (name, links, accent…): every page. */
  | { kind: 'config' };

export const NOTHING: PageSelection = { index: false, incidentIds: [], historyPages: [], feeds: false, json: false };

function historyPagesFrom(first: number, count: number): number[] {
  return Array.from({ length: Math.max(0, count - first + 1) }, (_, i) => first + i);
}

function touchedBy(change: SiteChange, data: SiteData, order: ReadonlyArray<{ id: string }>): PageSelection {
  const pageCount = historyPageCount(data.incidents.length);
  const pageOf = (id: string) => {
    const index = order.findIndex((i) => i.id === id);
    return index === -1 ? null : historyPageAt(index);
  };
  switch (change.kind) {
    case 'config':
      return { index: true, incidentIds: data.incidents.map((i) => i.id), historyPages: 'all', feeds: true, json: true, notFound: true };
    case 'maintenance':
      return { ...NOTHING, index: true, json: true };
    case 'component': {
      if (change.renamed !== true) return { ...NOTHING, index: true, json: true };
      const naming = data.incidents.filter((i) => i.component_ids.includes(change.id)).map((i) => i.id);
      const pages = [...new Set(naming.map(pageOf).filter((p): p is number => p !== null))];
      return { ...NOTHING, index: true, json: true, incidentIds: naming, historyPages: pages };
    }
    case 'incident': {
      const page = pageOf(change.id);
      const historyPages =
        page === null ? [] : change.created === false ? [page] : page === 1 ? ('all' as const) : historyPagesFrom(page, pageCount);
      return { index: true, incidentIds: page === null ? [] : [change.id], historyPages, feeds: true, json: true };
    }
  }
}

function union(a: PageSelection, b: PageSelection): PageSelection {
  const pages =
    a.historyPages === 'all' || b.historyPages === 'all'
      ? ('all' as const)
      : [...new Set([...a.historyPages, ...b.historyPages])].sort((x, y) => x - y);
  return {
    index: a.index || b.index,
    incidentIds: [...new Set([...a.incidentIds, ...b.incidentIds])],
    historyPages: pages,
    feeds: a.feeds || b.feeds,
    json: a.json || b.json,
    notFound: a.notFound === true || b.notFound === true,
  };
}

/**
 * The pages one change, or a batch of them, touches: an incident change touches the index, its
 * page, the history page listing it (and, when it is new, the pages after it, which shift), the
 * feeds and the JSON files.
 */
export function pagesTouchedBy(change: SiteChange | ReadonlyArray<SiteChange>, data: SiteData): PageSelection {
  const changes = Array.isArray(change) ? (change as ReadonlyArray<SiteChange>) : [change as SiteChange];
  const order = incidentsNewestFirst(data.incidents);
  return changes.reduce<PageSelection>((acc, c) => union(acc, touchedBy(c, data, order)), { ...NOTHING });
}

export { HISTORY_PAGE_SIZE };
