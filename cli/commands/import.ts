// `herald import statuspage|herald`: move history into Herald through /v1 (PUT /v1/imports/…),
// notifying nobody; `--dry-run` prints what would change, field by field, and changes nothing. A
// second run changes nothing; an interrupted one, run again, ends where an uninterrupted one would.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { progress } from '../output/progress';
import { checkTimeZone, mapCachet } from '../import/cachet-map';
import { fetchCachet } from '../import/fetch-cachet';
import { fetchStatuspage } from '../import/fetch-statuspage';
import { SourceError } from '../import/fetcher';
import { exportProblem, mapHeraldExport, type HeraldExport } from '../import/herald-export';
import { reportText } from '../import/report-text';
import { mapStatuspage, parseSeverityMap } from '../import/statuspage-map';
import type { HeraldClient } from '../api-client';
import type { Mapped } from '../import/records';
import { writeRecords } from '../import/write-records';
import { CliError } from '../errors';
import { registerExport } from './export';

/** The source could not be read (exit 3, as Herald out of reach). */
class SourceUnreachableError extends CliError {
  override readonly exitCode = 3;
}

const whole = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number from ${min}, not "${value}"`);
  return n;
};

/** Writes the mapped records (or compares them, in a dry run) with a progress bar, then prints the report. */
async function writeAndReport(
  ctx: CliContext,
  command: Command,
  client: HeraldClient,
  mapped: Mapped,
  options: { system: string; dryRun?: boolean; concurrency: number; verb: 'Importing' | 'Restoring' },
): Promise<void> {
  const report = await writeRecords(client, mapped, {
    system: options.system,
    dryRun: Boolean(options.dryRun),
    concurrency: options.concurrency,
    progress: progress(options.dryRun ? 'Comparing' : options.verb),
  });
  if (ctx.wantsJson(command)) return ctx.printJson(report);
  ctx.print(reportText(report, ctx.paint));
}

/** `herald import …` and `herald export`: one registrar for moving in and out. */
export function registerImport(program: Command, ctx: CliContext): void {
  registerExport(program, ctx);
  const importCommand = program.command('import').description('move history in: from Statuspage, Cachet, or a Herald export (notifies nobody)');

  importCommand
    .command('statuspage')
    .description("import a Statuspage page through its manage API: groups, components, incidents, maintenance, postmortems, templates, email subscribers")
    .requiredOption('--page-id <id>', "the Statuspage page's id")
    .option('--api-key <key>', 'a Statuspage API key (default: STATUSPAGE_API_KEY)')
    .option('--source-url <url>', "Statuspage's API", 'https://api.statuspage.io/v1')
    .option('--dry-run', 'print what would be created, updated, same or skipped; change nothing')
    .option('--severity-map <pairs>', 'impact=severity pairs over critical=SEV1,major=SEV2,minor=SEV3,none=SEV4')
    .option('--no-subscribers', 'leave subscribers out')
    .option('--min-interval-ms <ms>', 'least time between two requests to Statuspage (its limit: 1000)', whole('--min-interval-ms', 0), 1000)
    .option('--concurrency <n>', 'records written to Herald at once', whole('--concurrency', 1), 4)
    .option('--per-page <n>', 'items per page asked of Statuspage (its most: 100)', whole('--per-page', 1), 100)
    .action(async (options: { pageId: string; apiKey?: string; sourceUrl: string; dryRun?: boolean; severityMap?: string; subscribers: boolean; minIntervalMs: number; concurrency: number; perPage: number }, command: Command) => {
      let severities;
      try {
        severities = parseSeverityMap(options.severityMap);
      } catch (error) {
        throw new UsageError(`--severity-map: ${(error as Error).message}`);
      }
      const client = ctx.client(); // fails fast (before reading Statuspage) when Herald is not configured
      let data;
      let later;
      try {
        ({ data, later } = await fetchStatuspage({
          pageId: options.pageId,
          apiKey: options.apiKey ?? ctx.env.STATUSPAGE_API_KEY,
          sourceUrl: options.sourceUrl,
          subscribers: options.subscribers,
          subscribersLater: true,
          perPage: options.perPage,
          fetcher: { minIntervalMs: options.minIntervalMs, onWait: (reason, ms) => ctx.note(`Statuspage: ${reason}; waiting ${Math.ceil(ms / 1000)} s`) },
          onStep: (step) => (process.stderr.isTTY ? ctx.note(`Reading ${step}…`) : undefined),
        }));
      } catch (error) {
        if (error instanceof SourceError) throw new SourceUnreachableError(`Statuspage: ${error.message}`);
        throw error;
      }
      const mapped = mapStatuspage(data, severities);
      // The subscribers are read while the records are written, and mapped on their own.
      if (later) {
        mapped.later = later.then(
          (subscribers) => {
            const { subscribers: mappedSubscribers, skipped } = mapStatuspage({ groups: [], components: [], incidents: [], templates: [], subscribers }, severities);
            return { subscribers: mappedSubscribers, skipped };
          },
          (error: unknown) => {
            throw error instanceof SourceError ? new SourceUnreachableError(`Statuspage: ${error.message}`) : error;
          },
        );
        mapped.later.catch(() => undefined); // writeRecords awaits it; a failure before then is not unhandled
      }
      await writeAndReport(ctx, command, client, mapped, { system: 'statuspage', ...options, verb: 'Importing' });
    });

  importCommand
    .command('cachet')
    .description("import a Cachet 3 instance through its JSON:API: groups, components, incidents with their updates, schedules, subscribers (with a token)")
    .requiredOption('--url <url>', "the Cachet instance's address (its API is under /api)")
    .option('--token <token>', 'a Cachet API token, for subscribers (default: CACHET_TOKEN)')
    .option('--time-zone <zone>', "the instance's time zone (IANA, e.g. Europe/Paris): Cachet's times carry none")
    .option('--severity <sev>', 'the severity of every imported incident (Cachet has none)', 'SEV3')
    .option('--dry-run', 'print what would be created, updated, same or skipped; change nothing')
    .option('--no-subscribers', 'leave subscribers out')
    .option('--min-interval-ms <ms>', 'least time between two requests to Cachet', whole('--min-interval-ms', 0), 200)
    .option('--concurrency <n>', 'records written to Herald at once', whole('--concurrency', 1), 4)
    .option('--per-page <n>', 'items per page asked of Cachet', whole('--per-page', 1), 100)
    .action(async (options: { url: string; token?: string; timeZone?: string; severity: string; dryRun?: boolean; subscribers: boolean; minIntervalMs: number; concurrency: number; perPage: number }, command: Command) => {
      if (!options.timeZone) throw new UsageError("--time-zone is required: Cachet's times carry no zone (give the instance's, e.g. --time-zone Europe/Paris)");
      try {
        checkTimeZone(options.timeZone);
      } catch {
        throw new UsageError(`--time-zone: "${options.timeZone}" is not an IANA time zone (e.g. Europe/Paris, UTC)`);
      }
      const severity = options.severity.toUpperCase().replace(/^P/, 'SEV');
      if (!/^SEV[0-4]$/.test(severity)) throw new UsageError(`--severity: "${options.severity}" is not SEV0–SEV4`);
      const token = options.token ?? ctx.env.CACHET_TOKEN;
      if (options.subscribers && !token) ctx.note('No --token: subscribers are left out (Cachet shows them only with a token).');
      const client = ctx.client(); // fails fast (before reading Cachet) when Herald is not configured
      let data;
      try {
        ({ data } = await fetchCachet({
          url: options.url,
          token,
          subscribers: options.subscribers && Boolean(token),
          perPage: options.perPage,
          fetcher: { minIntervalMs: options.minIntervalMs, onWait: (reason, ms) => ctx.note(`Cachet: ${reason}; waiting ${Math.ceil(ms / 1000)} s`) },
          onStep: (step) => (process.stderr.isTTY ? ctx.note(`Reading ${step}…`) : undefined),
        }));
      } catch (error) {
        if (error instanceof SourceError) throw new SourceUnreachableError(`Cachet: ${error.message}`);
        throw error;
      }
      await writeAndReport(ctx, command, client, mapCachet(data, { timeZone: options.timeZone, severity }), { system: 'cachet', ...options, verb: 'Importing' });
    });

  importCommand
    .command('herald')
    .description('restore a Herald export (herald export > FILE) into this deployment, ids kept')
    .argument('<file>', 'the export (JSON)')
    .option('--dry-run', 'print what would be created, updated, same or skipped; change nothing')
    .option('--concurrency <n>', 'records written at once', whole('--concurrency', 1), 4)
    .action(async (file: string, options: { dryRun?: boolean; concurrency: number }, command: Command) => {
      let doc: unknown;
      try {
        doc = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UsageError(`${file}: ${(error as Error).message}`);
      }
      const problem = exportProblem(doc);
      if (problem) throw new UsageError(`${file}: ${problem}`);
      await writeAndReport(ctx, command, ctx.client(), mapHeraldExport(doc as HeraldExport), { system: 'herald', ...options, verb: 'Restoring' });
    });
}
