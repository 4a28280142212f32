// `herald components list|create|set`.
import type { Command } from 'commander';
import { segment } from '../api-client';
import type { Component } from '../api-types';
import type { CliContext } from '../context';
import { clean } from '../output/table';
import { componentTable, statusStyle } from '../output/views';
import { COMPONENT_STATUSES, findComponent, oneOf } from './input';

export function registerComponents(program: Command, ctx: CliContext): void {
  const components = program.command('components').description('list, create and set components');

  components
    .command('list')
    .description('every component, each group followed by its components')
    .action(async (_options, command: Command) => {
      const list = await ctx.client().get<Component[]>('/components');
      if (ctx.wantsJson(command)) return ctx.printJson(list);
      ctx.print(list.length === 0 ? 'No components.' : componentTable(list, ctx));
    });

  components
    .command('create')
    .description('create a component')
    .argument('<name>', 'its name on the page')
    .option('-g, --group <group>', 'the group to put it in (created when missing)')
    .option('-d, --description <text>', 'shown beside it on the page')
    .option('--status <status>', COMPONENT_STATUSES.join(', '))
    .action(async (name: string, options: { group?: string; description?: string; status?: string }, command: Command) => {
      const created = await ctx.client().post<Component>('/components', {
        name,
        ...(options.group ? { group_name: options.group } : {}),
        ...(options.description ? { description: options.description } : {}),
        ...(options.status ? { status: oneOf('--status', COMPONENT_STATUSES, options.status) } : {}),
      });
      if (ctx.wantsJson(command)) return ctx.printJson(created);
      ctx.print(`Created ${created.id}  ${clean(created.group_name ? `${created.group_name} / ${created.name}` : created.name)}  ${statusStyle(ctx)(created.status)}`);
    });

  components
    .command('set')
    .description("set a component's status (outside any incident)")
    .argument('<component>', 'its id or name')
    .argument('<status>', COMPONENT_STATUSES.join(', '))
    .action(async (ref: string, status: string, _options, command: Command) => {
      const wanted = oneOf('status', COMPONENT_STATUSES, status)!;
      const client = ctx.client();
      const component = findComponent(await client.get<Component[]>('/components'), ref);
      const changed = await client.patch<Component>(`/components/${segment(component.id, 'component id')}`, { status: wanted }, { ifMatch: component.version });
      if (ctx.wantsJson(command)) return ctx.printJson(changed);
      ctx.print(`${clean(changed.name)}: ${component.status} → ${statusStyle(ctx)(changed.status)}`);
    });
}
