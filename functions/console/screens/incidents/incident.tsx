// Incident: the public updates and the internal timeline side by side; post an update (status,
// message with preview, components, a template per status, notify, next update by) onto the
// version the person saw (a stale form says so and shows what was posted since); the resolve gate;
// internal notes (never public); severity and roles; the postmortem editor.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { raw } from 'hono/html';
import { editIncident } from '#app/incidents/edit-incident';
import { postIncidentNote } from '#app/incidents/post-incident-note';
import { postIncidentUpdate } from '#app/incidents/post-incident-update';
import { putPostmortem } from '#app/incidents/put-postmortem';
import { readUpdateDeliveries, type UpdateDeliveries } from '#app/channels/read-deliveries';
import { getIncident } from '#app/incidents/read-incidents';
import { listPeople } from '#app/people/list-people';
import type { Person } from '#app/people/person';
import { draftPostmortem } from '#app/postmortems/draft-postmortem';
import { listTemplates } from '#app/templates/list-templates';
import { renderTemplateDraft } from '#app/templates/render-template';
import { readTimeline } from '#app/timeline/read-timeline';
import { renderMarkdown } from '#content/markdown';
import { nextUpdateDue } from '#core/cadence';
import type { ComponentStatus } from '#core/component-status';
import { ConflictError, PreconditionFailedError } from '#core/errors';
import { INCIDENT_STATUSES } from '#core/incident-lifecycle';
import type { Component, IncidentUpdate, IncidentWithUpdates } from '#core/model';
import { can } from '#core/roles';
import { parseSeverity, SEVERITIES } from '#core/severity';
import type { Template } from '#core/templates';
import { INCIDENT_ROLES, type IncidentRole, type TimelineEvent } from '#core/timeline';
import { EditIncidentBody, PostIncidentUpdateBody, PutPostmortemBody } from '../../../api/schemas';
import type { ConsoleDeps } from '../../deps';
import type { ConsoleEnv } from '../../env';
import { fieldErrors, formOf, text, type FieldErrors } from '../../form';
import { actorOf, requireAction } from '../../permissions';
import { screen } from '../../render';
import { COMPONENT_STATUS_LABEL, SeverityBadge, StatusBadge, statusLabel } from '../../ui/badges';
import { Csrf, describedBy, ErrorSummary, Field } from '../../ui/form';
import { ReceiptsLine } from '../../ui/receipts';
import { Due, Time } from '../../ui/time';
import { cadenceText } from './declare';
import { resolveGate, type ResolveGate } from './gate';
import { ComponentSelects, componentChoices, componentsInput, MessageField, NextUpdateField, NotifySelect, parseWith, utcInput } from './shared';

type Errors = { summary: string; fields: FieldErrors } | null;

export interface UpdateForm {
  version: string;
  /** How many updates the person had seen when the form was rendered. */
  seen: string;
  template: string;
  status: string;
  message: string;
  components: Record<string, string>;
  /** '' = the use case's default (notify when the status changes), 'yes', 'no'. */
  notify: string;
  next_update_at: string;
  restore: boolean;
  /** 'confirmed' once the person has seen the resolve gate's warnings. */
  gate: string;
}

export interface EditForm {
  version: string;
  severity: string;
  roles: Record<IncidentRole, string>;
}

interface View {
  update: UpdateForm;
  edit: EditForm;
  note: string;
  postmortem: string | null;
  preview: boolean;
  errors: { update?: Errors; edit?: Errors; note?: Errors; postmortem?: Errors };
  /** The update form is stale: what was posted since the person opened it. */
  stale?: { updates: IncidentUpdate[] };
  editStale?: boolean;
  gate?: ResolveGate;
  templateWarnings?: string[];
}

const ROLE_LABEL: Record<IncidentRole, string> = {
  commander: 'Incident commander',
  comms: 'Communications lead',
  scribe: 'Scribe',
  tech_lead: 'Technical lead',
};

const DONE: Record<string, string> = {
  declared: 'Incident declared; the first update is on its way to the page.',
  update: 'Update posted.',
  note: 'Internal note added (never shown on the public page).',
  edit: 'Severity and roles saved.',
  postmortem: 'Postmortem draft saved.',
  published: 'Postmortem published.',
};

const path = (id: string) => `/console/incidents/${encodeURIComponent(id)}`;

function freshUpdate(incident: IncidentWithUpdates): UpdateForm {
  return {
    version: String(incident.version),
    seen: String(incident.update_count),
    template: '',
    status: incident.status,
    message: '',
    components: {},
    notify: '',
    next_update_at: '',
    restore: false,
    gate: '',
  };
}

function freshEdit(incident: IncidentWithUpdates): EditForm {
  const roles = Object.fromEntries(INCIDENT_ROLES.map((r) => [r, incident.roles[r] ?? ''])) as Record<IncidentRole, string>;
  return { version: String(incident.version), severity: incident.severity, roles };
}

function updateFormOf(posted: Awaited<ReturnType<typeof formOf>>): UpdateForm {
  return {
    version: text(posted, 'version'),
    seen: text(posted, 'seen'),
    template: text(posted, 'template'),
    status: text(posted, 'status'),
    message: text(posted, 'message', { raw: true }),
    components: componentChoices(posted),
    notify: ['yes', 'no'].includes(text(posted, 'notify')) ? text(posted, 'notify') : '',
    next_update_at: text(posted, 'next_update_at'),
    restore: text(posted, 'restore_components') !== '',
    gate: text(posted, 'gate'),
  };
}

export function incidentRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const ctxOf = (c: Context<ConsoleEnv>) => ({ actor: actorOf(c), now: deps.now() });

  app.get('/incidents/:id', async (c) => {
    const incident = await getIncident(deps, c.req.param('id'));
    const update = freshUpdate(incident);
    let templateWarnings: string[] = [];
    let updateErrors: Errors = null;
    const templateId = c.req.query('template');
    if (templateId && can(c.get('person').role, 'updates')) {
      try {
        const draft = await renderTemplateDraft(deps, templateId, { incident_id: incident.id });
        update.template = templateId;
        update.status = draft.status;
        update.message = draft.message;
        update.components = { ...draft.components };
        update.notify = draft.notify ? 'yes' : 'no';
        templateWarnings = draft.warnings;
      } catch (error) {
        updateErrors = { summary: 'The template could not be used.', fields: { template: error instanceof Error ? error.message : String(error) } };
      }
    }
    return render(c, incident, { update, edit: freshEdit(incident), note: '', postmortem: null, preview: false, errors: { update: updateErrors }, templateWarnings });
  });

  app.post('/incidents/:id/updates', async (c) => {
    requireAction(c, 'updates');
    const posted = await formOf(c);
    const form = updateFormOf(posted);
    const incident = await getIncident(deps, c.req.param('id'));
    const view = (over: Partial<View>): View => ({ update: form, edit: freshEdit(incident), note: '', postmortem: null, preview: false, errors: {}, ...over });
    if (text(posted, 'action') === 'preview') return render(c, incident, view({ preview: true }));

    const stale = () => {
      const since = incident.updates.filter((u) => u.seq > Number(form.seen || incident.update_count));
      const kept = { ...form, version: String(incident.version), seen: String(incident.update_count), gate: '' };
      return render(c, incident, { ...view({ stale: { updates: since } }), update: kept }, 409);
    };
    if (form.version !== String(incident.version)) return stale();
    try {
      const body = parseWith(PostIncidentUpdateBody, {
        status: form.status,
        message: form.message,
        components: componentsInput(form.components),
        restore_components: form.restore || undefined,
        notify: form.notify === '' ? undefined : form.notify === 'yes',
        next_update_at: utcInput(form.next_update_at),
      });
      if (body.status === 'resolved' && form.gate !== 'confirmed') {
        const components = await deps.store.components.list();
        // The use case's default: notify on a status change.
        const notify = body.notify ?? incident.status !== 'resolved';
        const chosen = (body.components ?? {}) as Record<string, ComponentStatus>;
        const gate = resolveGate(incident, components, chosen, form.restore, deps.now(), notify);
        if (gate.warnings.length > 0) return render(c, incident, view({ update: { ...form, gate: 'confirmed' }, gate }));
      }
      await postIncidentUpdate(deps, incident.id, body, { ...ctxOf(c), ifMatch: Number(form.version) });
      return c.redirect(`${path(incident.id)}?done=update`, 303);
    } catch (error) {
      if (error instanceof PreconditionFailedError) return stale();
      if (error instanceof ConflictError) {
        return render(c, incident, view({ errors: { update: { summary: error.message, fields: { status: error.message } } } }), 409);
      }
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return render(c, incident, view({ errors: { update: errors } }), 400);
    }
  });

  app.post('/incidents/:id/notes', async (c) => {
    requireAction(c, 'updates');
    const posted = await formOf(c);
    const note = text(posted, 'note', { raw: true });
    const incident = await getIncident(deps, c.req.param('id'));
    try {
      await postIncidentNote(deps, ctxOf(c), incident.id, { message: note });
      return c.redirect(`${path(incident.id)}?done=note#timeline`, 303);
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
      const fields = Object.fromEntries(Object.entries(errors.fields).map(([k, v]) => [k === 'message' ? 'note' : k, v]));
      const view: View = { update: freshUpdate(incident), edit: freshEdit(incident), note, postmortem: null, preview: false, errors: { note: { summary: errors.summary, fields } } };
      return render(c, incident, view, 400);
    }
  });

  app.post('/incidents/:id/edit', async (c) => {
    requireAction(c, 'incidents');
    const posted = await formOf(c);
    const incident = await getIncident(deps, c.req.param('id'));
    const form: EditForm = {
      version: text(posted, 'version'),
      severity: text(posted, 'severity'),
      roles: Object.fromEntries(INCIDENT_ROLES.map((r) => [r, text(posted, `role.${r}`)])) as Record<IncidentRole, string>,
    };
    const view = (over: Partial<View>): View => ({ update: freshUpdate(incident), edit: form, note: '', postmortem: null, preview: false, errors: {}, ...over });
    try {
      const body = parseWith(EditIncidentBody, {
        severity: form.severity,
        roles: Object.fromEntries(INCIDENT_ROLES.map((r) => [r, form.roles[r] || null])),
      });
      const ifMatch = /^\d+$/.test(form.version) ? Number(form.version) : -1;
      await editIncident(deps, incident.id, { ...body, severity: body.severity ? parseSeverity(body.severity) : undefined }, { ...ctxOf(c), ifMatch });
      return c.redirect(`${path(incident.id)}?done=edit`, 303);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        const current = await getIncident(deps, incident.id);
        const v: View = { ...view({ editStale: true }), edit: { ...form, version: String(current.version) } };
        return render(c, current, v, 409);
      }
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return render(c, incident, view({ errors: { edit: errors } }), 400);
    }
  });

  app.post('/incidents/:id/postmortem', async (c) => {
    requireAction(c, 'postmortems');
    const posted = await formOf(c);
    const body = text(posted, 'body', { raw: true });
    const publish = text(posted, 'action') === 'publish';
    const incident = await getIncident(deps, c.req.param('id'));
    try {
      const input = parseWith(PutPostmortemBody, { body, published: publish || incident.postmortem?.published === true });
      await putPostmortem(deps, incident.id, input, ctxOf(c));
      return c.redirect(`${path(incident.id)}?done=${publish ? 'published' : 'postmortem'}#postmortem`, 303);
    } catch (error) {
      const errors = fieldErrors(error);
      if (!errors) throw error;
      const view: View = { update: freshUpdate(incident), edit: freshEdit(incident), note: '', postmortem: body, preview: false, errors: { postmortem: errors } };
      return render(c, incident, view, 400);
    }
  });

  async function render(c: Context<ConsoleEnv>, incident: IncidentWithUpdates, view: View, status: 200 | 400 | 409 = 200) {
    const person = c.get('person');
    const mayUpdate = can(person.role, 'updates');
    const mayPostmortem = can(person.role, 'postmortems');
    // Receipts of the latest updates (older ones: the API has them).
    const latest = incident.updates.slice(-RECEIPTS_SHOWN);
    const [timeline, components, templates, people, draft, receipts] = await Promise.all([
      readTimeline(deps, incident.id),
      deps.store.components.list(),
      mayUpdate ? listTemplates(deps) : Promise.resolve([] as Template[]),
      can(person.role, 'incidents') ? listPeople(deps) : Promise.resolve([] as Person[]),
      mayPostmortem && incident.status === 'resolved' && !incident.postmortem && view.postmortem === null ? draftPostmortem(deps, incident.id) : Promise.resolve(null),
      Promise.all(latest.map((u) => readUpdateDeliveries(deps, incident.id, u.seq).catch(() => undefined))),
    ]);
    const postmortem = view.postmortem ?? incident.postmortem?.body ?? draft?.body ?? '';
    const done = DONE[c.req.query('done') ?? ''];
    return screen(
      c,
      deps.config.page.name,
      incident.title,
      <IncidentScreen
        incident={incident}
        receipts={new Map(latest.flatMap((u, i) => (receipts[i] ? [[u.seq, receipts[i]] as const] : [])))}
        timeline={timeline}
        components={components}
        templates={templates.filter((t) => t.kind === 'incident')}
        people={people}
        view={{ ...view, postmortem }}
        done={status === 200 ? done : undefined}
        csrf={c.get('session').csrf_token}
        now={deps.now()}
        cadence={cadenceText(deps.config.severities[incident.severity])}
        due={nextUpdateDue(incident, deps.config.severities[incident.severity])}
        may={{ update: mayUpdate, edit: can(person.role, 'incidents'), postmortem: mayPostmortem }}
      />,
      { active: 'incidents', status },
    );
  }
  return app;
}

/** How many of the newest updates show their receipts. */
const RECEIPTS_SHOWN = 10;

interface ScreenProps {
  incident: IncidentWithUpdates;
  /** Receipts by update seq (the newest RECEIPTS_SHOWN updates). */
  receipts: Map<number, UpdateDeliveries>;
  timeline: TimelineEvent[];
  components: Component[];
  templates: Template[];
  people: Person[];
  view: View & { postmortem: string };
  done: string | undefined;
  csrf: string;
  now: string;
  cadence: string;
  due: string | null;
  may: { update: boolean; edit: boolean; postmortem: boolean };
}

function IncidentScreen(props: ScreenProps) {
  const { incident, view } = props;
  const names = new Map(props.components.map((c) => [c.id, c.name]));
  return (
    <>
      <p>
        <a href="/console/incidents">All incidents</a>
      </p>
      <h1>{incident.title}</h1>
      <p>
        <SeverityBadge severity={incident.severity} /> <StatusBadge status={incident.status} /> <span class="muted">{incident.id}</span> · started{' '}
        <Time iso={incident.started_at} /> · {props.cadence}
      </p>
      <p>
        <Due at={props.due} now={props.now} />
      </p>
      {props.done && (
        <p class="notice" role="status">
          {props.done}
        </p>
      )}
      <div class="grid main-side">
        <div>
          <section aria-labelledby="public-updates">
            <h2 id="public-updates">Public updates ({incident.updates.length})</h2>
            <UpdateList updates={[...incident.updates].reverse()} names={names} receipts={props.receipts} />
          </section>
          {props.may.update && <UpdateSection {...props} />}
        </div>
        <aside aria-labelledby="timeline">
          <h2 id="timeline">Internal timeline</h2>
          <p class="muted">Responders only: never on the public page.</p>
          {props.may.update && (
            <form method="post" action={`${path(incident.id)}/notes`} class="card">
              <Csrf token={props.csrf} />
              <ErrorSummary summary={view.errors.note?.summary} fields={view.errors.note?.fields} />
              <Field name="note" label="Internal note" hint="Markdown; seen by responders only." error={view.errors.note?.fields.note}>
                <textarea id="field-note" name="note" rows={3} aria-describedby={describedBy('note', 'x', view.errors.note?.fields.note)}>
                  {view.note}
                </textarea>
              </Field>
              <div class="actions">
                <button type="submit" class="button">
                  Add internal note
                </button>
              </div>
            </form>
          )}
          <ol class="timeline">
            {[...props.timeline].reverse().map((event) => (
              <li class={event.kind === 'note' ? 'internal' : undefined}>
                <Time iso={event.at} /> <span class="muted">{event.actor ?? 'unknown'}</span>
                {event.kind === 'note' ? (
                  <div class="prose">{raw(renderMarkdown(String(event.details.message ?? '')))}</div>
                ) : (
                  <p>{event.summary}</p>
                )}
              </li>
            ))}
          </ol>
          {props.may.edit && <EditSection {...props} />}
          {!props.may.edit && <RolesList incident={incident} />}
        </aside>
      </div>
      {((props.may.postmortem && (incident.status === 'resolved' || incident.postmortem)) || incident.postmortem?.published) && <PostmortemSection {...props} />}
    </>
  );
}

function UpdateList({ updates, names, receipts }: { updates: IncidentUpdate[]; names: Map<string, string>; receipts?: Map<number, UpdateDeliveries> }) {
  if (updates.length === 0) return <p class="muted">None.</p>;
  return (
    <ol class="timeline">
      {updates.map((u) => (
        <li>
          <StatusBadge status={u.status} /> <Time iso={u.created_at} /> <span class="muted">by {u.posted_by ?? 'unknown'}</span>
          {u.notify ? <span class="muted"> · mailed</span> : <span class="muted"> · not mailed</span>}
          <div class="prose">{raw(renderMarkdown(u.message))}</div>
          {u.component_changes.length > 0 && (
            <ul>
              {u.component_changes.map((ch) => (
                <li>
                  {names.get(ch.id) ?? ch.name ?? ch.id}: {COMPONENT_STATUS_LABEL[ch.old_status] ?? ch.old_status} → {COMPONENT_STATUS_LABEL[ch.new_status] ?? ch.new_status}
                </li>
              ))}
            </ul>
          )}
          {u.next_update_at && (
            <p class="muted">
              Next update by <Time iso={u.next_update_at} />
            </p>
          )}
          <ReceiptsLine receipts={receipts?.get(u.seq)} />
        </li>
      ))}
    </ol>
  );
}

function UpdateSection(props: ScreenProps) {
  const { incident, view } = props;
  const form = view.update;
  const errors = view.errors.update;
  const e = errors?.fields ?? {};
  const byStatus = INCIDENT_STATUSES.map((s) => [s, props.templates.filter((t) => t.status === s)] as const).filter(([, list]) => list.length > 0);
  const down = props.components.filter((c) => !c.group && incident.component_ids.includes(c.id) && c.status !== 'operational' && c.status !== 'under_maintenance');
  return (
    <section aria-labelledby="post-update" id="update">
      <h2 id="post-update">Post an update</h2>
      {view.stale && (
        <div class="warning" role="alert">
          <p>
            <strong>Someone else changed this incident since you opened this form.</strong> Nothing was posted. Your text is kept below: read what changed, then post again.
          </p>
          {view.stale.updates.length > 0 ? (
            <>
              <h3>Posted since</h3>
              <UpdateList updates={view.stale.updates} names={new Map(props.components.map((c) => [c.id, c.name]))} />
            </>
          ) : (
            <p>
              It is now <SeverityBadge severity={incident.severity} /> <StatusBadge status={incident.status} />.
            </p>
          )}
        </div>
      )}
      <ErrorSummary summary={errors?.summary} fields={errors?.fields} />
      {byStatus.length > 0 && (
        <form method="get" action={`${path(incident.id)}#update`} class="card">
          <Field name="template" label="Start from a template" hint="Fills the status, message, components and notify for this incident." error={e.template}>
            <select id="field-template" name="template">
              <option value="">No template</option>
              {byStatus.map(([s, list]) => (
                <optgroup label={statusLabel(s)}>
                  {list.map((t) => (
                    <option value={t.id} selected={t.id === form.template}>
                      {t.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <div class="actions">
            <button type="submit" class="button">
              Use template
            </button>
          </div>
        </form>
      )}
      {(view.templateWarnings ?? []).map((w) => (
        <p class="warning">{w}</p>
      ))}
      <form method="post" action={`${path(incident.id)}/updates#update`} class="card" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="version" value={form.version} />
        <input type="hidden" name="seen" value={form.seen} />
        <input type="hidden" name="template" value={form.template} />
        <input type="hidden" name="gate" value={form.gate} />
        <Field name="status" label="Status" error={e.status}>
          <select id="field-status" name="status" aria-describedby={describedBy('status', undefined, e.status)}>
            {INCIDENT_STATUSES.map((s) => (
              <option value={s} selected={form.status === s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </Field>
        <MessageField name="message" label="Message" value={form.message} error={e.message} previewId="update-preview" preview={view.preview} />
        <ComponentSelects components={props.components} chosen={form.components} error={e.components} />
        <NotifySelect value={form.notify} label="Notify subscribers" defaultLabel="When the status changes (the default)" error={e.notify} />
        <NextUpdateField
          value={form.next_update_at}
          error={e.next_update_at}
          hint={`In UTC. Leave blank for now + the severity's cadence (${props.cadence}); at most 24 hours ahead; none when resolving.`}
        />
        {view.gate && (
          <div class="warning" role="alert" id="resolve-gate">
            <h3>Before posting</h3>
            <ul>
              {view.gate.warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
            <p>Nothing was posted yet. Change what you need, then press "Post update" again to post it.</p>
          </div>
        )}
        {(down.length > 0 || view.gate?.leftDown.length) && (
          <div class="choice">
            <input type="checkbox" id="field-restore_components" name="restore_components" value="yes" checked={form.restore} />
            <label for="field-restore_components">
              Restore these components to operational in this update: {(view.gate?.leftDown.length ? view.gate.leftDown.map((c) => c.name) : down.map((c) => c.name)).join(', ')}
            </label>
          </div>
        )}
        <div class="actions">
          <button type="submit" name="action" value="post" class="button primary">
            Post update
          </button>
          <button type="submit" name="action" value="preview" class="button">
            Preview
          </button>
        </div>
      </form>
    </section>
  );
}

function RolesList({ incident }: { incident: IncidentWithUpdates }) {
  return (
    <section aria-labelledby="roles">
      <h2 id="roles">Roles</h2>
      <dl>
        {INCIDENT_ROLES.map((r) => (
          <>
            <dt>{ROLE_LABEL[r]}</dt>
            <dd>{incident.roles[r] ?? 'unassigned'}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function EditSection(props: ScreenProps) {
  const { incident, view } = props;
  const form = view.edit;
  const errors = view.errors.edit;
  const e = errors?.fields ?? {};
  return (
    <section aria-labelledby="severity-roles" id="roles">
      <h2 id="severity-roles">Severity and roles</h2>
      {view.editStale && (
        <div class="warning" role="alert">
          <p>
            <strong>Someone else changed this incident since you opened this form; nothing was saved.</strong> It is now{' '}
            <SeverityBadge severity={incident.severity} />, with{' '}
            {INCIDENT_ROLES.map((r) => `${ROLE_LABEL[r]}: ${incident.roles[r] ?? 'unassigned'}`).join('; ')}. Your choices are kept below: save again to apply them.
          </p>
        </div>
      )}
      <ErrorSummary summary={errors?.summary} fields={errors?.fields} />
      <form method="post" action={`${path(incident.id)}/edit#roles`} class="card" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="version" value={form.version} />
        <Field name="severity" label="Severity" error={e.severity}>
          <select id="field-severity" name="severity">
            {SEVERITIES.map((s) => (
              <option value={s} selected={form.severity === s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <datalist id="people">
          {props.people.map((p) => (
            <option value={p.email}>{p.name ?? p.email}</option>
          ))}
        </datalist>
        {INCIDENT_ROLES.map((r) => (
          <Field name={`role.${r}`} label={ROLE_LABEL[r]} hint={r === 'commander' ? 'A person from the list, or any name.' : undefined} error={e.roles}>
            <input type="text" id={`field-role.${r}`} name={`role.${r}`} list="people" maxlength={100} value={form.roles[r]} />
          </Field>
        ))}
        <div class="actions">
          <button type="submit" class="button">
            Save severity and roles
          </button>
        </div>
      </form>
    </section>
  );
}

function PostmortemSection(props: ScreenProps) {
  const { incident, view } = props;
  const pm = incident.postmortem;
  const errors = view.errors.postmortem;
  const e = errors?.fields ?? {};
  return (
    <section aria-labelledby="postmortem-heading" id="postmortem">
      <h2 id="postmortem-heading">Postmortem</h2>
      {pm?.published && pm.published_at ? (
        <p>
          Published <Time iso={pm.published_at} />: shown on the incident's public page.
        </p>
      ) : (
        <p class="muted">{pm ? 'A draft: not public yet.' : 'Not written yet: the draft below is filled from the incident and its timeline.'}</p>
      )}
      {props.may.postmortem ? (
        <>
          <ErrorSummary summary={errors?.summary} fields={errors?.fields} />
          <form method="post" action={`${path(incident.id)}/postmortem#postmortem`} class="card" novalidate>
            <Csrf token={props.csrf} />
            <Field name="body" label="Postmortem (Markdown)" error={e.body}>
              <textarea id="field-body" name="body" rows={16} data-preview="postmortem-preview" aria-describedby={describedBy('body', undefined, e.body)}>
                {view.postmortem}
              </textarea>
            </Field>
            <div id="postmortem-preview" class="preview prose" aria-live="polite"></div>
            <div class="actions">
              <button type="submit" name="action" value="save" class="button">
                {pm?.published ? 'Save changes' : 'Save draft'}
              </button>
              {!pm?.published && (
                <button type="submit" name="action" value="publish" class="button primary">
                  Publish postmortem
                </button>
              )}
            </div>
          </form>
        </>
      ) : (
        pm?.published && <div class="prose">{raw(renderMarkdown(pm.body))}</div>
      )}
    </section>
  );
}
