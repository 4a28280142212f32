// Templates: incident and maintenance templates listed (anyone signed in), created, changed (at the
// version the form was opened at) and deleted (after a confirmation) by admins. A template presets
// the title, status, Markdown body with placeholders, the components it affects with their target
// status, and whether posting it notifies subscribers.
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import { createTemplate, type CreateTemplateInput } from '#app/templates/create-template';
import { deleteTemplate } from '#app/templates/delete-template';
import { getTemplate } from '#app/templates/get-template';
import { listTemplates } from '#app/templates/list-templates';
import { updateTemplate } from '#app/templates/update-template';
import { renderMarkdown } from '#content/markdown';
import { COMPONENT_STATUSES, type ComponentStatus } from '#core/component-status';
import { HeraldError } from '#core/errors';
import { INCIDENT_STATUSES, type IncidentStatus } from '#core/incident-lifecycle';
import { MAINTENANCE_STATUSES, type MaintenanceStatus } from '#core/maintenance-lifecycle';
import type { Component } from '#core/model';
import { can } from '#core/roles';
import { parseSeverity, SEVERITIES, type Severity } from '#core/severity';
import { TEMPLATE_KINDS, TEMPLATE_PLACEHOLDERS, type Template, type TemplateKind } from '#core/templates';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { fieldErrors, formOf, text, type FieldErrors, type FormData } from '../form';
import { actorOf, requireAction } from '../permissions';
import { screen } from '../render';
import { COMPONENT_STATUS_LABEL, statusLabel } from '../ui/badges';
import { Csrf, describedBy, ErrorSummary, Field } from '../ui/form';
import { Time } from '../ui/time';

/** What the form shows: a template's fields as text, so that anything typed can be shown again. */
interface TemplateValues {
  name: string;
  kind: string;
  title: string;
  status: string;
  severity: string;
  body: string;
  /** Component id → target status ('' or absent: not affected). */
  components: Record<string, string>;
  notify: boolean;
}

const KIND_LABEL: Record<TemplateKind, string> = { incident: 'Incident', maintenance: 'Maintenance' };
const PLACEHOLDER_HINT = `Markdown. Placeholders: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')} (filled when the template is used).`;

export function templateRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;

  app.get('/templates', async (c) => {
    requireAction(c, 'read');
    const templates = await listTemplates(deps);
    const mayChange = can(c.get('person').role, 'templates');
    const done = c.req.query('done');
    return screen(
      c,
      pageName,
      'Templates',
      <>
        <div class="bar">
          <h1>Templates</h1>
          {mayChange && (
            <a class="button primary" href="/console/templates/new">
              New template
            </a>
          )}
        </div>
        {done === 'deleted' && (
          <p class="notice" role="status">
            Template deleted.
          </p>
        )}
        {TEMPLATE_KINDS.map((kind) => {
          const ofKind = templates.filter((t) => t.kind === kind);
          return (
            <section aria-labelledby={`kind-${kind}`}>
              <h2 id={`kind-${kind}`}>
                {KIND_LABEL[kind]} templates ({ofKind.length})
              </h2>
              {ofKind.length === 0 ? (
                <p class="muted">None.</p>
              ) : (
                <div class="table-wrap" tabindex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Status</th>
                        <th scope="col">Title</th>
                        <th scope="col">Components</th>
                        <th scope="col">Notifies</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ofKind.map((t) => (
                        <tr>
                          <th scope="row">
                            <a href={`/console/templates/${t.id}`}>{t.name}</a>
                          </th>
                          <td>{statusLabel(t.status)}</td>
                          <td>{t.title}</td>
                          <td>{Object.keys(t.components).length || 'none'}</td>
                          <td>{t.notify ? 'Yes' : 'No'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          );
        })}
      </>,
      { active: 'templates' },
    );
  });

  app.get('/templates/new', async (c) => {
    requireAction(c, 'templates');
    const kind = c.req.query('kind') === 'maintenance' ? 'maintenance' : 'incident';
    const values: TemplateValues = {
      name: '',
      kind,
      title: '',
      status: kind === 'incident' ? 'investigating' : 'scheduled',
      severity: '',
      body: '',
      components: {},
      notify: true,
    };
    return templateForm(c, deps, { mode: 'new', values, components: await choosable(deps) });
  });

  app.post('/templates/new', async (c) => {
    requireAction(c, 'templates');
    const values = valuesOf(await formOf(c));
    try {
      const created = await createTemplate(deps, inputOf(values), { actor: actorOf(c), now: deps.now() });
      return c.redirect(`/console/templates/${created.id}?done=created`, 303);
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return templateForm(c, deps, { mode: 'new', values, components: await choosable(deps), errors }, 400);
    }
  });

  app.get('/templates/:id', async (c) => {
    requireAction(c, 'read');
    const template = await getTemplate(deps, c.req.param('id'));
    const done = c.req.query('done');
    if (!can(c.get('person').role, 'templates')) return templateView(c, pageName, template, await choosable(deps));
    return templateForm(c, deps, { mode: 'edit', template, values: valuesFrom(template), version: template.version, components: await choosable(deps), done });
  });

  app.post('/templates/:id', async (c) => {
    requireAction(c, 'templates');
    const id = c.req.param('id');
    const form = await formOf(c);
    const values = valuesOf(form);
    const version = Number(text(form, 'version'));
    try {
      await updateTemplate(deps, id, inputOf(values), {
        actor: actorOf(c),
        now: deps.now(),
        ...(Number.isInteger(version) && version > 0 ? { ifMatch: version } : {}),
      });
      return c.redirect(`/console/templates/${id}?done=saved`, 303);
    } catch (error) {
      if (error instanceof HeraldError && error.code === 'precondition_failed') {
        // Someone else saved it meanwhile: show theirs, keep this person's input, and let them save
        // over it knowingly (the form now carries the current version).
        const current = await getTemplate(deps, id);
        return templateForm(c, deps, { mode: 'edit', template: current, values, version: current.version, components: await choosable(deps), stale: current }, 409);
      }
      const errors = fieldErrors(error);
      if (!errors) throw error;
      const current = await getTemplate(deps, id);
      return templateForm(c, deps, { mode: 'edit', template: current, values, version, components: await choosable(deps), errors }, 400);
    }
  });

  app.get('/templates/:id/delete', async (c) => {
    requireAction(c, 'templates');
    const template = await getTemplate(deps, c.req.param('id'));
    return screen(
      c,
      pageName,
      'Delete a template',
      <>
        <h1>Delete the template “{template.name}”?</h1>
        <p>
          Incidents and maintenance already posted from it keep their words; it will no longer be offered when declaring or
          updating. {template.id.startsWith('seed-') && 'It is one Herald ships: deleting it does not bring it back later.'}
        </p>
        <form method="post" action={`/console/templates/${template.id}/delete`} class="actions">
          <Csrf token={c.get('session').csrf_token} />
          <button type="submit" class="danger">
            Delete “{template.name}”
          </button>
          <a href={`/console/templates/${template.id}`}>Keep it</a>
        </form>
      </>,
      { active: 'templates' },
    );
  });

  app.post('/templates/:id/delete', async (c) => {
    requireAction(c, 'templates');
    await deleteTemplate(deps, c.req.param('id')); // not found → the 404 page
    return c.redirect('/console/templates?done=deleted', 303);
  });

  return app;
}

/** Components a template may set: every one that is not a group, in page order. */
async function choosable(deps: ConsoleDeps): Promise<Component[]> {
  return (await deps.store.components.list()).filter((c) => !c.group).sort((a, b) => a.position - b.position);
}

function valuesFrom(template: Template): TemplateValues {
  return {
    name: template.name,
    kind: template.kind,
    title: template.title,
    status: template.status,
    severity: template.severity ?? '',
    body: template.body,
    components: { ...template.components },
    notify: template.notify,
  };
}

/** The posted form as typed: component selects are `component:<id>`. */
function valuesOf(form: FormData): TemplateValues {
  const components: Record<string, string> = {};
  for (const name of Object.keys(form)) {
    if (!name.startsWith('component:')) continue;
    const status = text(form, name);
    if (status) components[name.slice('component:'.length)] = status;
  }
  return {
    name: text(form, 'name'),
    kind: text(form, 'kind'),
    title: text(form, 'title'),
    status: text(form, 'status'),
    severity: text(form, 'severity'),
    body: text(form, 'body', { raw: true }),
    components,
    notify: text(form, 'notify') === 'yes',
  };
}

/** What the use cases take; they judge every field (a bad kind, status or severity is theirs to refuse). */
function inputOf(values: TemplateValues): CreateTemplateInput {
  return {
    name: values.name,
    kind: values.kind as TemplateKind,
    title: values.title,
    status: values.status as IncidentStatus | MaintenanceStatus,
    body: values.body,
    components: values.components as Record<string, ComponentStatus>,
    severity: values.severity === '' ? null : ((parseSeverity(values.severity) ?? values.severity) as Severity),
    notify: values.notify,
  };
}

function templateView(c: Context<ConsoleEnv>, pageName: string, template: Template, components: Component[]) {
  const names = new Map(components.map((component) => [component.id, component.name]));
  return screen(
    c,
    pageName,
    template.name,
    <>
      <h1>{template.name}</h1>
      <dl>
        <dt>Kind</dt>
        <dd>{KIND_LABEL[template.kind]}</dd>
        <dt>Title</dt>
        <dd>{template.title}</dd>
        <dt>Status</dt>
        <dd>{statusLabel(template.status)}</dd>
        <dt>Severity</dt>
        <dd>{template.severity ?? 'None'}</dd>
        <dt>Components</dt>
        <dd>
          {Object.keys(template.components).length === 0
            ? 'None'
            : Object.entries(template.components)
                .map(([id, status]) => `${names.get(id) ?? id} → ${COMPONENT_STATUS_LABEL[status] ?? status}`)
                .join(', ')}
        </dd>
        <dt>Notifies subscribers</dt>
        <dd>{template.notify ? 'Yes' : 'No'}</dd>
        <dt>Changed</dt>
        <dd>
          <Time iso={template.updated_at} />
        </dd>
      </dl>
      <h2>Body</h2>
      <pre class="prose">{template.body}</pre>
      <p class="muted">Only an admin can change templates.</p>
    </>,
    { active: 'templates' },
  );
}

interface FormState {
  mode: 'new' | 'edit';
  template?: Template;
  values: TemplateValues;
  version?: number;
  components: Component[];
  errors?: { summary: string; fields: FieldErrors } | null;
  /** The template as someone else saved it while this form was open. */
  stale?: Template;
  done?: string | undefined;
}

function templateForm(c: Context<ConsoleEnv>, deps: ConsoleDeps, state: FormState, status: 200 | 400 | 409 = 200) {
  const { values, template } = state;
  const errors = state.errors?.fields ?? {};
  const title = state.mode === 'new' ? 'New template' : `Template: ${template!.name}`;
  const action = state.mode === 'new' ? '/console/templates/new' : `/console/templates/${template!.id}`;
  const input = (name: keyof TemplateValues, hint?: string) => ({
    id: `field-${name}`,
    name,
    'aria-describedby': describedBy(name, hint, errors[name]),
    'aria-invalid': errors[name] ? ('true' as const) : undefined,
  });
  const componentsError = errors.components;
  return screen(
    c,
    deps.config.page.name,
    title,
    <>
      <h1>{title}</h1>
      {state.done && (
        <p class="notice" role="status">
          {state.done === 'created' ? 'Template created.' : 'Template saved.'}
        </p>
      )}
      {state.stale && <StaleNotice current={state.stale} />}
      <ErrorSummary summary={state.errors?.summary} fields={errors} />
      <form method="post" action={action}>
        <Csrf token={c.get('session').csrf_token} />
        {state.version !== undefined && <input type="hidden" name="version" value={String(state.version)} />}
        <Field name="name" label="Name" hint="What responders pick it by." error={errors.name}>
          <input type="text" maxlength={100} required value={values.name} {...input('name', 'What responders pick it by.')} />
        </Field>
        <Field name="kind" label="For" error={errors.kind}>
          <select {...input('kind')}>
            {TEMPLATE_KINDS.map((kind) => (
              <option value={kind} selected={values.kind === kind}>
                {KIND_LABEL[kind]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="title" label="Title" hint="May use placeholders, e.g. Issues with {{components}}." error={errors.title}>
          <input type="text" maxlength={200} required value={values.title} {...input('title', 'May use placeholders, e.g. Issues with {{components}}.')} />
        </Field>
        <Field name="status" label="Status" hint="An incident status for incident templates, a maintenance status for maintenance ones." error={errors.status}>
          <select {...input('status', 'An incident status for incident templates, a maintenance status for maintenance ones.')}>
            <optgroup label="Incident">
              {INCIDENT_STATUSES.map((s) => (
                <option value={s} selected={values.status === s}>
                  {statusLabel(s)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Maintenance">
              {MAINTENANCE_STATUSES.map((s) => (
                <option value={s} selected={values.status === s}>
                  {statusLabel(s)}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        <Field name="severity" label="Severity" hint="Incident templates only; none: the responder chooses." error={errors.severity}>
          <select {...input('severity', 'Incident templates only; none: the responder chooses.')}>
            <option value="" selected={values.severity === ''}>
              None
            </option>
            {SEVERITIES.map((s) => (
              <option value={s} selected={values.severity === s}>
                {s} — {deps.config.severities[s].meaning}
              </option>
            ))}
          </select>
        </Field>
        <Field name="body" label="Message" hint={PLACEHOLDER_HINT} error={errors.body}>
          <textarea rows={10} required data-preview="template-preview" {...input('body', PLACEHOLDER_HINT)}>
            {values.body}
          </textarea>
        </Field>
        <h2 id="preview-heading">Preview</h2>
        <div id="template-preview" class="preview prose" aria-labelledby="preview-heading" aria-live="polite">
          {values.body ? raw(renderMarkdown(values.body)) : ''}
        </div>
        <fieldset id="field-components" class={componentsError ? 'field has-error' : 'field'} aria-describedby={componentsError ? 'error-components' : undefined}>
          <legend>Components it affects, and the status it puts them in</legend>
          {componentsError && (
            <p class="field-error" id="error-components">
              {componentsError}
            </p>
          )}
          {state.components.length === 0 && <p class="muted">There are no components yet.</p>}
          {state.components.map((component) => (
            <div class="field">
              <label for={`component-${component.id}`}>{component.name}</label>
              <select id={`component-${component.id}`} name={`component:${component.id}`}>
                <option value="" selected={!values.components[component.id]}>
                  Not affected
                </option>
                {COMPONENT_STATUSES.map((s) => (
                  <option value={s} selected={values.components[component.id] === s}>
                    {COMPONENT_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        <div class="choice">
          <input id="field-notify" name="notify" type="checkbox" value="yes" checked={values.notify} />
          <label for="field-notify">Notify subscribers by default when it is posted</label>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            {state.mode === 'new' ? 'Create template' : 'Save template'}
          </button>
          {state.mode === 'edit' && (
            <a class="button danger" href={`/console/templates/${template!.id}/delete`}>
              Delete template
            </a>
          )}
          <a href="/console/templates">Back to templates</a>
        </div>
      </form>
    </>,
    { active: 'templates', status },
  );
}

function StaleNotice({ current }: { current: Template }) {
  return (
    <div class="warning" role="alert">
      <h2>Someone else changed this template while you were editing</h2>
      <p>
        Nothing was saved. Their version (saved <Time iso={current.updated_at} />) is below; your changes are kept in the form.
        Saving now replaces theirs.
      </p>
      <dl>
        <dt>Name</dt>
        <dd>{current.name}</dd>
        <dt>Title</dt>
        <dd>{current.title}</dd>
        <dt>Status</dt>
        <dd>{statusLabel(current.status)}</dd>
        <dt>Notifies</dt>
        <dd>{current.notify ? 'Yes' : 'No'}</dd>
      </dl>
      <pre>{current.body}</pre>
    </div>
  );
}
