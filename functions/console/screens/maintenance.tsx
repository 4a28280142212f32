// Maintenance: windows in progress, upcoming and recently completed; schedule one, edit it (a
// stale form says so instead of overwriting), post an update, cancel a scheduled one (after a
// confirmation). Responders change windows; viewers read. Every change goes through the same use
// cases as /v1/maintenances.
import { DifferencesTable, type DifferenceRow } from '../ui/differences';
import { cancelMaintenance } from '#app/maintenances/cancel-maintenance';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { listComponents, type ComponentWithGroup } from '#app/components/list-components';
import { editMaintenance, type EditMaintenanceInput } from '#app/maintenances/edit-maintenance';
import { postMaintenanceUpdate } from '#app/maintenances/post-maintenance-update';
import { scheduleMaintenance } from '#app/maintenances/schedule-maintenance';
import { renderMarkdown } from '#content/markdown';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#core/errors';
import { isActiveMaintenance, MAINTENANCE_STATUSES } from '#core/maintenance-lifecycle';
import type { Maintenance, MaintenanceWithUpdates } from '#core/model';
import { can } from '#core/roles';
import { EditMaintenanceBody, PostMaintenanceUpdateBody, ScheduleMaintenanceBody } from '#api/schemas';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { fieldErrors, formOf, text, texts, type FieldErrors, type FormData } from '../form';
import { actorOf, requireAction } from '../permissions';
import { refusal, screen, type ScreenOptions } from '../render';
import { StatusBadge, statusLabel } from '../ui/badges';
import { Csrf, describedBy, ErrorSummary, Field } from '../ui/form';
import { Time } from '../ui/time';
import { checkedBy, localInputFromUtc, utcFromLocalInput, versionOf } from './zod-form';

type C = Context<ConsoleEnv>;

/** How many completed windows the list shows. */
export const RECENTLY_COMPLETED = 10;

const DONE: Record<string, string> = {
  scheduled: 'Maintenance scheduled.',
  edited: 'Changes saved. No update was posted: post one to tell subscribers.',
  updated: 'Update posted.',
  cancelled: 'Maintenance cancelled.',
};

const TIME_MESSAGES = { scheduled_for: 'enter a date and time (UTC)', scheduled_until: 'enter a date and time (UTC)' };

/** What a window form holds, as typed (times as `datetime-local` values, read as UTC). */
interface WindowInput {
  title: string;
  scheduled_for: string;
  scheduled_until: string;
  components: string[];
  auto_transition: boolean;
  notify: boolean;
  message: string;
}

interface UpdateInput {
  status: string;
  message: string;
  notify: boolean;
}

interface Problem {
  summary: string;
  fields: FieldErrors;
}

/** A window closed before it started was cancelled (scheduled → completed). */
function shownStatus(m: Maintenance): string {
  return m.status === 'completed' && !m.started_at ? 'cancelled' : m.status;
}

function windowInputOf(form: FormData): WindowInput {
  return {
    title: text(form, 'title'),
    scheduled_for: text(form, 'scheduled_for'),
    scheduled_until: text(form, 'scheduled_until'),
    components: texts(form, 'components'),
    auto_transition: text(form, 'auto_transition') !== '',
    notify: text(form, 'notify') !== '',
    message: text(form, 'message', { raw: true }),
  };
}

function windowInputFrom(m: Maintenance): WindowInput {
  return {
    title: m.title,
    scheduled_for: localInputFromUtc(m.scheduled_for),
    scheduled_until: localInputFromUtc(m.scheduled_until),
    components: m.component_ids,
    auto_transition: m.auto_transition,
    notify: true,
    message: '',
  };
}

export function maintenanceRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;
  const ctxOf = (c: C) => ({ actor: actorOf(c), now: deps.now() });
  const show = (c: C, title: string, body: Child, status?: ScreenOptions['status']) => screen(c, pageName, title, body, { active: 'maintenance', status });
  const load = async (id: string) => {
    const m = await deps.store.maintenances.get(id);
    if (!m) throw new NotFoundError(`There is no maintenance window ${id}.`);
    return m;
  };

  app.get('/maintenance', async (c) => {
    const [open, completed] = await Promise.all([deps.store.maintenances.open(), deps.store.maintenances.latestCompleted(RECENTLY_COMPLETED)]);
    const inProgress = open.filter((m) => isActiveMaintenance(m.status));
    const upcoming = open.filter((m) => m.status === 'scheduled');
    const done = DONE[c.req.query('done') ?? ''];
    return show(
      c,
      'Maintenance',
      <>
        <div class="bar">
          <h1>Maintenance</h1>
          {can(c.get('person').role, 'maintenance') && (
            <a class="button primary" href="/console/maintenance/new">
              Schedule maintenance
            </a>
          )}
        </div>
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <section aria-labelledby="in-progress">
          <h2 id="in-progress">In progress ({inProgress.length})</h2>
          {inProgress.length === 0 ? <p class="muted">None.</p> : <WindowList items={inProgress} />}
        </section>
        <section aria-labelledby="upcoming">
          <h2 id="upcoming">Upcoming ({upcoming.length})</h2>
          {upcoming.length === 0 ? <p class="muted">None scheduled.</p> : <WindowList items={upcoming} />}
        </section>
        <section aria-labelledby="completed">
          <h2 id="completed">Recently completed</h2>
          {completed.length === 0 ? <p class="muted">None yet.</p> : <WindowList items={completed} />}
        </section>
      </>,
    );
  });

  // ---- schedule ----

  const scheduleForm = async (c: C, input: WindowInput, problem: Problem | null, status: ScreenOptions['status'] = 200) => {
    const components = await listComponents(deps);
    return show(
      c,
      'Schedule maintenance',
      <>
        <h1>Schedule maintenance</h1>
        <ErrorSummary summary={problem?.summary} fields={problem?.fields} />
        <form method="post" action="/console/maintenance" novalidate>
          <Csrf token={c.get('session').csrf_token} />
          <WindowFields input={input} errors={problem?.fields ?? {}} components={components} scheduled />
          <MessageField value={input.message} error={problem?.fields.message} label="Message to subscribers (Markdown)" />
          <Checkbox name="notify" checked={input.notify} label="Notify subscribers" />
          <div class="actions">
            <button type="submit" class="primary">
              Schedule maintenance
            </button>
            <a href="/console/maintenance">Back to maintenance</a>
          </div>
        </form>
      </>,
      status,
    );
  };

  app.get('/maintenance/new', async (c) => {
    requireAction(c, 'maintenance');
    return scheduleForm(c, { title: '', scheduled_for: '', scheduled_until: '', components: [], auto_transition: true, notify: true, message: '' }, null);
  });

  app.post('/maintenance', async (c) => {
    requireAction(c, 'maintenance');
    const input = windowInputOf(await formOf(c));
    try {
      const body = checkedBy(
        ScheduleMaintenanceBody,
        {
          title: input.title,
          message: input.message,
          scheduled_for: utcFromLocalInput(input.scheduled_for),
          scheduled_until: utcFromLocalInput(input.scheduled_until),
          components: input.components,
          auto_transition: input.auto_transition,
          notify: input.notify,
        },
        TIME_MESSAGES,
      );
      const m = await scheduleMaintenance(deps, body, ctxOf(c));
      return c.redirect(`/console/maintenance/${m.id}?done=scheduled`, 303);
    } catch (error) {
      const problem = fieldErrors(error);
      if (!problem) throw error;
      return scheduleForm(c, input, problem, 400);
    }
  });

  // ---- one window: details, edit, post an update ----

  interface DetailState {
    edit?: { input: WindowInput; version: number; problem: Problem | null; stale?: boolean };
    update?: { input: UpdateInput; problem: Problem | null };
  }

  const detail = async (c: C, m: MaintenanceWithUpdates, state: DetailState = {}, status: ScreenOptions['status'] = 200) => {
    const components = await listComponents(deps);
    const names = new Map(components.map((x) => [x.id, x.group_name ? `${x.group_name} › ${x.name}` : x.name]));
    const mayChange = can(c.get('person').role, 'maintenance');
    const csrf = c.get('session').csrf_token;
    const done = DONE[c.req.query('done') ?? ''];
    const edit = state.edit ?? { input: windowInputFrom(m), version: m.version, problem: null };
    const update = state.update ?? { input: { status: m.status, message: '', notify: true }, problem: null };
    const nextStatuses = MAINTENANCE_STATUSES.filter((s) => MAINTENANCE_STATUSES.indexOf(s) >= MAINTENANCE_STATUSES.indexOf(m.status));
    return show(
      c,
      m.title,
      <>
        <h1>{m.title}</h1>
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <p>
          <StatusBadge status={shownStatus(m)} /> <Time iso={m.scheduled_for} /> – <Time iso={m.scheduled_until} />
        </p>
        <dl>
          <dt>Components</dt>
          <dd>{m.component_ids.length === 0 ? 'None' : m.component_ids.map((id) => names.get(id) ?? `${id} (deleted)`).join(', ')}</dd>
          <dt>Automatic transitions</dt>
          <dd>{m.auto_transition ? 'On: starts and completes on schedule' : 'Off: a responder posts each step'}</dd>
        </dl>
        {m.auto_transition_error && (
          <p class="warning" role="alert">
            The scheduler stopped moving this window: {m.auto_transition_error}
          </p>
        )}
        <div class="grid two">
          <section aria-labelledby="updates">
            <h2 id="updates">Updates</h2>
            <ol class="timeline">
              {[...m.updates].reverse().map((u) => (
                <li>
                  <p>
                    <StatusBadge status={u.status} /> <Time iso={u.created_at} />
                    {u.posted_by && <span class="muted"> · {u.posted_by}</span>}
                    {u.notify ? '' : <span class="muted"> · subscribers not notified</span>}
                  </p>
                  <div class="prose">{raw(renderMarkdown(u.message))}</div>
                </li>
              ))}
            </ol>
          </section>
          {mayChange && m.status !== 'completed' && (
            <section aria-labelledby="post-update">
              <h2 id="post-update">Post an update</h2>
              <ErrorSummary summary={update.problem?.summary} fields={update.problem?.fields} />
              <form method="post" action={`/console/maintenance/${m.id}/updates`} novalidate>
                <Csrf token={csrf} />
                <Field name="status" label="Status" error={update.problem?.fields.status}>
                  <select id="field-status" name="status" aria-describedby={describedBy('status', undefined, update.problem?.fields.status)}>
                    {nextStatuses.map((s) => (
                      <option value={s} selected={s === update.input.status}>
                        {statusLabel(s)}
                      </option>
                    ))}
                  </select>
                </Field>
                <MessageField value={update.input.message} error={update.problem?.fields.message} label="Message (Markdown)" />
                <Checkbox name="notify" checked={update.input.notify} label="Notify subscribers" />
                <div class="actions">
                  <button type="submit" class="primary">
                    Post update
                  </button>
                </div>
              </form>
            </section>
          )}
        </div>
        {mayChange && m.status !== 'completed' && (
          <section aria-labelledby="edit">
            <h2 id="edit">Edit the window</h2>
            <p class="hint">Saving changes posts no update and sends no mail.</p>
            {edit.stale && (
              <div class="warning" role="alert">
                <p>
                  <strong>Someone else changed this window since you opened it.</strong> Nothing was saved. The details above are what is stored
                  now; your changes are kept below. Save again to replace the stored values with yours.
                </p>
                <StaleDifferences mine={edit.input} stored={windowInputFrom(m)} names={names} scheduled={m.status === 'scheduled'} />
              </div>
            )}
            <ErrorSummary summary={edit.problem?.summary} fields={edit.problem?.fields} />
            <form method="post" action={`/console/maintenance/${m.id}`} novalidate>
              <Csrf token={csrf} />
              <input type="hidden" name="version" value={String(edit.version)} />
              <WindowFields input={edit.input} errors={edit.problem?.fields ?? {}} components={components} scheduled={m.status === 'scheduled'} />
              <div class="actions">
                <button type="submit" class="primary">
                  Save changes
                </button>
                {m.status === 'scheduled' && (
                  <a class="button danger" href={`/console/maintenance/${m.id}/cancel`}>
                    Cancel this maintenance…
                  </a>
                )}
              </div>
            </form>
          </section>
        )}
        <p>
          <a href="/console/maintenance">Back to maintenance</a>
        </p>
      </>,
      status,
    );
  };

  app.get('/maintenance/:id', async (c) => detail(c, await load(c.req.param('id'))));

  app.post('/maintenance/:id', async (c) => {
    requireAction(c, 'maintenance');
    const id = c.req.param('id');
    const form = await formOf(c);
    const input = windowInputOf(form);
    const current = await load(id);
    const version = versionOf(text(form, 'version'));
    // Start and components are only in the form while the window is scheduled.
    const withStart = form.scheduled_for !== undefined;
    const withComponents = text(form, 'components_shown') !== '';
    try {
      const body = checkedBy(
        EditMaintenanceBody,
        {
          title: input.title,
          scheduled_until: utcFromLocalInput(input.scheduled_until),
          auto_transition: input.auto_transition,
          ...(withStart ? { scheduled_for: utcFromLocalInput(input.scheduled_for) } : {}),
          ...(withComponents ? { components: input.components } : {}),
        },
        TIME_MESSAGES,
      );
      await editMaintenance(deps, id, body as EditMaintenanceInput, { ...ctxOf(c), ifMatch: version ?? -1 });
      return c.redirect(`/console/maintenance/${id}?done=edited`, 303);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        const fresh = await load(id);
        return detail(c, fresh, { edit: { input, version: fresh.version, problem: null, stale: true } }, 409);
      }
      if (error instanceof ConflictError) {
        const fresh = await load(id);
        if (fresh.status === 'completed') return refusal(c, pageName, 409, 'Not saved', error.message, `/console/maintenance/${id}`);
        return detail(c, fresh, { edit: { input, version: fresh.version, problem: { summary: error.message, fields: {} } } }, 409);
      }
      const problem = fieldErrors(error);
      if (!problem) throw error;
      return detail(c, current, { edit: { input, version: version ?? current.version, problem } }, 400);
    }
  });

  app.post('/maintenance/:id/updates', async (c) => {
    requireAction(c, 'maintenance');
    const id = c.req.param('id');
    const form = await formOf(c);
    const input: UpdateInput = { status: text(form, 'status'), message: text(form, 'message', { raw: true }), notify: text(form, 'notify') !== '' };
    await load(id);
    try {
      const body = checkedBy(PostMaintenanceUpdateBody, { status: input.status, message: input.message, notify: input.notify }, { status: 'choose a status' });
      await postMaintenanceUpdate(deps, id, body, ctxOf(c));
      return c.redirect(`/console/maintenance/${id}?done=updated`, 303);
    } catch (error) {
      if (error instanceof ConflictError) {
        const fresh = await load(id);
        if (fresh.status === 'completed') return refusal(c, pageName, 409, 'Update not posted', error.message, `/console/maintenance/${id}`);
        return detail(c, fresh, { update: { input, problem: { summary: error.message, fields: { status: error.message } } } }, 409);
      }
      const problem = fieldErrors(error);
      if (!problem) throw error;
      return detail(c, await load(id), { update: { input, problem } }, 400);
    }
  });

  // ---- cancel (a scheduled window only), after a confirmation ----

  const cancelForm = async (c: C, m: MaintenanceWithUpdates, input: { message: string; notify: boolean }, problem: Problem | null, status: ScreenOptions['status'] = 200) =>
    show(
      c,
      `Cancel ${m.title}`,
      <>
        <h1>Cancel this maintenance?</h1>
        <p>
          <strong>{m.title}</strong>, scheduled <Time iso={m.scheduled_for} /> – <Time iso={m.scheduled_until} />.
        </p>
        <p>Cancelling posts a final update and closes the window for good: it will not start, and it cannot be reopened.</p>
        <ErrorSummary summary={problem?.summary} fields={problem?.fields} />
        <form method="post" action={`/console/maintenance/${m.id}/cancel`} novalidate>
          <Csrf token={c.get('session').csrf_token} />
          <MessageField value={input.message} error={problem?.fields.message} label="Message to subscribers (Markdown)" />
          <Checkbox name="notify" checked={input.notify} label="Notify subscribers" />
          <div class="actions">
            <button type="submit" class="danger">
              Cancel this maintenance
            </button>
            <a href={`/console/maintenance/${m.id}`}>Keep it scheduled</a>
          </div>
        </form>
      </>,
      status,
    );

  const cannotCancel = (c: C, m: Maintenance) =>
    refusal(c, pageName, 409, 'Not cancelled', `This window is ${statusLabel(shownStatus(m)).toLowerCase()}: only a scheduled window can be cancelled. Post an update to complete it instead.`, `/console/maintenance/${m.id}`);

  app.get('/maintenance/:id/cancel', async (c) => {
    requireAction(c, 'maintenance');
    const m = await load(c.req.param('id'));
    if (m.status !== 'scheduled') return cannotCancel(c, m);
    return cancelForm(c, m, { message: 'This maintenance has been cancelled.', notify: true }, null);
  });

  app.post('/maintenance/:id/cancel', async (c) => {
    requireAction(c, 'maintenance');
    const id = c.req.param('id');
    const form = await formOf(c);
    const input = { message: text(form, 'message', { raw: true }), notify: text(form, 'notify') !== '' };
    const m = await load(id);
    try {
      const body = checkedBy(PostMaintenanceUpdateBody, { status: 'completed', message: input.message, notify: input.notify });
      // The same use case as POST /v1/maintenances/{id}/cancel: the window is marked cancelled_at.
      await cancelMaintenance(deps, id, { message: body.message, notify: body.notify }, ctxOf(c));
      return c.redirect(`/console/maintenance/${id}?done=cancelled`, 303);
    } catch (error) {
      if (error instanceof ConflictError) return cannotCancel(c, await load(id));
      const problem = fieldErrors(error);
      if (!problem) throw error;
      return cancelForm(c, m, input, problem, 400);
    }
  });

  return app;
}

// ---- pieces ----

function WindowList({ items }: { items: Maintenance[] }) {
  return (
    <ul class="list">
      {items.map((m) => (
        <li>
          <a href={`/console/maintenance/${m.id}`}>
            <strong>{m.title}</strong>
          </a>{' '}
          <StatusBadge status={shownStatus(m)} />
          <p class="muted">
            <Time iso={m.scheduled_for} /> – <Time iso={m.scheduled_until} />
          </p>
        </li>
      ))}
    </ul>
  );
}

function Checkbox({ name, checked, label }: { name: string; checked: boolean; label: string }) {
  return (
    <div class="field">
      <label>
        <input type="checkbox" name={name} value="on" checked={checked} /> {label}
      </label>
    </div>
  );
}

function MessageField({ value, error, label }: { value: string; error?: string; label: string }) {
  return (
    <>
      <Field name="message" label={label} error={error}>
        <textarea id="field-message" name="message" rows={6} data-preview="preview-message" aria-describedby={describedBy('message', undefined, error)}>
          {value}
        </textarea>
      </Field>
      <p class="hint">Preview</p>
      <div id="preview-message" class="preview prose" aria-live="polite">
        {value ? raw(renderMarkdown(value)) : ''}
      </div>
    </>
  );
}

/** Title, start and end (UTC), components (only while scheduled) and automatic transitions. */
function WindowFields({ input, errors, components, scheduled }: { input: WindowInput; errors: FieldErrors; components: ComponentWithGroup[]; scheduled: boolean }) {
  const choosable = components.filter((x) => !x.group);
  const timeHint = 'In UTC (24-hour clock).';
  return (
    <>
      <Field name="title" label="Title" error={errors.title}>
        <input id="field-title" name="title" value={input.title} maxlength={200} required aria-describedby={describedBy('title', undefined, errors.title)} />
      </Field>
      {scheduled && (
        <Field name="scheduled_for" label="Starts (UTC)" hint={timeHint} error={errors.scheduled_for}>
          <input
            id="field-scheduled_for"
            type="datetime-local"
            name="scheduled_for"
            value={input.scheduled_for}
            required
            aria-describedby={describedBy('scheduled_for', timeHint, errors.scheduled_for)}
          />
        </Field>
      )}
      <Field name="scheduled_until" label="Ends (UTC)" hint={timeHint} error={errors.scheduled_until}>
        <input
          id="field-scheduled_until"
          type="datetime-local"
          name="scheduled_until"
          value={input.scheduled_until}
          required
          aria-describedby={describedBy('scheduled_until', timeHint, errors.scheduled_until)}
        />
      </Field>
      {scheduled && (
        <fieldset class={errors.components ? 'has-error' : undefined} aria-describedby={errors.components ? 'error-components' : undefined}>
          <legend>Components under maintenance</legend>
          <input type="hidden" name="components_shown" value="1" />
          {errors.components && (
            <p class="field-error" id="error-components">
              {errors.components}
            </p>
          )}
          {choosable.length === 0 && <p class="muted">No components yet.</p>}
          {choosable.map((x, i) => (
            <div>
              <label>
                <input type="checkbox" id={i === 0 ? 'field-components' : undefined} name="components" value={x.id} checked={input.components.includes(x.id)} />{' '}
                {x.group_name ? `${x.group_name} › ${x.name}` : x.name}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <Checkbox name="auto_transition" checked={input.auto_transition} label="Start and complete automatically at these times" />
    </>
  );
}

/** What the stored window holds that differs from the person's unsaved form. */
function StaleDifferences({ mine, stored, names, scheduled }: { mine: WindowInput; stored: WindowInput; names: Map<string, string>; scheduled: boolean }) {
  const list = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(', ') || 'none';
  const rows: DifferenceRow[] = [];
  if (mine.title !== stored.title) rows.push(['Title', stored.title, mine.title]);
  if (scheduled && mine.scheduled_for !== stored.scheduled_for) rows.push(['Starts (UTC)', stored.scheduled_for, mine.scheduled_for]);
  if (mine.scheduled_until !== stored.scheduled_until) rows.push(['Ends (UTC)', stored.scheduled_until, mine.scheduled_until]);
  if (scheduled && [...mine.components].sort().join() !== [...stored.components].sort().join()) rows.push(['Components', list(stored.components), list(mine.components)]);
  if (mine.auto_transition !== stored.auto_transition) rows.push(['Automatic transitions', stored.auto_transition ? 'on' : 'off', mine.auto_transition ? 'on' : 'off']);
  return <DifferencesTable rows={rows} agree="Your form and the stored window now agree." />;
}
