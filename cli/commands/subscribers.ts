// `herald subscribers count|import FILE.csv [--dry-run]|export`.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { csvLine, subscribersFromCsv } from '../csv';
import { UsageError } from '../errors';
import { clean } from '../output/table';
import { progress } from '../output/progress';

const STATUSES = ['pending', 'confirmed', 'suppressed'] as const;
const BATCH = 1000; // the API's limit per request

interface Subscriber {
  email: string;
  status: string;
  components: string[];
  source: string;
  created_at: string;
  confirmed_at: string | null;
}
interface SubscriberPage {
  count: number;
  subscribers: Subscriber[];
  next_cursor: string | null;
}
interface ImportResult {
  imported: number;
  skipped: number;
  skipped_addresses: { email: string; reason: string }[];
  dry_run?: true;
  would_import?: string[];
}

export function registerSubscribers(program: Command, ctx: CliContext): void {
  const subscribers = program.command('subscribers').description('count, import and export email subscribers');

  subscribers
    .command('count')
    .description('subscribers by status')
    .action(async (_options, command: Command) => {
      const client = ctx.client();
      const counts = Object.fromEntries(
        await Promise.all(STATUSES.map(async (status) => [status, (await client.get<SubscriberPage>('/subscribers', { status, limit: 1 })).count] as const)),
      ) as Record<(typeof STATUSES)[number], number>;
      const total = STATUSES.reduce((sum, s) => sum + counts[s], 0);
      if (ctx.wantsJson(command)) return ctx.printJson({ total, ...counts });
      ctx.print(`${total} subscribers: ${counts.confirmed} confirmed, ${counts.pending} pending, ${counts.suppressed} suppressed`);
    });

  subscribers
    .command('import')
    .description('add the addresses of a CSV file (column "email", else the first; optional "components")')
    .argument('<file>', 'FILE.csv')
    .option('--dry-run', 'say what would be imported and skipped; change nothing')
    .option('--confirmed', 'already confirmed elsewhere (e.g. Statuspage): no confirmation mail')
    .action(async (file: string, options: { dryRun?: boolean; confirmed?: boolean }, command: Command) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const rows = subscribersFromCsv(text, file);
      if (rows.length === 0) throw new UsageError(`${file} holds no addresses`);
      const client = ctx.client();
      const total: ImportResult = { imported: 0, skipped: 0, skipped_addresses: [], ...(options.dryRun ? { dry_run: true as const, would_import: [] } : {}) };
      const bar = progress(options.dryRun ? 'Checking' : 'Importing', Boolean(process.stderr.isTTY) && !ctx.wantsJson(command));
      bar.start(rows.length);
      try {
        for (let at = 0; at < rows.length; at += BATCH) {
          const batch = rows.slice(at, at + BATCH);
          const result = await client.post<ImportResult>('/subscribers', {
            subscribers: batch,
            ...(options.confirmed ? { confirmed: true } : {}),
            ...(options.dryRun ? { dry_run: true } : {}),
          });
          total.imported += result.imported;
          total.skipped += result.skipped;
          total.skipped_addresses.push(...result.skipped_addresses);
          total.would_import?.push(...(result.would_import ?? []));
          bar.advance(batch.length);
        }
      } finally {
        bar.stop();
      }
      if (ctx.wantsJson(command)) return ctx.printJson(total);
      ctx.print(options.dryRun ? `Dry run: would import ${total.imported}, would skip ${total.skipped}; nothing was changed.` : `Imported ${total.imported}, skipped ${total.skipped}.`);
      for (const skipped of total.skipped_addresses) ctx.print(`  skipped ${clean(skipped.email)}: ${skipped.reason}`);
    });

  subscribers
    .command('export')
    .description('every subscriber as CSV on stdout (--json: a JSON array)')
    .option('--status <status>', STATUSES.join(', '))
    .action(async (options: { status?: string }, command: Command) => {
      if (options.status && !(STATUSES as readonly string[]).includes(options.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      const client = ctx.client();
      const json = ctx.wantsJson(command);
      const all: Subscriber[] = [];
      const bar = progress('Exporting', Boolean(process.stderr.isTTY));
      let cursor: string | undefined;
      if (!json) ctx.print(csvLine(['email', 'status', 'components', 'source', 'created_at', 'confirmed_at']));
      try {
        do {
          const page = await client.get<SubscriberPage>('/subscribers', { status: options.status, limit: BATCH, cursor });
          if (cursor === undefined) bar.start(page.count);
          for (const s of page.subscribers) {
            if (json) all.push(s);
            else ctx.print(csvLine([s.email, s.status, s.components.join(' '), s.source, s.created_at, s.confirmed_at ?? '']));
          }
          bar.advance(page.subscribers.length);
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
      } finally {
        bar.stop();
      }
      if (json) ctx.printJson(all);
    });
}
