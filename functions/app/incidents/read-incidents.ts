import { NotFoundError, ValidationError } from '#core/errors';
import type { IncidentWithUpdates } from '#core/model';
import type { AppDeps } from '../deps';
import type { ListPosition } from '../ports/store';

export async function getIncident(deps: AppDeps, id: string): Promise<IncidentWithUpdates> {
  const incident = await deps.store.incidents.get(id);
  if (!incident) throw new NotFoundError(`No incident with id ${id}.`);
  return incident;
}

export type IncidentState = 'open' | 'resolved' | 'all';

/** The most incidents one page holds, whatever `limit` asks for. */
export const INCIDENT_PAGE_MAX = 100;
/**
 * The most JSON one page holds (UTF-16 code units of the records, a little under their bytes for
 * ASCII text): well under Lambda's 6 MB response limit, so that a page of long incidents is cut
 * short rather than failing. A page always holds at least one incident.
 */
export const INCIDENT_PAGE_CHARS = 4_000_000;

export interface IncidentPage {
  incidents: IncidentWithUpdates[];
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: string | null;
}

interface Cursor extends ListPosition {
  state: IncidentState;
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decode(cursor: string, state: IncidentState): ListPosition {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (c.state === state && typeof c.created_at === 'string' && typeof c.id === 'string') return { created_at: c.created_at, id: c.id };
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not one this list gave out (for this state).', [{ path: 'cursor', message: 'invalid' }]);
}

/** Incidents of a state, newest first, a page at a time (at most INCIDENT_PAGE_MAX, INCIDENT_PAGE_CHARS). */
export async function listIncidents(
  deps: AppDeps,
  state: IncidentState,
  query: { limit: number; cursor?: string; maxChars?: number },
): Promise<IncidentPage> {
  const maxChars = query.maxChars ?? INCIDENT_PAGE_CHARS;
  const limit = Math.min(query.limit, INCIDENT_PAGE_MAX);
  const before = query.cursor === undefined ? undefined : decode(query.cursor, state);
  const found = await deps.store.incidents.list(state, limit + 1, before);
  const page: IncidentWithUpdates[] = [];
  let size = 0;
  for (const incident of found.slice(0, limit)) {
    size += JSON.stringify(incident).length;
    if (page.length > 0 && size > maxChars) break;
    page.push(incident);
  }
  const last = page.at(-1);
  const more = found.length > page.length;
  return { incidents: page, next_cursor: more && last ? encode({ state, created_at: last.created_at, id: last.id }) : null };
}
