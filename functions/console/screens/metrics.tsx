// Metrics: /v1/metrics over the last 30, 90 or 365 days as tables and small server-drawn SVG
// charts — time to first public update and time to resolve by severity (median, p90), "next
// update by" promises kept, incidents per month (/v1/metrics/incidents-per-month). Each chart
// repeats its table's numbers; the table is the accessible source.
import { Hono } from 'hono';
import { readIncidentsPerMonth } from '#app/metrics/read-incidents-per-month';
import { readMetrics } from '#app/metrics/read-metrics';
import type { Distribution, Metrics } from '#core/metrics';
import { SEVERITIES } from '#core/severity';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { requireAction } from '../permissions';
import { refusal, screen } from '../render';
import { SeverityBadge } from '../ui/badges';
import { BarChart, ColumnChart, fmt } from '../ui/charts';

export const METRICS_DAYS = [30, 90, 365] as const;
const DAY_MS = 86_400_000;

/** "Next update by" promises kept (added to /v1/metrics with the promise); optional here so the
 *  screen reads metrics with or without it. */
interface PromisesKept {
  measured: number;
  kept: number;
  percentage: number | null;
}
type WithPromises<T> = T & { promises_kept?: PromisesKept };

const minutes = (n: number | null) => (n === null ? 'no data' : `${fmt(n)} min`);
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2026-11` → `Nov 2026`. */
const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
/** Under a bar: `Nov`, with the year on the first bar and on January (`Jan 27`). */
const shortMonth = (month: string, first: boolean) => {
  const name = MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month;
  return first || month.endsWith('-01') ? `${name} ${month.slice(2, 4)}` : name;
};

export function metricsRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;

  app.get('/metrics', async (c) => {
    requireAction(c, 'read');
    const asked = c.req.query('days') ?? '30';
    const days = METRICS_DAYS.find((d) => String(d) === asked);
    if (!days) return refusal(c, pageName, 400, 'No such window', `Metrics cover the last ${METRICS_DAYS.join(', ')} days; choose one of them.`, '/console/metrics');
    const to = deps.now();
    const from = new Date(Date.parse(to) - days * DAY_MS).toISOString();
    const [metrics, perMonth] = await Promise.all([readMetrics(deps, { from, to }), readIncidentsPerMonth(deps, { from, to })]);
    const m = metrics as WithPromises<Metrics>;
    const bySeverity = SEVERITIES.map((severity) => ({ severity, ...(metrics.by_severity[severity] as WithPromises<Metrics['by_severity'][typeof severity]>) }));
    const seen = bySeverity.filter((s) => s.incidents > 0);
    return screen(
      c,
      pageName,
      'Metrics',
      <>
        <h1>Metrics</h1>
        <nav aria-label="Window" class="actions">
          {METRICS_DAYS.map((d) => (
            <a class="button" href={`/console/metrics?days=${d}`} aria-current={d === days ? 'page' : undefined}>
              {d === days ? <strong>Last {d} days</strong> : `Last ${d} days`}
            </a>
          ))}
        </nav>
        <p>
          Incidents declared from <Day iso={metrics.from} /> to <Day iso={metrics.to} /> (UTC): <strong>{metrics.incidents.total}</strong>.
          {m.promises_kept && m.promises_kept.percentage !== null && (
            <>
              {' '}
              “Next update by” promises kept: <strong>{fmt(m.promises_kept.percentage)}%</strong> ({m.promises_kept.kept} of {m.promises_kept.measured}).
            </>
          )}{' '}
          Maintenance: {metrics.maintenance.windows} window{metrics.maintenance.windows === 1 ? '' : 's'}, {minutes(metrics.maintenance.minutes)}.
        </p>
        {metrics.incidents.total === 0 ? (
          <p class="notice" role="status">
            No incidents were declared in the last {days} days, so there is nothing to measure yet. Times to first update and to resolve appear here once
            incidents are declared.
          </p>
        ) : (
          <>
            <DistributionSection
              id="first-update"
              title="Time to first public update"
              explain="From when the impact began to the first public update."
              rows={seen.map((s) => ({ severity: s.severity, d: s.time_to_first_update }))}
            />
            <DistributionSection
              id="resolve"
              title="Time to resolve"
              explain="From when the impact began to resolved, for the incidents resolved so far."
              rows={seen.map((s) => ({ severity: s.severity, d: s.time_to_resolve }))}
            />
            {m.promises_kept && (
              <section aria-labelledby="cadence">
                <h2 id="cadence">Cadence kept: “next update by” promises</h2>
                <p class="hint">Of the updates that followed a promised “next update by” time, the share posted on time.</p>
                <BarChart
                  id="chart-cadence"
                  title="Promises kept by severity, percent"
                  unit="%"
                  max={100}
                  series={[{ name: 'kept', className: 'bar' }]}
                  rows={[
                    ...seen.map((s) => ({ label: s.severity, values: [s.promises_kept?.percentage ?? null] })),
                    { label: 'All', values: [m.promises_kept.percentage] },
                  ]}
                />
                <div class="table-wrap" tabindex={0}>
                  <table>
                    <caption class="visually-hidden">Promises kept by severity</caption>
                    <thead>
                      <tr>
                        <th scope="col">Severity</th>
                        <th scope="col">Updates after a promise</th>
                        <th scope="col">On time</th>
                        <th scope="col">Kept</th>
                      </tr>
                    </thead>
                    <tbody>
                      {seen.map((s) => (
                        <tr>
                          <th scope="row">
                            <SeverityBadge severity={s.severity} />
                          </th>
                          <td>{s.promises_kept?.measured ?? 0}</td>
                          <td>{s.promises_kept?.kept ?? 0}</td>
                          <td>{s.promises_kept?.percentage == null ? 'no data' : `${fmt(s.promises_kept.percentage)}%`}</td>
                        </tr>
                      ))}
                      <tr>
                        <th scope="row">All</th>
                        <td>{m.promises_kept.measured}</td>
                        <td>{m.promises_kept.kept}</td>
                        <td>{m.promises_kept.percentage === null ? 'no data' : `${fmt(m.promises_kept.percentage)}%`}</td>
                      </tr>
                    </tbody>
                  </table>
                </div>
              </section>
            )}
          </>
        )}
        <section aria-labelledby="per-month">
          <h2 id="per-month">Incidents per month</h2>
          <ColumnChart
            id="chart-per-month"
            title="Incidents declared per month (UTC)"
            bars={perMonth.months.map((month, i) => ({ label: monthLabel(month.month), short: shortMonth(month.month, i === 0), value: month.incidents }))}
          />
          <div class="table-wrap" tabindex={0}>
            <table>
              <caption class="visually-hidden">Incidents declared per month (UTC), by severity</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Incidents</th>
                  {SEVERITIES.map((s) => (
                    <th scope="col">{s}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {perMonth.months.map((month) => (
                  <tr>
                    <th scope="row">{monthLabel(month.month)}</th>
                    <td>{month.incidents}</td>
                    {SEVERITIES.map((s) => (
                      <td>{month.by_severity[s]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        {metrics.components.length > 0 && (
          <section aria-labelledby="components">
            <h2 id="components">Components</h2>
            <div class="table-wrap" tabindex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Component</th>
                    <th scope="col">Incidents</th>
                    <th scope="col">Maintenance</th>
                    <th scope="col">Uptime</th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.components.map((component) => (
                    <tr>
                      <th scope="row">{component.name}</th>
                      <td>{component.incidents}</td>
                      <td>{minutes(component.maintenance_minutes)}</td>
                      <td>{component.uptime_percentage}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </>,
      { active: 'metrics' },
    );
  });
  return app;
}

/** A window's end as a date with its year (`27 Nov 2025`): a 365-day window spans two years. */
function Day({ iso }: { iso: string }) {
  const month = MONTH_NAMES[Number(iso.slice(5, 7)) - 1] ?? '';
  return <time datetime={iso}>{`${Number(iso.slice(8, 10))} ${month} ${iso.slice(0, 4)}`}</time>;
}

function DistributionSection({ id, title, explain, rows }: { id: string; title: string; explain: string; rows: ReadonlyArray<{ severity: string; d: Distribution }> }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p class="hint">{explain} Median and 90th percentile, in minutes.</p>
      <BarChart
        id={`chart-${id}`}
        title={`${title} by severity, minutes (median and p90)`}
        unit=" min"
        series={[
          { name: 'median', className: 'bar' },
          { name: 'p90', className: 'bar alt' },
        ]}
        rows={rows.map((r) => ({ label: r.severity, values: [r.d.median_minutes, r.d.p90_minutes] }))}
      />
      <div class="table-wrap" tabindex={0}>
        <table>
          <caption class="visually-hidden">{title} by severity</caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Measured</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <SeverityBadge severity={r.severity} />
                </th>
                <td>{r.d.count}</td>
                <td>{minutes(r.d.median_minutes)}</td>
                <td>{minutes(r.d.p90_minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
