// `herald postmortem draft <id>` prints a Markdown draft pre-filled from the incident (redirect
// it to a file and edit it); `herald postmortem publish <id> --file F` publishes it (`-`: stdin).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { segment } from '../api-client';
import type { Incident } from '../api-types';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { localTime } from '../output/time';

export function registerPostmortem(program: Command, ctx: CliContext): void {
  const postmortem = program.command('postmortem').description('draft and publish an incident\'s postmortem');

  postmortem
    .command('draft')
    .description('a Markdown draft pre-filled from the incident, on stdout')
    .argument('<id>', 'INC-…')
    .action(async (id: string, _options, command: Command) => {
      const path = `/incidents/${segment(id, 'incident id')}/postmortem/draft`;
      if (ctx.wantsJson(command)) return ctx.printJson(await ctx.client().get(path));
      const answer = await ctx.client().request<string>('GET', path, { accept: 'text/markdown' });
      ctx.print(answer.body.trimEnd());
    });

  postmortem
    .command('publish')
    .description('publish the postmortem written in a Markdown file')
    .argument('<id>', 'INC-…')
    .requiredOption('-f, --file <file>', 'the Markdown (- reads stdin)')
    .option('--draft', 'save it unpublished instead')
    .action(async (id: string, options: { file: string; draft?: boolean }, command: Command) => {
      const body = (await readBody(options.file)).trim();
      if (!body) throw new UsageError(`${options.file === '-' ? 'stdin' : options.file} is empty`);
      const answer = await ctx.client().put<Incident>(`/incidents/${segment(id, 'incident id')}/postmortem`, { body, published: !options.draft });
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      const pm = answer.postmortem;
      ctx.print(pm?.published ? `Published the postmortem of ${answer.id} (${localTime(pm.published_at)})` : `Saved the postmortem of ${answer.id} as a draft`);
    });
}

async function readBody(file: string): Promise<string> {
  try {
    if (file !== '-') return await readFile(file, 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
