// `herald templates list|show`.
import type { Command } from 'commander';
import { segment } from '../api-client';
import type { Template } from '../api-types';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { clean, cleanBlock, table } from '../output/table';

export function registerTemplates(program: Command, ctx: CliContext): void {
  const templates = program.command('templates').description('incident and maintenance templates');

  templates
    .command('list')
    .description('every template, incident ones then maintenance ones')
    .action(async (_options, command: Command) => {
      const list = await ctx.client().get<Template[]>('/templates');
      if (ctx.wantsJson(command)) return ctx.printJson(list);
      ctx.print(
        table(
          list,
          [
            { header: 'ID', value: (t) => t.id },
            { header: 'KIND', value: (t) => t.kind },
            { header: 'SEV', value: (t) => t.severity ?? '—' },
            { header: 'STATUS', value: (t) => t.status },
            { header: 'NAME', value: (t) => t.name },
          ],
          ctx.paint.bold,
        ),
      );
    });

  templates
    .command('show')
    .description('a template: title, status, components and body')
    .argument('<template>', 'its id or name')
    .action(async (ref: string, _options, command: Command) => {
      const client = ctx.client();
      const list = await client.get<Template[]>('/templates');
      const found = list.find((t) => t.id === ref) ?? list.find((t) => t.name.toLowerCase() === ref.toLowerCase());
      if (!found) throw new UsageError(`no template ${ref} (herald templates list)`);
      const template = await client.get<Template>(`/templates/${segment(found.id, 'template id')}`);
      if (ctx.wantsJson(command)) return ctx.printJson(template);
      const { bold } = ctx.paint;
      ctx.print(`${bold(clean(template.name))}  (${template.kind}, ${template.id})`);
      ctx.print(`Title:    ${clean(template.title)}`);
      ctx.print(`Status:   ${template.status}${template.severity ? `   Severity: ${template.severity}` : ''}   Notify: ${template.notify ? 'yes' : 'no'}`);
      const components = Object.entries(template.components);
      if (components.length) ctx.print(`Components: ${components.map(([id, status]) => `${id}=${status}`).join(', ')}`);
      ctx.print('');
      ctx.print(cleanBlock(template.body));
    });
}
