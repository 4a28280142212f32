// Incident and maintenance templates: what a responder reuses so the first public update takes
// seconds, not minutes. A template presets the title, status, Markdown body, the components it
// affects *with their target status* and the notify default; its text carries placeholders that
// renderTemplate fills. Pure: the time comes in as a parameter.
import { zonedTimeLabel } from '#content/zoned-time';
import { isComponentStatus, type ComponentStatus } from './component-status';
import type { FieldError } from './errors';
import { INCIDENT_STATUSES, type IncidentStatus } from './incident-lifecycle';
import { MAINTENANCE_STATUSES, type MaintenanceStatus } from './maintenance-lifecycle';
import { SEVERITIES, type Severity } from './severity';

export const TEMPLATE_KINDS = ['incident', 'maintenance'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Every placeholder a template may use, `{{name}}` in its title or body. */
export const TEMPLATE_PLACEHOLDERS = ['title', 'severity', 'components', 'started_at', 'next_update_at'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export interface Template {
  id: string;
  name: string;
  kind: TemplateKind;
  title: string;
  /** An incident status for incident templates, a maintenance status for maintenance ones. */
  status: IncidentStatus | MaintenanceStatus;
  /** Markdown with placeholders. */
  body: string;
  /** Component id → the status the template puts it in. */
  components: Record<string, ComponentStatus>;
  severity: Severity | null;
  /** Whether posting it notifies subscribers, unless the responder says otherwise. */
  notify: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  /** Where an import brought it from (core/import-source.ts); absent: made in Herald. */
  source?: import('./import-source').ImportSource | null;
}

/** What a template is filled with. Anything absent renders as a phrase, never "undefined". */
export interface RenderContext {
  /** The time of rendering, ISO 8601 UTC: times on the same UTC day are written without the date. */
  now: string;
  /** The page's zone: times are written in UTC, with this zone's clock beside when it differs. */
  timeZone?: string;
  /** The incident's title (an update to it), else the template's own title fills `{{title}}`. */
  title?: string | null;
  severity?: Severity | null;
  started_at?: string | null;
  next_update_at?: string | null;
  /** Components for this draft, over the template's own (same id: this status wins). */
  components?: Record<string, ComponentStatus>;
  /** Components' names by id; an id without a name is written as the id. */
  componentNames?: Readonly<Record<string, string>>;
  /** What `{{components}}` names when the draft moves none (e.g. the incident's components now). */
  affected?: Record<string, ComponentStatus>;
}

export interface RenderedTemplate {
  title: string;
  message: string;
  status: IncidentStatus | MaintenanceStatus;
  severity: Severity | null;
  components: Record<string, ComponentStatus>;
  notify: boolean;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders named in `text`, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

export function isPlaceholder(name: string): name is TemplatePlaceholder {
  return (TEMPLATE_PLACEHOLDERS as ReadonlyArray<string>).includes(name);
}

export function statusesOf(kind: TemplateKind): ReadonlyArray<string> {
  return kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
}

/**
 * What is wrong with a template's own fields, one entry per field: unknown placeholders (named),
 * a status of the other kind, a severity on maintenance. Empty when it is fine.
 */
export function checkTemplate(
  template: Pick<Template, 'kind' | 'title' | 'body' | 'status' | 'severity'> & Partial<Pick<Template, 'name' | 'components'>>,
): FieldError[] {
  const errors: FieldError[] = [];
  // The same limits as /v1's schema, for callers that are not /v1 (the console's forms).
  const limits = { name: 100, title: 200, body: 20_000 } as const;
  for (const field of ['name', 'title', 'body'] as const) {
    const value = template[field];
    if (value === undefined) continue;
    if (value.trim() === '') errors.push({ path: field, message: `a template needs a ${field}` });
    else if (value.length > limits[field]) errors.push({ path: field, message: `at most ${limits[field]} characters` });
  }
  if (!(TEMPLATE_KINDS as ReadonlyArray<string>).includes(template.kind)) {
    errors.push({ path: 'kind', message: `one of ${TEMPLATE_KINDS.join(', ')}` });
    return errors;
  }
  if (template.severity !== null && !(SEVERITIES as ReadonlyArray<string>).includes(template.severity)) {
    errors.push({ path: 'severity', message: `one of ${SEVERITIES.join(', ')}, or none` });
  }
  for (const [id, status] of Object.entries(template.components ?? {})) {
    if (!isComponentStatus(status)) errors.push({ path: `components.${id}`, message: `not a component status: ${status}` });
  }
  for (const field of ['title', 'body'] as const) {
    const unknown = placeholdersIn(template[field]).filter((name) => !isPlaceholder(name));
    if (unknown.length > 0) {
      errors.push({
        path: field,
        message: `unknown placeholder(s): ${unknown.map((n) => `{{${n}}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.map((n) => `{{${n}}}`).join(', ')}`,
      });
    }
  }
  if (!statusesOf(template.kind).includes(template.status)) {
    errors.push({ path: 'status', message: `a ${template.kind} template's status is one of ${statusesOf(template.kind).join(', ')}` });
  }
  if (template.kind === 'maintenance' && template.severity !== null) {
    errors.push({ path: 'severity', message: 'maintenance has no severity' });
  }
  return errors;
}

export const MISSING = {
  title: 'this incident',
  severity: 'not yet assessed',
  components: 'some of our services',
  started_at: 'a time we are still confirming',
  next_update_at: 'our next milestone',
} as const satisfies Record<TemplatePlaceholder, string>;

const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'operational',
  under_maintenance: 'under maintenance',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

/** `Checkout (major outage), Search (degraded performance) and API (operational)`. */
export function componentsPhrase(
  components: Record<string, ComponentStatus>,
  names: Readonly<Record<string, string>> = {},
): string {
  const items = Object.entries(components).map(([id, status]) => `${names[id] ?? id} (${STATUS_WORDS[status]})`);
  if (items.length === 0) return MISSING.components;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `14:30 UTC` on the day of `now`, else `4 Dec 2026, 14:30 UTC`; the page's zone beside when it differs. */
export function timePhrase(iso: string, now: string, timeZone = 'Etc/UTC'): string {
  const label = zonedTimeLabel(iso, timeZone);
  if (label === iso) return label; // not a time: written as given
  const sameUtcDay = new Date(iso).toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return sameUtcDay ? label.replace(/^\d{1,2} \w+ \d{4}, /, '') : label;
}

/** Fills the template's placeholders: the draft a responder previews and then posts. */
export function renderTemplate(template: Template, context: RenderContext): RenderedTemplate {
  const components = { ...template.components, ...context.components };
  const named = Object.keys(components).length > 0 ? components : (context.affected ?? {});
  const severity = context.severity ?? template.severity ?? null;
  const time = (iso: string | null | undefined, missing: string) =>
    iso ? timePhrase(iso, context.now, context.timeZone) : missing;
  const values: Record<TemplatePlaceholder, string> = {
    title: context.title || MISSING.title,
    severity: severity ?? MISSING.severity,
    components: componentsPhrase(named, context.componentNames),
    started_at: time(context.started_at, MISSING.started_at),
    next_update_at: time(context.next_update_at, MISSING.next_update_at),
  };
  const fill = (text: string, own: Partial<Record<TemplatePlaceholder, string>> = {}) =>
    text.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? (own[name] ?? values[name]) : whole));
  // A title that names {{title}} itself has only the incident's title to give, else the phrase.
  const title = fill(template.title);
  const message = fill(template.body, context.title ? {} : { title });
  return { title, message, status: template.status, severity, components, notify: template.notify };
}
