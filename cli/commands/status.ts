// `herald status`: the page's state as visitors see it, open incidents with when their next public
// update is due, components not operational, and maintenance in progress or next.
import type { Command } from 'commander';
import { computePageStatus } from '#core/page-status';
import type { Component, Incident, Maintenance } from '../api-types';
import type { CliContext } from '../context';
import { table } from '../output/table';
import { localTime, localZoneName } from '../output/time';
import { componentTable, incidentTable, statusStyle } from '../output/views';

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('the page\'s state, open incidents with "next update due", components down, maintenance')
    .action(async (_options, command: Command) => {
      const client = ctx.client();
      const [components, incidents, maintenances] = await Promise.all([
        client.get<Component[]>('/components'),
        client.get<Incident[]>('/incidents', { state: 'open' }),
        client.get<Maintenance[]>('/maintenances', { state: 'all' }),
      ]);
      const current = maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying' || m.status === 'scheduled');
      const page = computePageStatus({
        components: components.map((c) => ({ status: c.status as never, group: c.is_group })),
        openIncidents: incidents.map((i) => ({ impact: i.impact })),
        maintenanceInProgress: current.some((m) => m.status !== 'scheduled'),
      });
      if (ctx.wantsJson(command)) return ctx.printJson({ page, incidents, components, maintenances: current });
      const style = statusStyle(ctx);
      ctx.print(`${ctx.paint.bold(page.description)}  (${style(page.indicator)})  ${ctx.connection().url}`);
      ctx.print(`Times in ${localZoneName()}.`);
      ctx.print('');
      ctx.print(incidents.length === 0 ? 'No open incidents.' : `Open incidents\n${incidentTable(incidents, ctx, true)}`);
      const down = components.filter((c) => !c.is_group && c.status !== 'operational');
      if (down.length > 0) ctx.print(`\nComponents not operational\n${componentTable(down, ctx, false)}`);
      if (current.length > 0) {
        ctx.print('\nMaintenance');
        ctx.print(
          table(
            current,
            [
              { header: 'ID', value: (m) => m.id },
              { header: 'STATUS', value: (m) => m.status, style },
              { header: 'FROM', value: (m) => localTime(m.scheduled_for) },
              { header: 'UNTIL', value: (m) => localTime(m.scheduled_until) },
              { header: 'TITLE', value: (m) => m.title },
            ],
            ctx.paint.bold,
          ),
        );
      }
    });
}
