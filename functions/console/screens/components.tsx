// Components: the page's components in their order, groups first with their own, each with its
// status and description. Admins create, rename, describe, group (an existing group or a new one),
// reorder (move up/down: plain forms) and delete after a confirmation naming the incidents and
// windows that refer to it. Statuses are only shown: incidents and maintenance change them.
import { DifferencesTable, type DifferenceRow } from '../ui/differences';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { componentReferences } from '#app/components/component-references';
import { createComponent } from '#app/components/create-component';
import { deleteComponent } from '#app/components/delete-component';
import { listComponents, type ComponentWithGroup } from '#app/components/list-components';
import { moveComponent } from '#app/components/move-component';
import { updateComponent } from '#app/components/update-component';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#core/errors';
import { can } from '#core/roles';
import { CreateComponentBody, UpdateComponentBody } from '#api/schemas';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { fieldErrors, formOf, text, type FieldErrors, type FormData } from '../form';
import { actorOf, requireAction } from '../permissions';
import { refusal, screen, type ScreenOptions } from '../render';
import { ComponentStatusBadge, StatusBadge } from '../ui/badges';
import { Csrf, describedBy, ErrorSummary, Field } from '../ui/form';
import { Time } from '../ui/time';
import { checkedBy, versionOf } from './zod-form';

type C = Context<ConsoleEnv>;

const DONE: Record<string, string> = {
  created: 'Component created.',
  saved: 'Changes saved.',
  moved: 'Order changed.',
  deleted: 'Component deleted.',
};

/** A component form as typed: `group_name` is the chosen group, `new_group` a new one's name. */
interface ComponentInput {
  name: string;
  description: string;
  group_name: string;
  new_group: string;
}

interface Problem {
  summary: string;
  fields: FieldErrors;
}

function inputOf(form: FormData): ComponentInput {
  return {
    name: text(form, 'name'),
    description: text(form, 'description', { raw: true }).trim(),
    group_name: text(form, 'group_name'),
    new_group: text(form, 'new_group'),
  };
}

function inputFrom(x: ComponentWithGroup): ComponentInput {
  return { name: x.name, description: x.description ?? '', group_name: x.group_name ?? '', new_group: '' };
}

/** The body /v1 would take for this form (a new group's name wins over the chosen one). */
function bodyOf(input: ComponentInput, isGroup: boolean) {
  return {
    name: input.name,
    description: input.description === '' ? null : input.description,
    ...(isGroup ? {} : { group_name: input.new_group || input.group_name || null }),
  };
}

/** A ValidationError's fields, the group's shown beside the field the person used. */
function problemOf(error: unknown, input: ComponentInput): Problem | null {
  const problem = fieldErrors(error);
  if (!problem) return null;
  const { group_name, ...fields } = problem.fields;
  if (group_name) fields[input.new_group ? 'new_group' : 'group_name'] = group_name;
  return { summary: problem.summary, fields };
}

export function componentRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;
  const ctxOf = (c: C) => ({ actor: actorOf(c), now: deps.now() });
  const show = (c: C, title: string, body: Child, status?: ScreenOptions['status']) => screen(c, pageName, title, body, { active: 'components', status });
  const load = async (id: string) => {
    const found = (await listComponents(deps)).find((x) => x.id === id);
    if (!found) throw new NotFoundError(`There is no component ${id}.`);
    return found;
  };

  // ---- the list, with the form to add one ----

  const list = async (c: C, create: { input: ComponentInput; problem: Problem | null } | null, status: ScreenOptions['status'] = 200) => {
    const components = await listComponents(deps);
    const admin = can(c.get('person').role, 'components');
    const csrf = c.get('session').csrf_token;
    const done = DONE[c.req.query('done') ?? ''];
    const siblings = (x: ComponentWithGroup) => components.filter((y) => (y.group_name === null ? null : y.group_id) === (x.group_name === null ? null : x.group_id));
    return show(
      c,
      'Components',
      <>
        <h1>Components</h1>
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <p class="hint">Statuses change through incidents and maintenance; they are shown here, not set.</p>
        {components.length === 0 ? (
          <p class="muted">No components yet.</p>
        ) : (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Description</th>
                  {admin && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {components.map((x) => {
                  const around = siblings(x);
                  const at = around.findIndex((y) => y.id === x.id);
                  return (
                    <tr>
                      <th scope="row">
                        {x.group ? (
                          <>
                            <span class="muted">Group: </span>
                            <strong>{x.name}</strong>
                          </>
                        ) : x.group_name ? (
                          <span>
                            <span class="muted">{x.group_name} › </span>
                            {x.name}
                          </span>
                        ) : (
                          x.name
                        )}
                      </th>
                      <td>
                        <ComponentStatusBadge status={x.status} />
                      </td>
                      <td>{x.description ?? ''}</td>
                      {admin && (
                        <td>
                          <div class="actions">
                            {at > 0 && <MoveButton id={x.id} name={x.name} direction="up" csrf={csrf} />}
                            {at < around.length - 1 && <MoveButton id={x.id} name={x.name} direction="down" csrf={csrf} />}
                            <a href={`/console/components/${x.id}`} aria-label={`Edit ${x.name}`}>
                              Edit
                            </a>
                            <a href={`/console/components/${x.id}/delete`} aria-label={`Delete ${x.name}`}>
                              Delete
                            </a>
                          </div>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {admin && (
          <section aria-labelledby="add">
            <h2 id="add">Add a component</h2>
            <ErrorSummary summary={create?.problem?.summary} fields={create?.problem?.fields} />
            <form method="post" action="/console/components" novalidate>
              <Csrf token={csrf} />
              <ComponentFields
                input={create?.input ?? { name: '', description: '', group_name: '', new_group: '' }}
                errors={create?.problem?.fields ?? {}}
                groups={components.filter((x) => x.group).map((x) => x.name)}
                isGroup={false}
              />
              <div class="actions">
                <button type="submit" class="primary">
                  Add component
                </button>
              </div>
            </form>
          </section>
        )}
      </>,
      status,
    );
  };

  app.get('/components', async (c) => list(c, null));

  app.post('/components', async (c) => {
    requireAction(c, 'components');
    const input = inputOf(await formOf(c));
    try {
      const body = checkedBy(CreateComponentBody, bodyOf(input, false));
      const { group_name, ...rest } = body;
      await createComponent(deps, { ...rest, group: group_name ?? null }, ctxOf(c));
      return c.redirect('/console/components?done=created', 303);
    } catch (error) {
      if (error instanceof ConflictError) return list(c, { input, problem: { summary: error.message, fields: { name: error.message } } }, 409);
      const problem = problemOf(error, input);
      if (!problem) throw error;
      return list(c, { input, problem }, 400);
    }
  });

  // ---- one component: edit ----

  interface EditState {
    input: ComponentInput;
    version: number;
    problem: Problem | null;
    stale?: boolean;
  }

  const edit = async (c: C, x: ComponentWithGroup, state: EditState | null, status: ScreenOptions['status'] = 200) => {
    const admin = can(c.get('person').role, 'components');
    const groups = (await listComponents(deps)).filter((y) => y.group).map((y) => y.name);
    const form = state ?? { input: inputFrom(x), version: x.version, problem: null };
    const kind = x.group ? 'group' : 'component';
    const done = DONE[c.req.query('done') ?? ''];
    return show(
      c,
      x.name,
      <>
        <h1>{x.name}</h1>
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <p>
          {x.group ? 'A group' : x.group_name ? `In the group ${x.group_name}` : 'In no group'} · <ComponentStatusBadge status={x.status} />
        </p>
        {x.description && <p>{x.description}</p>}
        {admin && (
          <section aria-labelledby="edit">
            <h2 id="edit">Edit this {kind}</h2>
            {form.stale && (
              <div class="warning" role="alert">
                <p>
                  <strong>Someone else changed this {kind} since you opened it.</strong> Nothing was saved. What is stored now is shown above;
                  your changes are kept below. Save again to replace the stored values with yours.
                </p>
                <Differences mine={form.input} stored={inputFrom(x)} isGroup={x.group} />
              </div>
            )}
            <ErrorSummary summary={form.problem?.summary} fields={form.problem?.fields} />
            <form method="post" action={`/console/components/${x.id}`} novalidate>
              <Csrf token={c.get('session').csrf_token} />
              <input type="hidden" name="version" value={String(form.version)} />
              <ComponentFields input={form.input} errors={form.problem?.fields ?? {}} groups={groups} isGroup={x.group} />
              <div class="actions">
                <button type="submit" class="primary">
                  Save changes
                </button>
                <a class="button danger" href={`/console/components/${x.id}/delete`}>
                  Delete this {kind}…
                </a>
              </div>
            </form>
          </section>
        )}
        <p>
          <a href="/console/components">Back to components</a>
        </p>
      </>,
      status,
    );
  };

  app.get('/components/:id', async (c) => edit(c, await load(c.req.param('id')), null));

  app.post('/components/:id', async (c) => {
    requireAction(c, 'components');
    const id = c.req.param('id');
    const form = await formOf(c);
    const input = inputOf(form);
    const version = versionOf(text(form, 'version'));
    const current = await load(id);
    try {
      const body = checkedBy(UpdateComponentBody, bodyOf(input, current.group));
      const { group_name, ...rest } = body;
      await updateComponent(deps, id, { ...rest, ...(group_name === undefined ? {} : { group: group_name }) }, { ...ctxOf(c), ifMatch: version ?? -1 });
      return c.redirect(`/console/components/${id}?done=saved`, 303);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        const fresh = await load(id);
        return edit(c, fresh, { input, version: fresh.version, problem: null, stale: true }, 409);
      }
      const problem = problemOf(error, input);
      if (!problem) throw error;
      return edit(c, current, { input, version: version ?? current.version, problem }, 400);
    }
  });

  // ---- reorder ----

  app.post('/components/:id/move', async (c) => {
    requireAction(c, 'components');
    const direction = text(await formOf(c), 'direction');
    if (direction !== 'up' && direction !== 'down') {
      return refusal(c, pageName, 400, 'Not moved', 'Move a component up or down.', '/console/components');
    }
    await moveComponent(deps, c.req.param('id'), direction, ctxOf(c));
    return c.redirect('/console/components?done=moved', 303);
  });

  // ---- delete, after a confirmation naming what refers to it ----

  app.get('/components/:id/delete', async (c) => {
    requireAction(c, 'components');
    const x = await load(c.req.param('id'));
    const refs = await componentReferences(deps, x.id);
    const children = x.group ? (await listComponents(deps)).filter((y) => y.group_id === x.id) : [];
    const kind = x.group ? 'group' : 'component';
    return show(
      c,
      `Delete ${x.name}`,
      <>
        <h1>Delete the {kind} “{x.name}”?</h1>
        {children.length > 0 ? (
          <p class="warning" role="alert">
            This group still holds {children.map((y) => y.name).join(', ')}: move or delete them first.
          </p>
        ) : (
          <p>It disappears from the public page at once. This cannot be undone.</p>
        )}
        <section aria-labelledby="referring-incidents">
          <h2 id="referring-incidents">Incidents that name it ({refs.incidents.length})</h2>
          {refs.incidents.length === 0 ? (
            <p class="muted">No incident names it{refs.since_month ? ` (incidents declared since ${refs.since_month} were checked)` : ''}.</p>
          ) : (
            <>
              <p>They keep its name as their updates recorded it.</p>
              <ul>
                {refs.incidents.map((i) => (
                  <li>
                    <a href={`/console/incidents/${i.id}`}>{i.title}</a> <StatusBadge status={i.status} /> <span class="muted">{i.id} · </span>
                    <Time iso={i.started_at} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {!refs.complete && <p class="muted">Incidents declared before {refs.since_month} were not checked.</p>}
        </section>
        <section aria-labelledby="referring-maintenance">
          <h2 id="referring-maintenance">Maintenance not completed that covers it ({refs.maintenances.length})</h2>
          {refs.maintenances.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <ul>
              {refs.maintenances.map((m) => (
                <li>
                  <a href={`/console/maintenance/${m.id}`}>{m.title}</a> <StatusBadge status={m.status} /> <Time iso={m.scheduled_for} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <form method="post" action={`/console/components/${x.id}/delete`} class="actions">
          <Csrf token={c.get('session').csrf_token} />
          {children.length === 0 && (
            <button type="submit" class="danger">
              Delete “{x.name}”
            </button>
          )}
          <a href={`/console/components/${x.id}`}>Keep it</a>
        </form>
      </>,
    );
  });

  app.post('/components/:id/delete', async (c) => {
    requireAction(c, 'components');
    const id = c.req.param('id');
    try {
      await deleteComponent(deps, id);
    } catch (error) {
      if (error instanceof ConflictError) return refusal(c, pageName, 409, 'Not deleted', error.message, `/console/components/${id}`);
      throw error;
    }
    return c.redirect('/console/components?done=deleted', 303);
  });

  return app;
}

// ---- pieces ----

function MoveButton({ id, name, direction, csrf }: { id: string; name: string; direction: 'up' | 'down'; csrf: string }) {
  return (
    <form method="post" action={`/console/components/${id}/move`}>
      <Csrf token={csrf} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" aria-label={`Move ${name} ${direction}`}>
        {direction === 'up' ? '↑ Up' : '↓ Down'}
      </button>
    </form>
  );
}

function ComponentFields({ input, errors, groups, isGroup }: { input: ComponentInput; errors: FieldErrors; groups: string[]; isGroup: boolean }) {
  const newGroupHint = 'Creates the group; leave empty to use the choice above.';
  return (
    <>
      <Field name="name" label="Name" error={errors.name}>
        <input id="field-name" name="name" value={input.name} maxlength={100} required aria-describedby={describedBy('name', undefined, errors.name)} />
      </Field>
      <Field name="description" label="Description (optional)" error={errors.description}>
        <textarea id="field-description" name="description" rows={2} maxlength={1000} aria-describedby={describedBy('description', undefined, errors.description)}>
          {input.description}
        </textarea>
      </Field>
      {!isGroup && (
        <>
          <Field name="group_name" label="Group" error={errors.group_name}>
            <select id="field-group_name" name="group_name" aria-describedby={describedBy('group_name', undefined, errors.group_name)}>
              <option value="" selected={input.group_name === ''}>
                No group
              </option>
              {groups.map((g) => (
                <option value={g} selected={g === input.group_name}>
                  {g}
                </option>
              ))}
            </select>
          </Field>
          <Field name="new_group" label="Or a new group (optional)" hint={newGroupHint} error={errors.new_group}>
            <input id="field-new_group" name="new_group" value={input.new_group} maxlength={100} aria-describedby={describedBy('new_group', newGroupHint, errors.new_group)} />
          </Field>
        </>
      )}
    </>
  );
}

function Differences({ mine, stored, isGroup }: { mine: ComponentInput; stored: ComponentInput; isGroup: boolean }) {
  const myGroup = mine.new_group || mine.group_name;
  const rows: DifferenceRow[] = [];
  if (mine.name !== stored.name) rows.push(['Name', stored.name, mine.name]);
  if (mine.description !== stored.description) rows.push(['Description', stored.description || '(none)', mine.description || '(none)']);
  if (!isGroup && myGroup !== stored.group_name) rows.push(['Group', stored.group_name || '(none)', myGroup || '(none)']);
  return <DifferencesTable rows={rows} agree="Your form and what is stored now agree." />;
}
