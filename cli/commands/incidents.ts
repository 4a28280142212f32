// `herald incidents list|show|declare|update|resolve|edit`. declare and update ask for what is
// missing on a terminal (severity with its meaning, template, components) and refuse, naming
// it, without one.
import type { Command } from 'commander';
import { segment, type HeraldClient } from '../api-client';
import type { Component, Incident, Template, TemplateDraft } from '../api-types';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { cleanBlock, clean } from '../output/table';
import { localTime, localZoneName } from '../output/time';
import { incidentTable, nextUpdateDue, statusStyle } from '../output/views';
import { Asker, type Choice } from '../prompts';
import { collect, componentMap, COMPONENT_STATUSES, INCIDENT_STATUSES, instant, oneOf, severity, SEVERITY_MEANINGS } from './input';

interface DeclareOptions {
  title?: string;
  severity?: string;
  message?: string;
  status?: string;
  component: string[];
  template?: string;
  notify: boolean;
  nextUpdateAt?: string;
  startedAt?: string;
}

interface UpdateOptions {
  status?: string;
  message?: string;
  component: string[];
  template?: string;
  restoreComponents?: boolean;
  notify: boolean;
  nextUpdateAt?: string;
}

export function registerIncidents(program: Command, ctx: CliContext): void {
  const incidents = program.command('incidents').description('list, show, declare, update, resolve and edit incidents');

  incidents
    .command('list')
    .description('incidents, newest first')
    .option('--state <state>', 'open, resolved or all', 'all')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { state: string; limit: string }, command: Command) => {
      oneOf('--state', ['open', 'resolved', 'all'], options.state);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100');
      const list = await ctx.client().get<Incident[]>('/incidents', { state: options.state, limit });
      if (ctx.wantsJson(command)) return ctx.printJson(list);
      ctx.print(list.length === 0 ? 'No incidents.' : `${incidentTable(list, ctx, options.state === 'open')}\n(times in ${localZoneName()})`);
    });

  incidents
    .command('show')
    .description('an incident with its updates, oldest first')
    .argument('<id>', 'INC-…')
    .action(async (id: string, _options, command: Command) => {
      const incident = await ctx.client().get<Incident>(`/incidents/${segment(id, 'incident id')}`);
      if (ctx.wantsJson(command)) return ctx.printJson(incident);
      printIncident(incident, ctx);
    });

  incidents
    .command('declare')
    .description('declare an incident (asks for what is missing on a terminal)')
    .option('-t, --title <title>', 'public title')
    .option('-s, --severity <sev>', 'SEV0–SEV4 (or P0–P4)')
    .option('-m, --message <markdown>', 'the first public update')
    .option('--status <status>', `first status (${INCIDENT_STATUSES.join(', ')})`)
    .option('-c, --component <name=status>', 'a component and the status it goes into (repeatable)', collect, [])
    .option('--template <name-or-id>', 'start from an incident template')
    .option('--no-notify', 'mail nobody')
    .option('--next-update-at <time>', '"next update by" (ISO 8601, or "YYYY-MM-DD HH:MM" local)')
    .option('--started-at <time>', 'when the impact began, if before now')
    .action(async (options: DeclareOptions, command: Command) => {
      const answer = await declare(options, command, ctx);
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      ctx.print(`Declared ${answer.id}  ${answer.severity}  ${answer.status}  ${clean(answer.title)}`);
      ctx.print(`Next update due: ${nextUpdateDue(answer, ctx)}`);
    });

  incidents
    .command('update')
    .description('post an update (asks for what is missing on a terminal)')
    .argument('<id>', 'INC-…')
    .option('--status <status>', INCIDENT_STATUSES.join(', '))
    .option('-m, --message <markdown>', 'the public update')
    .option('-c, --component <name=status>', 'a component and its new status (repeatable)', collect, [])
    .option('--template <name-or-id>', 'take the message (and status) from a template')
    .option('--restore-components', "set the incident's components operational")
    .option('--no-notify', 'mail nobody')
    .option('--next-update-at <time>', '"next update by"')
    .action(async (id: string, options: UpdateOptions, command: Command) => {
      const answer = await postUpdate(id, options, command, ctx);
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      reportPosted(answer, ctx);
    });

  incidents
    .command('resolve')
    .description('post the resolving update')
    .argument('<id>', 'INC-…')
    .option('-m, --message <markdown>', 'the public update', 'This incident has been resolved.')
    .option('--restore-components', "set the incident's components operational with it")
    .option('--no-notify', 'mail nobody')
    .action(async (id: string, options: { message: string; restoreComponents?: boolean; notify: boolean }, command: Command) => {
      const answer = await ctx.client().post<Incident>(`/incidents/${segment(id, 'incident id')}/updates`, {
        status: 'resolved',
        message: options.message,
        ...(options.restoreComponents ? { restore_components: true } : {}),
        ...(options.notify ? {} : { notify: false }),
      });
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      reportPosted(answer, ctx);
    });

  incidents
    .command('edit')
    .description('change title, severity, roles or start time (no update is posted)')
    .argument('<id>', 'INC-…')
    .option('-t, --title <title>', 'public title')
    .option('-s, --severity <sev>', 'SEV0–SEV4')
    .option('--commander <name>', 'incident commander')
    .option('--comms <name>', 'communications lead')
    .option('--scribe <name>', 'scribe')
    .option('--tech-lead <name>', 'technical lead')
    .option('--started-at <time>', 'when the impact began (a correction)')
    .option('--if-match <version>', 'refuse (412) unless the incident is still at this version')
    .action(async (id: string, options: Record<string, string | undefined>, command: Command) => {
      const roles = Object.fromEntries(
        (['commander', 'comms', 'scribe', 'techLead'] as const)
          .filter((role) => options[role] !== undefined)
          .map((role) => [role === 'techLead' ? 'tech_lead' : role, options[role] || null]),
      );
      const body = {
        ...(options.title ? { title: options.title } : {}),
        ...(options.severity ? { severity: severity(options.severity) } : {}),
        ...(Object.keys(roles).length ? { roles } : {}),
        ...(options.startedAt ? { started_at: instant('--started-at', options.startedAt) } : {}),
      };
      if (Object.keys(body).length === 0) {
        throw new UsageError('incidents edit: give at least one of --title, --severity, --commander, --comms, --scribe, --tech-lead, --started-at');
      }
      const ifMatch = options.ifMatch === undefined ? undefined : Number(options.ifMatch);
      if (ifMatch !== undefined && !Number.isInteger(ifMatch)) throw new UsageError('--if-match takes a version number');
      const answer = await ctx.client().patch<Incident>(`/incidents/${segment(id, 'incident id')}`, body, { ifMatch });
      if (ctx.wantsJson(command)) return ctx.printJson(answer);
      ctx.print(`${answer.id} is now version ${answer.version}: ${answer.severity} ${clean(answer.title)}`);
    });
}

async function declare(options: DeclareOptions, command: Command, ctx: CliContext): Promise<Incident> {
  const ask = new Asker(ctx, 'incidents declare');
  const client = ctx.client();
  if (!options.template) ask.requireAll({ '--title': options.title, '--severity': options.severity, '--message': options.message });
  // A template fills what was not given; on a terminal with nothing given, offer one.
  let draft: TemplateDraft | undefined;
  const templateRef = options.template ?? (ctx.interactive && !options.title && !options.message ? await pickTemplate(client, ask, 'incident') : undefined);
  if (templateRef) draft = await renderTemplate(client, templateRef, 'incident', await componentMap(client, options.component));
  if (options.template && !draft?.severity) ask.requireAll({ '--severity': options.severity });

  const sev = await ask.select(
    '--severity',
    severity(options.severity) ?? draft?.severity ?? undefined,
    'Severity',
    Object.entries(SEVERITY_MEANINGS).map(([value, meaning]) => ({ value, label: value, hint: meaning })),
    'SEV2',
  );
  const title = await ask.text('--title', options.title ?? draft?.title, 'Title (public)');
  const message = await ask.text('--message', options.message ?? draft?.message, 'First update (Markdown, public)');
  let components = { ...(draft?.components ?? {}), ...((await componentMap(client, options.component)) ?? {}) };
  if (ctx.interactive && options.component.length === 0 && !draft) components = await pickComponents(client, ask, 'major_outage');
  return client.post<Incident>('/incidents', {
    title,
    severity: sev,
    message,
    ...(options.status || draft?.status ? { status: oneOf('--status', INCIDENT_STATUSES, options.status ?? draft?.status) } : {}),
    ...(Object.keys(components).length ? { components } : {}),
    ...(options.notify === false ? { notify: false } : draft?.notify === false ? { notify: false } : {}),
    ...(options.nextUpdateAt ? { next_update_at: instant('--next-update-at', options.nextUpdateAt) } : {}),
    ...(options.startedAt ? { started_at: instant('--started-at', options.startedAt) } : {}),
  });
}

async function postUpdate(id: string, options: UpdateOptions, command: Command, ctx: CliContext): Promise<Incident> {
  const ask = new Asker(ctx, 'incidents update');
  const client = ctx.client();
  const path = `/incidents/${segment(id, 'incident id')}`;
  if (!options.template) ask.requireAll({ '--status': options.status, '--message': options.message });
  let draft: TemplateDraft | undefined;
  const templateRef = options.template ?? (ctx.interactive && !options.message ? await pickTemplate(client, ask, 'incident') : undefined);
  if (templateRef) draft = await renderTemplate(client, templateRef, 'incident', undefined, id);
  const current = ctx.interactive ? await client.get<Incident>(path) : undefined;
  const status = await ask.select(
    '--status',
    oneOf('--status', INCIDENT_STATUSES, options.status ?? draft?.status),
    `Status (now ${current?.status ?? '?'})`,
    INCIDENT_STATUSES.map((value) => ({ value, label: value })),
    current?.status as (typeof INCIDENT_STATUSES)[number] | undefined,
  );
  const message = await ask.text('--message', options.message ?? draft?.message, 'Update (Markdown, public)');
  let components = (await componentMap(client, options.component)) ?? {};
  if (ctx.interactive && options.component.length === 0 && !options.restoreComponents && current && current.components.length > 0) {
    components = await pickComponents(client, ask, status === 'resolved' || status === 'monitoring' ? 'operational' : 'major_outage', current.components);
  }
  return client.post<Incident>(`${path}/updates`, {
    status,
    message,
    ...(Object.keys(components).length ? { components } : {}),
    ...(options.restoreComponents ? { restore_components: true } : {}),
    ...(options.notify === false ? { notify: false } : {}),
    ...(options.nextUpdateAt ? { next_update_at: instant('--next-update-at', options.nextUpdateAt) } : {}),
  });
}

async function pickTemplate(client: HeraldClient, ask: Asker, kind: Template['kind']): Promise<string | undefined> {
  const templates = (await client.get<Template[]>('/templates')).filter((t) => t.kind === kind);
  if (templates.length === 0) return undefined;
  const choices: Choice<string>[] = [
    { value: '', label: 'No template' },
    ...templates.map((t) => ({ value: t.id, label: clean(t.name), hint: [t.severity, t.status].filter(Boolean).join(' · ') })),
  ];
  const picked = await ask.select('--template', undefined, 'Start from a template?', choices, '');
  return picked || undefined;
}

async function renderTemplate(
  client: HeraldClient,
  ref: string,
  kind: Template['kind'],
  components: Record<string, string> | undefined,
  incidentId?: string,
): Promise<TemplateDraft> {
  const templates = await client.get<Template[]>('/templates');
  const found =
    templates.find((t) => t.id === ref) ?? templates.find((t) => t.kind === kind && t.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw new UsageError(`no ${kind} template ${ref} (herald templates list)`);
  return client.post<TemplateDraft>(`/templates/${segment(found.id, 'template id')}/render`, {
    ...(components ? { components } : {}),
    ...(incidentId ? { incident_id: incidentId } : {}),
  });
}

async function pickComponents(client: HeraldClient, ask: Asker, defaultStatus: string, only?: string[]): Promise<Record<string, string>> {
  const components = (await client.get<Component[]>('/components')).filter((c) => !c.is_group && (!only || only.includes(c.id)));
  const ids = await ask.multiselect(
    'Components affected (space to choose, enter when done)',
    components.map((c) => ({ value: c.id, label: clean(c.group_name ? `${c.group_name} / ${c.name}` : c.name), hint: c.status })),
  );
  if (ids.length === 0) return {};
  const status = await ask.select(
    '--component',
    undefined,
    'Their status',
    COMPONENT_STATUSES.map((value) => ({ value, label: value })),
    defaultStatus as (typeof COMPONENT_STATUSES)[number],
  );
  return Object.fromEntries(ids.map((id) => [id, status]));
}

function reportPosted(answer: Incident, ctx: CliContext): void {
  const last = answer.updates[answer.updates.length - 1];
  ctx.print(`${answer.id} ${statusStyle(ctx)(answer.status)} (update ${last?.seq ?? '?'}, version ${answer.version})`);
  for (const warning of answer.warnings ?? []) ctx.note(`warning: ${clean(warning)}`);
}

function printIncident(incident: Incident, ctx: CliContext): void {
  const { bold, dim } = ctx.paint;
  const style = statusStyle(ctx);
  ctx.print(`${bold(incident.id)}  ${incident.severity}  ${style(incident.status)}  ${bold(clean(incident.title))}`);
  ctx.print(`Started ${localTime(incident.started_at)}${incident.resolved_at ? `, resolved ${localTime(incident.resolved_at)}` : ''}`);
  if (incident.status !== 'resolved') ctx.print(`Next update due: ${nextUpdateDue(incident, ctx)}`);
  const roles = Object.entries(incident.roles).filter(([, name]) => name);
  if (roles.length) ctx.print(`Roles: ${roles.map(([role, name]) => `${role} ${clean(String(name))}`).join(', ')}`);
  for (const update of incident.updates) {
    ctx.print('');
    const changes = update.component_changes.map((c) => `${clean(c.name)} → ${c.new_status}`).join(', ');
    ctx.print(`${dim(localTime(update.created_at))}  ${style(update.status)}${changes ? `  (${changes})` : ''}${update.notify ? '' : dim('  (no mail)')}`);
    ctx.print(cleanBlock(update.message).replace(/^/gm, '  '));
  }
  if (incident.postmortem) ctx.print(`\nPostmortem: ${incident.postmortem.published ? `published ${localTime(incident.postmortem.published_at)}` : 'draft'}`);
}
