// Everything a Cachet 3 instance holds, through its JSON:API (cachethq/core routes/api.php):
// component groups, components (with their group), incidents with their updates and components,
// schedules with their components, and subscribers (these need a token: `Authorization: Bearer`).
// Lists are paged: `links.next` is followed to the end; each answer's `included` is kept.
import { createFetcher, SourceError, type Fetcher, type FetcherOptions } from './fetcher';
import type { CachetData } from './cachet-map';

export interface CachetSource {
  url: string;
  token?: string;
  subscribers: boolean;
  perPage?: number;
  fetcher?: Omit<FetcherOptions, 'baseUrl' | 'headers'>;
  onStep?: (text: string) => void;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function fetchCachet(source: CachetSource): Promise<{ data: CachetData; fetcher: Fetcher }> {
  const base = source.url.replace(/\/+$/, '');
  const fetcher = createFetcher({
    ...source.fetcher,
    baseUrl: base,
    headers: { accept: 'application/vnd.api+json, application/json', ...(source.token ? { authorization: `Bearer ${source.token}` } : {}) },
  });
  const step = source.onStep ?? (() => {});
  const included: unknown[] = [];
  const perPage = source.perPage ?? 100;

  async function all(path: string, include: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const seenPages = new Set<string>();
    const seenIds = new Set<string>();
    let next: string | null = `/api/${path}?${new URLSearchParams({ ...(include ? { include } : {}), per_page: String(perPage) }).toString()}`;
    while (next !== null && !seenPages.has(next)) {
      seenPages.add(next);
      const answer = await fetcher.get(next);
      if (!isObj(answer) || !Array.isArray(answer.data)) throw new SourceError(`/api/${path}: expected a JSON:API document with a data list`);
      for (const item of answer.data) {
        const id = isObj(item) ? String(item.id ?? '') : '';
        if (id !== '' && seenIds.has(id)) continue;
        if (id !== '') seenIds.add(id);
        items.push(item);
      }
      if (Array.isArray(answer.included)) included.push(...answer.included);
      const link = isObj(answer.links) ? answer.links.next : null;
      next = typeof link === 'string' && link !== '' ? relative(link, base) : null;
    }
    return items;
  }

  step('component groups');
  const groups = await all('component-groups', '');
  step('components');
  const components = await all('components', 'group');
  step('incidents');
  const incidents = await all('incidents', 'updates,components');
  step('schedules');
  const schedules = await all('schedules', 'components');
  let subscribers: unknown[] = [];
  if (source.subscribers) {
    step('subscribers');
    subscribers = await all('subscribers', 'components');
  }
  return { data: { groups, components, incidents, schedules, subscribers, included }, fetcher };
}

/** `links.next` (absolute, as Laravel writes it) as a path under the instance's URL. */
function relative(link: string, base: string): string {
  if (link.startsWith(base)) return link.slice(base.length);
  const url = new URL(link, `${base}/`);
  const prefix = new URL(`${base}/`).pathname.replace(/\/$/, '');
  return `${url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname}${url.search}`;
}
