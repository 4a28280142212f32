// `herald export [--include-subscribers] > herald-backup.json`: everything, as stored, in one
// versioned JSON document (docs/export-format.md); `herald import herald FILE` restores it.
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { exportAll } from '../import/herald-export';

export function registerExport(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write every component, incident (updates, timeline, postmortem), maintenance and template as JSON on stdout')
    .option('--include-subscribers', "add confirmed subscribers (their addresses: personal data)")
    .action(async (options: { includeSubscribers?: boolean }) => {
      const doc = await exportAll(ctx.client(), {
        includeSubscribers: Boolean(options.includeSubscribers),
        now: ctx.now(),
        onPage: (kind, n) => (process.stderr.isTTY ? ctx.note(`Exported ${n} ${kind}`) : undefined),
      });
      ctx.printJson(doc);
      ctx.note(
        `Exported ${doc.components.length} components, ${doc.incidents.length} incidents, ${doc.maintenances.length} maintenance windows, ${doc.templates.length} templates` +
          (doc.subscribers ? `, ${doc.subscribers.length} subscribers` : '') +
          '.',
      );
    });
}
