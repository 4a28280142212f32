// Now: what needs a responder this minute. Open incidents (severity, status, age, the components
// not operational, when the next public update is due, red when overdue), maintenance in progress
// and upcoming, and one button to declare. Reloads itself every 30 s.
import { Hono } from 'hono';
import { withDerivedGroupStatus } from '#app/components/component-groups';
import { nextUpdateDue } from '#core/cadence';
import { can } from '#core/roles';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { screen } from '../render';
import { ComponentStatusBadge, SeverityBadge, StatusBadge } from '../ui/badges';
import { Due, Time, age } from '../ui/time';

export const NOW_REFRESH_SECONDS = 30;

export function nowRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.get('/', async (c) => {
    const now = deps.now();
    const [open, maintenances, components] = await Promise.all([
      deps.store.incidents.list('open', 100),
      deps.store.maintenances.open(),
      deps.store.components.list(),
    ]);
    const byId = new Map(withDerivedGroupStatus(components).map((component) => [component.id, component]));
    const notOperational = withDerivedGroupStatus(components).filter((component) => !component.group && component.status !== 'operational');
    const inProgress = maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying');
    const upcoming = maintenances.filter((m) => m.status === 'scheduled');
    const person = c.get('person');
    return screen(
      c,
      deps.config.page.name,
      'Now',
      <>
        <div class="bar">
          <h1>Now</h1>
          {can(person.role, 'incidents') && (
            <a class="button primary" href="/console/incidents/new">
              Declare incident
            </a>
          )}
        </div>
        <p class="muted">
          As of <Time iso={now} /> · refreshes itself every {NOW_REFRESH_SECONDS} s · <a href="/console">Refresh now</a>
        </p>
        <section aria-labelledby="open-incidents">
          <h2 id="open-incidents">Open incidents ({open.length})</h2>
          {open.length === 0 ? (
            <p class="muted">No open incidents.</p>
          ) : (
            <ul class="list">
              {open.map((incident) => {
                const policy = deps.config.severities[incident.severity];
                const down = incident.component_ids.map((id) => byId.get(id)).filter((x) => x && x.status !== 'operational');
                return (
                  <li>
                    <div class="bar">
                      <a href={`/console/incidents/${incident.id}`}>
                        <strong>{incident.title}</strong>
                      </a>
                      <span>
                        <SeverityBadge severity={incident.severity} /> <StatusBadge status={incident.status} />
                      </span>
                    </div>
                    <p class="muted">
                      {incident.id} · declared <Time iso={incident.started_at} /> ({age(incident.started_at, now)} ago)
                    </p>
                    {down.length > 0 && (
                      <p>
                        {down.map((component) => (
                          <span>
                            {component!.name} <ComponentStatusBadge status={component!.status} />{' '}
                          </span>
                        ))}
                      </p>
                    )}
                    <p>
                      <Due at={nextUpdateDue(incident, policy)} now={now} />
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section aria-labelledby="maintenance-now">
          <h2 id="maintenance-now">Maintenance in progress ({inProgress.length})</h2>
          {inProgress.length === 0 ? <p class="muted">None.</p> : <MaintenanceList items={inProgress} />}
          <h2>Upcoming maintenance ({upcoming.length})</h2>
          {upcoming.length === 0 ? <p class="muted">None scheduled.</p> : <MaintenanceList items={upcoming.slice(0, 10)} />}
        </section>
        <section aria-labelledby="components-down">
          <h2 id="components-down">Components not operational ({notOperational.length})</h2>
          {notOperational.length === 0 ? (
            <p class="muted">Every component is operational.</p>
          ) : (
            <ul>
              {notOperational.map((component) => (
                <li>
                  {component.name} <ComponentStatusBadge status={component.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </>,
      { active: 'now', refresh: NOW_REFRESH_SECONDS },
    );
  });
  return app;
}

function MaintenanceList({ items }: { items: Array<{ id: string; title: string; status: string; scheduled_for: string; scheduled_until: string }> }) {
  return (
    <ul class="list">
      {items.map((m) => (
        <li>
          <a href={`/console/maintenance/${m.id}`}>
            <strong>{m.title}</strong>
          </a>{' '}
          <StatusBadge status={m.status} />
          <p class="muted">
            <Time iso={m.scheduled_for} /> – <Time iso={m.scheduled_until} />
          </p>
        </li>
      ))}
    </ul>
  );
}
