import { postmortemStanding, type PostmortemState } from '#core/cadence';
import type { Incident } from '#core/model';
import type { AppDeps } from '../deps';

export type PostmortemFilter = 'overdue' | 'due' | 'published' | 'all';

export interface PostmortemListing {
  incident_id: string;
  title: string;
  severity: Incident['severity'];
  resolved_at: string | null;
  requirement: 'required' | 'optional' | 'none';
  state: PostmortemState;
  due_at: string | null;
  published_at: string | null;
}

/**
 * Resolved incidents by where their postmortem stands (core/cadence.ts): `overdue` (required and
 * past its deadline), `due` (required, still in time), `published`, or `all` (every resolved
 * incident whose severity asks for one, optional included). Most overdue first.
 */
export async function listPostmortems(deps: AppDeps, filter: PostmortemFilter, limit: number): Promise<PostmortemListing[]> {
  const now = deps.now();
  const resolved = await deps.store.incidents.list('resolved', limit);
  const listings = resolved.map((incident): PostmortemListing => {
    const standing = postmortemStanding(incident, deps.config.severities[incident.severity], now);
    return {
      incident_id: incident.id,
      title: incident.title,
      severity: incident.severity,
      resolved_at: incident.resolved_at,
      requirement: standing.requirement,
      state: standing.state,
      due_at: standing.due_at,
      published_at: incident.postmortem?.published ? incident.postmortem.published_at : null,
    };
  });
  const keep = (l: PostmortemListing) => (filter === 'all' ? l.state !== 'not_required' : l.state === filter);
  return listings.filter(keep).sort((a, b) => (a.due_at ?? '\uffff').localeCompare(b.due_at ?? '\uffff') || a.incident_id.localeCompare(b.incident_id));
}
