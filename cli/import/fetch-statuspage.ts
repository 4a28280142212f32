// Everything a Statuspage page holds, through its manage API (https://developer.statuspage.io/):
// component groups, components, incidents (scheduled maintenances among them: `scheduled_for`
// set) with their updates and affected components, postmortems, incident templates and email
// subscribers (quarantined ones too: `state=all`; their pages start at 0). Authorised with
// `Authorization: OAuth KEY`.
import { createFetcher, type Fetcher, type FetcherOptions } from './fetcher';
import type { StatuspageData } from './statuspage-map';

export const STATUSPAGE_API = 'https://api.statuspage.io/v1';

export interface StatuspageSource {
  pageId: string;
  apiKey?: string;
  sourceUrl?: string;
  subscribers: boolean;
  /** True: return once everything but the subscribers is read, with the subscribers still being
   *  read (`later`), so that the records can be written meanwhile. */
  subscribersLater?: boolean;
  /** Items per page (Statuspage's most: 100). */
  perPage?: number;
  fetcher?: Omit<FetcherOptions, 'baseUrl' | 'headers'>;
  onStep?: (text: string) => void;
}

export async function fetchStatuspage(source: StatuspageSource): Promise<{ data: StatuspageData; fetcher: Fetcher; later: Promise<unknown[]> | null }> {
  const fetcher = createFetcher({
    ...source.fetcher,
    baseUrl: source.sourceUrl ?? STATUSPAGE_API,
    headers: source.apiKey ? { authorization: `OAuth ${source.apiKey}` } : {},
  });
  const page = `/pages/${encodeURIComponent(source.pageId)}`;
  const step = source.onStep ?? (() => {});
  const perPage = source.perPage ?? 100;
  step('component groups');
  const groups = dedupe(await fetcher.all(`${page}/component-groups`, { perPage }));
  step('components');
  const components = dedupe(await fetcher.all(`${page}/components`, { perPage }));
  step('incidents');
  const incidents = dedupe(await fetcher.all(`${page}/incidents`, { perPage, onPage: (n) => step(`incidents (+${n})`) }));
  // The listing carries the postmortem's text; an incident whose listing left it out is read on its own.
  for (const incident of incidents) {
    if (isRecord(incident) && incident.postmortem_published_at && incident.postmortem_body == null && typeof incident.id === 'string') {
      const postmortem = await fetcher.get(`${page}/incidents/${encodeURIComponent(incident.id)}/postmortem`);
      if (isRecord(postmortem)) {
        incident.postmortem_body = postmortem.body ?? postmortem.body_draft ?? null;
        incident.postmortem_body_last_updated_at = postmortem.body_updated_at ?? postmortem.updated_at ?? null;
      }
    }
  }
  step('incident templates');
  const templates = dedupe(await fetcher.all(`${page}/incident_templates`, { perPage }));
  const readSubscribers = async () => {
    step('subscribers');
    return dedupe(await fetcher.all(`${page}/subscribers`, { perPage, firstPage: 0, query: { type: 'email', state: 'all' }, onPage: (n) => step(`subscribers (+${n})`) }));
  };
  if (source.subscribers && source.subscribersLater) {
    const later = readSubscribers();
    later.catch(() => undefined); // whoever awaits it sees the failure; never an unhandled rejection meanwhile
    return { data: { groups, components, incidents, templates, subscribers: [] }, fetcher, later };
  }
  const subscribers = source.subscribers ? await readSubscribers() : [];
  return { data: { groups, components, incidents, templates, subscribers }, fetcher, later: null };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list endpoint that ignores `page` answers the same items again: keep each id once. */
function dedupe(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = isRecord(item) && typeof item.id === 'string' ? item.id : null;
    if (id === null) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
