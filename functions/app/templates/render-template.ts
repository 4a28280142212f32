// A template filled for one use: the draft the console and the CLI preview, exactly what a post
// of it would say. With an incident, its title, severity, start and components fill it.
import type { ComponentStatus } from '#core/component-status';
import { nextUpdateDue } from '#core/cadence';
import { ValidationError } from '#core/errors';
import { INCIDENT_STATUSES, type IncidentStatus } from '#core/incident-lifecycle';
import { renderTemplate, type RenderContext, type RenderedTemplate } from '#core/templates';
import type { AppDeps } from '../deps';
import { componentMoves } from '../incidents/component-moves';
import { getTemplate } from './get-template';

export interface RenderTemplateInput {
  incident_id?: string;
  /** Components for this draft, over the template's own. */
  components?: Record<string, ComponentStatus>;
}

export interface TemplateDraft extends RenderedTemplate {
  template_id: string;
  template_version: number;
  kind: 'incident' | 'maintenance';
  incident_id: string | null;
  /** The time the next public update is promised by, when the severity's cadence sets one. */
  next_update_at: string | null;
  /** What the draft left out, e.g. a component the template names that was deleted since. */
  warnings: string[];
}

export async function renderTemplateDraft(deps: AppDeps, id: string, input: RenderTemplateInput): Promise<TemplateDraft> {
  const template = await getTemplate(deps, id);
  const now = deps.now();
  const components = new Map((await deps.store.components.list()).map((c) => [c.id, c]));
  await componentMoves(deps, input.components, now, 'render', components); // unknown ids: 400

  const incident = input.incident_id ? await deps.store.incidents.get(input.incident_id) : null;
  if (input.incident_id && !incident) {
    throw new ValidationError('No such incident.', [{ path: 'incident_id', message: `no incident ${input.incident_id}` }]);
  }
  const gone = Object.keys(template.components).filter((cid) => !components.get(cid) || components.get(cid)!.group);
  const kept = Object.fromEntries(Object.entries(template.components).filter(([cid]) => !gone.includes(cid)));

  const severity = incident?.severity ?? template.severity ?? null;
  const status = template.status;
  const isIncidentStatus = (INCIDENT_STATUSES as ReadonlyArray<string>).includes(status);
  const next_update_at =
    template.kind === 'incident' && severity && isIncidentStatus
      ? nextUpdateDue({ status: status as IncidentStatus, last_update_at: now }, deps.config.severities[severity])
      : null;
  const names: Record<string, string> = { ...incident?.component_names };
  for (const [cid, c] of components) names[cid] = c.name;
  const affected = Object.fromEntries(
    (incident?.component_ids ?? []).flatMap((cid) => {
      const c = components.get(cid);
      return c && !c.group ? [[cid, c.status] as const] : [];
    }),
  );
  const context: RenderContext = {
    now,
    timeZone: deps.config.page.time_zone,
    title: incident?.title ?? null,
    severity,
    started_at: incident?.started_at ?? now,
    next_update_at,
    components: input.components,
    componentNames: names,
    affected,
  };
  const rendered = renderTemplate({ ...template, components: kept }, context);
  return {
    ...rendered,
    // An update keeps its incident's title: the template's title is for declaring.
    title: incident?.title ?? rendered.title,
    template_id: template.id,
    template_version: template.version,
    kind: template.kind,
    incident_id: incident?.id ?? null,
    next_update_at,
    warnings: gone.map((cid) => `The template names component ${cid}, which no longer exists (or is a group): left out.`),
  };
}
