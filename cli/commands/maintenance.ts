// `herald maintenance list|schedule|update|cancel`.
import type { Command } from 'commander';
import { segment } from '../api-client';
import type { Maintenance } from '../api-types';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { clean, table } from '../output/table';
import { localTime, localZoneName } from '../output/time';
import { statusStyle } from '../output/views';
import { collect, componentIds, instant, MAINTENANCE_STATUSES, oneOf } from './input';

export function registerMaintenance(program: Command, ctx: CliContext): void {
  const maintenance = program.command('maintenance').description('list, schedule, update and cancel maintenance windows');

  maintenance
    .command('list')
    .description('windows, soonest first')
    .option('--state <state>', 'upcoming, active, completed or all', 'all')
    .action(async (options: { state: string }, command: Command) => {
      oneOf('--state', ['upcoming', 'active', 'completed', 'all'], options.state);
      const list = await ctx.client().get<Maintenance[]>('/maintenances', { state: options.state });
      if (ctx.wantsJson(command)) return ctx.printJson(list);
      if (list.length === 0) return ctx.print('No maintenance windows.');
      ctx.print(
        table(
          list,
          [
            { header: 'ID', value: (m) => m.id },
            { header: 'STATUS', value: (m) => (m.cancelled_at ? 'cancelled' : m.status), style: statusStyle(ctx) },
            { header: 'FROM', value: (m) => localTime(m.scheduled_for) },
            { header: 'UNTIL', value: (m) => localTime(m.scheduled_until) },
            { header: 'TITLE', value: (m) => m.title },
          ],
          ctx.paint.bold,
        ),
      );
      ctx.print(`(times in ${localZoneName()})`);
    });

  maintenance
    .command('schedule')
    .description('schedule a window')
    .requiredOption('-t, --title <title>', 'public title')
    .requiredOption('-m, --message <markdown>', 'what will happen')
    .requiredOption('--from <time>', 'start (ISO 8601, or "YYYY-MM-DD HH:MM" local)')
    .requiredOption('--until <time>', 'end')
    .option('-c, --component <name-or-id>', 'a component it covers (repeatable)', collect, [])
    .option('--no-auto-transition', 'do not start and complete it on time by itself')
    .option('--no-notify', 'mail nobody')
    .action(async (options: { title: string; message: string; from: string; until: string; component: string[]; autoTransition: boolean; notify: boolean }, command: Command) => {
      const client = ctx.client();
      const scheduled = await client.post<Maintenance>('/maintenances', {
        title: options.title,
        message: options.message,
        scheduled_for: instant('--from', options.from),
        scheduled_until: instant('--until', options.until),
        components: await componentIds(client, options.component),
        ...(options.autoTransition ? {} : { auto_transition: false }),
        ...(options.notify ? {} : { notify: false }),
      });
      if (ctx.wantsJson(command)) return ctx.printJson(scheduled);
      ctx.print(`Scheduled ${scheduled.id}: ${localTime(scheduled.scheduled_for)} – ${localTime(scheduled.scheduled_until)}  ${clean(scheduled.title)}`);
    });

  maintenance
    .command('update')
    .description('post an update (e.g. in_progress when it starts, completed when done)')
    .argument('<id>', 'the window')
    .requiredOption('--status <status>', MAINTENANCE_STATUSES.join(', '))
    .requiredOption('-m, --message <markdown>', 'the public update')
    .option('--no-notify', 'mail nobody')
    .action(async (id: string, options: { status: string; message: string; notify: boolean }, command: Command) => {
      const answer = await ctx.client().post<Maintenance>(`/maintenances/${segment(id, 'maintenance id')}/updates`, {
        status: oneOf('--status', MAINTENANCE_STATUSES, options.status),
        message: options.message,
        ...(options.notify ? {} : { notify: false }),
      });
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      ctx.print(`${answer.id} ${statusStyle(ctx)(answer.status)}`);
    });

  maintenance
    .command('cancel')
    .description('cancel a window that has not started')
    .argument('<id>', 'the window')
    .option('-m, --message <markdown>', 'the final update (default: "This maintenance has been cancelled.")')
    .option('--no-notify', 'mail nobody')
    .action(async (id: string, options: { message?: string; notify: boolean }, command: Command) => {
      if (options.message === '') throw new UsageError('--message is empty');
      const answer = await ctx.client().post<Maintenance>(`/maintenances/${segment(id, 'maintenance id')}/cancel`, {
        ...(options.message ? { message: options.message } : {}),
        ...(options.notify ? {} : { notify: false }),
      });
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      ctx.print(`${answer.id} cancelled`);
    });
}
