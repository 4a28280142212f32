// Incidents: the open ones first, then the resolved ones newest first, a page at a time (the
// cursor of listIncidents: "Older incidents").
import { Hono } from 'hono';
import { listIncidents } from '#app/incidents/read-incidents';
import { ValidationError } from '#core/errors';
import type { Incident } from '#core/model';
import { can } from '#core/roles';
import { humanMinutes } from '#core/timeline';
import type { ConsoleDeps } from '../../deps';
import type { ConsoleEnv } from '../../env';
import { refusal, screen } from '../../render';
import { SeverityBadge, StatusBadge } from '../../ui/badges';
import { age, Time } from '../../ui/time';

export const RESOLVED_PAGE_SIZE = 25;

export function listRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.get('/incidents', async (c) => {
    const cursor = c.req.query('cursor') || undefined;
    const now = deps.now();
    let open: Incident[] = [];
    let resolved: Incident[];
    let next: string | null;
    try {
      const [openPage, resolvedPage] = await Promise.all([
        cursor ? Promise.resolve(null) : listIncidents(deps, 'open', { limit: 100 }),
        listIncidents(deps, 'resolved', { limit: RESOLVED_PAGE_SIZE, cursor }),
      ]);
      open = openPage?.incidents ?? [];
      resolved = resolvedPage.incidents;
      next = resolvedPage.next_cursor;
    } catch (error) {
      if (error instanceof ValidationError) return refusal(c, deps.config.page.name, 400, 'Not a page of incidents', error.message, '/console/incidents');
      throw error;
    }
    const person = c.get('person');
    return screen(
      c,
      deps.config.page.name,
      'Incidents',
      <>
        <div class="bar">
          <h1>Incidents</h1>
          {can(person.role, 'incidents') && (
            <a class="button primary" href="/console/incidents/new">
              Declare incident
            </a>
          )}
        </div>
        {!cursor && (
          <section aria-labelledby="open-heading">
            <h2 id="open-heading">Open ({open.length})</h2>
            {open.length === 0 ? <p class="muted">No open incidents.</p> : <IncidentList incidents={open} now={now} />}
          </section>
        )}
        <section aria-labelledby="resolved-heading">
          <h2 id="resolved-heading">{cursor ? 'Older resolved incidents' : 'Resolved'}</h2>
          {resolved.length === 0 ? <p class="muted">No resolved incidents.</p> : <IncidentList incidents={resolved} now={now} />}
          {next && (
            <p>
              <a href={`/console/incidents?cursor=${encodeURIComponent(next)}`} rel="next">
                Older incidents
              </a>
            </p>
          )}
          {cursor && (
            <p>
              <a href="/console/incidents">Back to the newest</a>
            </p>
          )}
        </section>
      </>,
      { active: 'incidents' },
    );
  });
  return app;
}

function IncidentList({ incidents, now }: { incidents: Incident[]; now: string }) {
  return (
    <ul class="list">
      {incidents.map((incident) => (
        <li>
          <div class="bar">
            <a href={`/console/incidents/${encodeURIComponent(incident.id)}`}>
              <strong>{incident.title}</strong>
            </a>
            <span>
              <SeverityBadge severity={incident.severity} /> <StatusBadge status={incident.status} />
            </span>
          </div>
          <p class="muted">
            {incident.id} · started <Time iso={incident.started_at} /> ·{' '}
            {incident.resolved_at
              ? `lasted ${humanMinutes((Date.parse(incident.resolved_at) - Date.parse(incident.started_at)) / 60_000)}`
              : `open for ${age(incident.started_at, now)}`}
          </p>
        </li>
      ))}
    </ul>
  );
}
