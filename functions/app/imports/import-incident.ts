// Imports an incident with every update as it happened: original times and statuses, the severity
// the source's impact maps to, the components each update moved (into their status history, so the
// uptime bars show the past), and its postmortem as it was. The incident's own fields are derived
// from its updates (core/incident-state.ts), as a live incident's are.
import { ValidationError } from '#core/errors';
import type { ImportSource } from '#core/import-source';
import { incidentIdBase, incidentIdCandidate } from '#core/incident-id';
import { incidentAfterUpdate } from '#core/incident-state';
import type { Incident, IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { impactOf } from '#core/severity';
import type { TimelineEvent } from '#core/timeline';
import type { AppDeps } from '../deps';
import type { StatusHistoryEntry } from '../ports/store';
import type { IncidentInput } from './import-inputs';
import { decideAndWrite, mappingOf, type Attempt, type ImportOutcome, type ImportRequest } from './import-outcome';
import { resolveComponents } from './resolve-components';

/** A restore sends the exported incident with its updates and internal timeline. */
export type RestoredIncident = IncidentWithUpdates & { timeline?: TimelineEvent[] };

/** Children (updates and status-history entries) that surely go in the incident's own transaction
 *  (adapters/dynamodb/import-repository.ts): a taken id then fails the write whole. */
const CHILDREN_IN_ONE_WRITE = 90;
/** A declaration takes the id of its own minute: an incident declared longer ago than this has an
 *  id no declaration can take any more, so its children may be written before it (putMany). */
const CLAIMABLE_AFTER_MS = 3600_000;

export async function importIncident(deps: AppDeps, request: ImportRequest<IncidentInput | RestoredIncident>): Promise<ImportOutcome> {
  return decideAndWrite<IncidentWithUpdates>(deps, request, incidentAttempt(deps, request));
}

/** The tries importIncident makes (a batch makes the first itself). */
export function incidentAttempt(deps: AppDeps, request: ImportRequest<IncidentInput | RestoredIncident>): Attempt<IncidentWithUpdates> {
  // A new incident first tries the id its declaration time gives without reading it (one write
  // fails whole when the id is taken); after a refusal, or when its children are written before
  // it, the first free id is read first.
  let guessed = false;
  return async () => {
    const mapped = request.system === 'herald' ? request.sourceId : await deps.store.imports.find(request.system, 'incident', request.sourceId);
    const existing = mapped ? await deps.store.incidents.get(mapped) : null;
    const warnings: string[] = [];
    let next: IncidentWithUpdates;
    const history: StatusHistoryEntry[] = [];
    let timeline: TimelineEvent[] = [];
    if (request.system === 'herald') {
      const { source: _source, timeline: events, ...restored } = request.record as RestoredIncident;
      timeline = events ?? [];
      next = { ...restored, updates: restored.updates.map(({ source: _s, ...u }) => u) };
    } else {
      const input = request.record as IncidentInput;
      if (input.updates.length === 0) throw new ValidationError('An incident needs at least one update.', [{ path: 'record.updates', message: 'empty' }]);
      const children = input.updates.reduce((n, u) => n + 1 + u.components.length, 0);
      const guess = !guessed && children <= CHILDREN_IN_ONE_WRITE;
      guessed ||= !existing;
      // Mapped but not there: an interrupted children-first write, resumed under the id it claimed.
      const id = existing?.id ?? mapped ?? (guess ? incidentIdBase(input.created_at) : await freeIncidentId(deps, request, input.created_at));
      const components = await resolveComponents(deps, request.system, input.updates.flatMap((u) => u.components.map((c) => c.component)));
      let incident: Incident = {
        id,
        title: input.title,
        severity: input.severity,
        impact: impactOf(input.severity, deps.config.severities),
        status: 'investigating',
        component_ids: [],
        component_names: {},
        roles: {},
        created_at: input.created_at,
        updated_at: input.created_at,
        started_at: input.started_at,
        identified_at: null,
        monitoring_at: null,
        resolved_at: null,
        last_update_at: input.created_at,
        next_update_at: null,
        update_count: 0,
        postmortem: null,
        declared_by: null,
        version: 0,
      };
      const updates: IncidentUpdate[] = [];
      const sorted = [...input.updates].sort((a, b) => a.created_at.localeCompare(b.created_at));
      for (const [index, u] of sorted.entries()) {
        const seq = index + 1;
        const changes = u.components.flatMap((c) => {
          const found = components.get(c.component);
          if (!found) {
            warnings.push(`update ${u.id}: component ${c.component} was not imported; its change is left out`);
            return [];
          }
          return [{ id: found.id, name: found.name, old_status: c.old_status, new_status: c.new_status }];
        });
        const update: IncidentUpdate = {
          id: `${id}-${seq}`,
          incident_id: id,
          seq,
          status: u.status,
          message: u.message,
          component_changes: changes,
          notify: u.notify,
          created_at: u.created_at,
          posted_by: null,
          next_update_at: null,
          source: { system: request.system, id: u.id },
        };
        updates.push(update);
        incident = incidentAfterUpdate(incident, update);
        for (const change of changes) history.push({ component_id: change.id, at: u.created_at, cause: `${id}#${seq}`, status: change.new_status });
      }
      next = {
        ...incident,
        updated_at: input.updated_at > incident.updated_at ? input.updated_at : incident.updated_at,
        postmortem: input.postmortem
          ? { ...input.postmortem, notified_at: input.postmortem.published ? input.postmortem.published_at : null }
          : null,
        updates,
      };
    }
    const version = existing ? existing.version + 1 : next.version;
    const source: ImportSource = { system: request.system, id: request.sourceId, version };
    const { updates, ...meta } = next;
    const written: Incident = { ...meta, version, source };
    const writtenUpdates = updates.map((u) => ({ ...u, source: u.source ?? { system: request.system, id: `${request.sourceId}#${u.seq}` } }));
    const childrenFirst = !existing && Date.parse(written.created_at) < Date.parse(deps.now()) - CLAIMABLE_AFTER_MS;
    return {
      id: next.id,
      existing,
      next,
      warnings,
      write: async () => {
        // Internal events first: the incident's reads never see them, and each is written once.
        for (const event of timeline) await deps.store.timeline.record({ ...event, source: { system: request.system, id: `${event.at}#${event.n}` } } as TimelineEvent);
        return deps.store.imports.putIncident(written, writtenUpdates, existing?.version ?? 0, mappingOf(request, next.id), history);
      },
      // A restore's internal events are written first, on their own: that write is not packed.
      packed:
        timeline.length === 0
          ? { kind: 'incident', incident: written, updates: writtenUpdates, history, expectedVersion: existing?.version ?? 0, mapping: mappingOf(request, next.id), childrenFirst }
          : undefined,
    };
  };
}

/** The incident id its declaration time gives, with the first suffix not taken (nor claimed by
 *  another source record's import). */
async function freeIncidentId(deps: AppDeps, request: ImportRequest<unknown>, createdAt: string): Promise<string> {
  const base = incidentIdBase(createdAt);
  const imports = deps.store.imports;
  for (let attempt = 1; ; attempt++) {
    const candidate = incidentIdCandidate(base, attempt);
    const free = imports.incidentIdFree ? await imports.incidentIdFree(candidate, request.system, request.sourceId) : !(await deps.store.incidents.get(candidate));
    if (free) return candidate;
  }
}
