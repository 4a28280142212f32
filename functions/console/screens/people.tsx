// People & keys (admins): who may use the console and with which role — add ("invite": they sign
// in with a link mailed from the sign-in page), change a role, remove (their sessions end too) —
// and the API keys: list with scopes, owner and last use, create with scopes (the key shown once),
// revoke. Every change goes through the same use cases as /v1/people and /v1/api-keys.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createApiKey } from '#app/api-keys/create-api-key';
import { listApiKeys, type ApiKeySummary } from '#app/api-keys/list-api-keys';
import { revokeApiKey } from '#app/api-keys/revoke-api-key';
import { addPerson } from '#app/people/add-person';
import { getPerson, listPeople } from '#app/people/list-people';
import { LastAdminError, type Person } from '#app/people/person';
import { removePerson } from '#app/people/remove-person';
import { updatePerson } from '#app/people/update-person';
import { API_KEY_SCOPES, SCOPE_MEANINGS, type ApiKeyScope } from '#core/api-key-scopes';
import { ConflictError, PreconditionFailedError, ValidationError } from '#core/errors';
import { isRole, ROLES, type Role } from '#core/roles';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { fieldErrors, formOf, text, texts, type FieldErrors } from '../form';
import { actorOf, requireAction } from '../permissions';
import { refusal, screen, type ScreenOptions } from '../render';
import { clearSessionCookie } from '../session-cookie';
import { Csrf, describedBy, ErrorSummary, Field } from '../ui/form';
import { Time } from '../ui/time';

type C = Context<ConsoleEnv>;

const ROLE_MEANING: Record<Role, string> = {
  viewer: 'viewer — reads everything, changes nothing',
  responder: 'responder — also incidents, updates, maintenance, postmortems',
  admin: 'admin — also components, subscribers, templates, people, API keys',
};

const DONE: Record<string, string> = {
  added: 'Added. They can sign in now: on the console’s sign-in page they ask for a link, which is mailed to their address.',
  role: 'Role changed.',
  removed: 'Removed, and their console sessions ended.',
  revoked: 'Key revoked: the API refuses it from now on (other running API processes within 5 seconds).',
};

interface FormState {
  values: Record<string, string | string[]>;
  summary?: string;
  fields?: FieldErrors;
}

interface PageState {
  add?: FormState;
  key?: FormState;
  /** A message about a role change that did not happen (last admin, stale form). */
  roleProblem?: string;
  /** A stale role form's choice, kept in that person's row (now at their current version). */
  roleKept?: { email: string; role: Role };
  status?: ScreenOptions['status'];
}

const pageTitle = 'People & keys';

export function peopleRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;

  async function page(c: C, state: PageState = {}) {
    requireAction(c, 'people');
    const [people, keys] = await Promise.all([listPeople(deps), listApiKeys(deps)]);
    const csrf = c.get('session').csrf_token;
    const done = DONE[c.req.query('done') ?? ''];
    return screen(
      c,
      pageName,
      pageTitle,
      <>
        <h1>{pageTitle}</h1>
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <section aria-labelledby="people">
          <h2 id="people">People ({people.length})</h2>
          {state.roleProblem && (
            <div class="error-summary" role="alert" id="error-summary" tabindex={-1}>
              <h2>The role was not changed</h2>
              <p>{state.roleProblem}</p>
            </div>
          )}
          <PeopleTable people={people} csrf={csrf} self={actorOf(c)} kept={state.roleKept} />
        </section>
        <section aria-labelledby="add-person">
          <h2 id="add-person">Add a person</h2>
          <AddPersonForm csrf={csrf} state={state.add} />
        </section>
        <section aria-labelledby="api-keys">
          <h2 id="api-keys">API keys</h2>
          <KeysTable keys={keys} />
        </section>
        <section aria-labelledby="create-key">
          <h2 id="create-key">Create an API key</h2>
          <CreateKeyForm csrf={csrf} state={state.key} people={people} />
        </section>
      </>,
      { active: 'people', status: state.status },
    );
  }

  app.get('/people', (c) => page(c));

  app.post('/people/add', async (c) => {
    requireAction(c, 'people');
    const form = await formOf(c);
    const values = { email: text(form, 'email'), name: text(form, 'name'), role: text(form, 'role') };
    try {
      if (!isRole(values.role)) throw new ValidationError('Choose a role.', [{ path: 'role', message: `Choose one of ${ROLES.join(', ')}.` }]);
      await addPerson(deps, { email: values.email, name: values.name, role: values.role }, { actor: actorOf(c), now: deps.now() });
    } catch (error) {
      const invalid = fieldErrors(error);
      if (invalid) return page(c, { add: { values, ...invalid }, status: 400 });
      if (error instanceof ConflictError) {
        return page(c, { add: { values, summary: error.message, fields: { email: error.message } }, status: 409 });
      }
      throw error;
    }
    return c.redirect('/console/people?done=added#people', 303);
  });

  app.post('/people/role', async (c) => {
    requireAction(c, 'people');
    const form = await formOf(c);
    const email = text(form, 'email');
    const role = text(form, 'role');
    const version = Number(text(form, 'version'));
    if (!isRole(role)) return page(c, { roleProblem: `Choose one of ${ROLES.join(', ')}.`, status: 400 });
    try {
      await updatePerson(deps, email, { role }, { actor: actorOf(c), now: deps.now(), ifMatch: Number.isInteger(version) ? version : undefined });
    } catch (error) {
      if (error instanceof LastAdminError) return page(c, { roleProblem: error.message, status: 409 });
      if (error instanceof PreconditionFailedError) {
        const current = await getPerson(deps, email);
        return page(c, {
          roleProblem: `Someone else changed ${current.email} while you were looking: they are now ${current.role}. Your choice (${role}) was not saved; it is kept in their row: press Change role again if you still want it.`,
          roleKept: { email: current.email, role },
          status: 409,
        });
      }
      throw error;
    }
    // Demoting yourself takes this screen away: go where you may still be.
    if (email.trim().toLowerCase() === actorOf(c) && role !== 'admin') return c.redirect('/console/account', 303);
    return c.redirect('/console/people?done=role#people', 303);
  });

  app.get('/people/remove', async (c) => {
    requireAction(c, 'people');
    const person = await getPerson(deps, c.req.query('email') ?? '');
    const sessions = (await deps.store.sessions.list()).filter((s) => s.email === person.email).length;
    const csrf = c.get('session').csrf_token;
    return screen(
      c,
      pageName,
      `Remove ${person.email}?`,
      <>
        <h1>Remove {person.email}?</h1>
        <p>
          {person.name ? `${person.name} · ` : ''}role <strong>{person.role}</strong> · added by {person.added_by}
        </p>
        <p class="warning">
          They will no longer be able to sign in, and their {sessions} open console session{sessions === 1 ? '' : 's'} will end at once. Their API
          keys are not revoked: revoke them below the people list if they should stop too.
        </p>
        <form method="post" action="/console/people/remove" class="actions">
          <Csrf token={csrf} />
          <input type="hidden" name="email" value={person.email} />
          <input type="hidden" name="version" value={String(person.version)} />
          <button type="submit" class="danger">
            Remove {person.email}
          </button>
          <a href="/console/people">Keep them</a>
        </form>
      </>,
      { active: 'people' },
    );
  });

  app.post('/people/remove', async (c) => {
    requireAction(c, 'people');
    const form = await formOf(c);
    const email = text(form, 'email');
    const version = Number(text(form, 'version'));
    try {
      await removePerson(deps, email, { ifMatch: Number.isInteger(version) && version > 0 ? version : undefined });
    } catch (error) {
      if (error instanceof LastAdminError) return refusal(c, pageName, 409, 'Not removed', error.message, '/console/people');
      if (error instanceof PreconditionFailedError) {
        return refusal(c, pageName, 409, 'Not removed', `Someone else changed ${email} meanwhile; look again before removing them.`, '/console/people');
      }
      throw error;
    }
    if (email.trim().toLowerCase() === actorOf(c)) {
      clearSessionCookie(c, deps.secureCookies);
      return c.redirect('/console/sign-in?signed_out=1', 303);
    }
    return c.redirect('/console/people?done=removed#people', 303);
  });

  app.post('/people/keys', async (c) => {
    requireAction(c, 'api_keys');
    const form = await formOf(c);
    const values = { name: text(form, 'name'), owner: text(form, 'owner'), scopes: texts(form, 'scopes') };
    let created;
    try {
      created = await createApiKey(deps, values.name, { scopes: values.scopes as ApiKeyScope[], owner: values.owner || null });
    } catch (error) {
      const invalid = fieldErrors(error);
      if (invalid) {
        // The key's name field is `field-key-name` (the person form has its own `name`).
        const { name: nameError, ...rest } = invalid.fields;
        const fields = nameError ? { 'key-name': nameError, ...rest } : rest;
        return page(c, { key: { values, summary: invalid.summary, fields }, status: 400 });
      }
      throw error;
    }
    // Shown once, on this answer only (never stored, never cached: the console answers no-store).
    return screen(
      c,
      pageName,
      'API key created',
      <>
        <h1>API key created</h1>
        <p class="warning" role="alert">
          Copy this key now: it is shown once and Herald keeps only its hash. If it is lost, revoke it and create another.
        </p>
        <div class="field">
          <label for="field-key">The key for {created.name}</label>
          <input id="field-key" type="text" readonly value={created.key} autocomplete="off" spellcheck={false} />
        </div>
        <p>
          Prefix <code>{created.prefix}</code> · scopes {created.scopes.join(', ')}
          {created.owner ? ` · owner ${created.owner}` : ''}
        </p>
        <p>
          Use it as <code>Authorization: Bearer …</code> on <code>/v1</code>.
        </p>
        <p>
          <a href="/console/people#api-keys">Back to People &amp; keys</a>
        </p>
      </>,
      { active: 'people' },
    );
  });

  app.get('/people/keys/revoke', async (c) => {
    requireAction(c, 'api_keys');
    const prefix = c.req.query('prefix') ?? '';
    const key = (await listApiKeys(deps)).find((k) => k.prefix === prefix && !k.revoked_at);
    if (!key) return refusal(c, pageName, 404, 'Not found', `No active API key starts with ${prefix}.`, '/console/people#api-keys');
    const csrf = c.get('session').csrf_token;
    return screen(
      c,
      pageName,
      `Revoke ${key.name}?`,
      <>
        <h1>Revoke the key {key.name}?</h1>
        <p>
          Prefix <code>{key.prefix}</code> · scopes {key.scopes.join(', ')}
          {key.owner ? ` · owner ${key.owner}` : ''}
        </p>
        <p class="warning">Anything using this key is refused (401) from now on. This cannot be undone.</p>
        <form method="post" action="/console/people/keys/revoke" class="actions">
          <Csrf token={csrf} />
          <input type="hidden" name="prefix" value={key.prefix} />
          <button type="submit" class="danger">
            Revoke {key.name}
          </button>
          <a href="/console/people#api-keys">Keep it</a>
        </form>
      </>,
      { active: 'people' },
    );
  });

  app.post('/people/keys/revoke', async (c) => {
    requireAction(c, 'api_keys');
    const prefix = text(await formOf(c), 'prefix');
    if (!(await revokeApiKey(deps, prefix))) {
      return refusal(c, pageName, 404, 'Not revoked', `No active API key starts with ${prefix}.`, '/console/people#api-keys');
    }
    return c.redirect('/console/people?done=revoked#api-keys', 303);
  });

  return app;
}

function PeopleTable({ people, csrf, self, kept }: { people: Person[]; csrf: string; self: string; kept?: { email: string; role: Role } | undefined }) {
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Added by</th>
            <th scope="col">
              <span class="muted">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr>
              <th scope="row">
                {person.email}
                {person.email === self && <span class="muted"> (you)</span>}
              </th>
              <td>{person.name ?? <span class="muted">—</span>}</td>
              <td>
                <form method="post" action="/console/people/role" class="inline">
                  <Csrf token={csrf} />
                  <input type="hidden" name="email" value={person.email} />
                  <input type="hidden" name="version" value={String(person.version)} />
                  <label for={`role-${person.email}`} class="visually-hidden">
                    Role of {person.email}
                  </label>
                  <select id={`role-${person.email}`} name="role">
                    {ROLES.map((role) => (
                      <option value={role} selected={role === (kept?.email === person.email ? kept.role : person.role)}>
                        {role}
                      </option>
                    ))}
                  </select>{' '}
                  <button type="submit" aria-label={`Change the role of ${person.email}`}>
                    Change role
                  </button>
                </form>
              </td>
              <td>{person.added_by}</td>
              <td>
                <a href={`/console/people/remove?email=${encodeURIComponent(person.email)}`} aria-label={`Remove ${person.email}`}>
                  Remove…
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddPersonForm({ csrf, state }: { csrf: string; state?: FormState | undefined }) {
  const v = (name: string) => {
    const value = state?.values[name];
    return typeof value === 'string' ? value : '';
  };
  const err = (name: string) => state?.fields?.[name];
  const role = v('role') || 'responder';
  return (
    <form method="post" action="/console/people/add">
      <ErrorSummary summary={state?.summary} fields={state?.fields} />
      <Csrf token={csrf} />
      <p class="hint">
        Herald sends no invitation: once added, the person opens the console’s sign-in page and asks for a link, which is mailed to this address.
      </p>
      <Field name="email" label="Email" error={err('email')}>
        <input id="field-email" name="email" type="email" autocomplete="off" required value={v('email')} aria-describedby={describedBy('email', undefined, err('email'))} />
      </Field>
      <Field name="name" label="Name (optional)" error={err('name')}>
        <input id="field-name" name="name" type="text" maxlength={100} value={v('name')} aria-describedby={describedBy('name', undefined, err('name'))} />
      </Field>
      <Field name="role" label="Role" error={err('role')}>
        <select id="field-role" name="role" aria-describedby={describedBy('role', undefined, err('role'))}>
          {ROLES.map((r) => (
            <option value={r} selected={r === role}>
              {ROLE_MEANING[r]}
            </option>
          ))}
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          Add person
        </button>
      </div>
    </form>
  );
}

function KeysTable({ keys }: { keys: ApiKeySummary[] }) {
  if (keys.length === 0) return <p class="muted">No API keys yet.</p>;
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Owner</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span class="muted">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.scoped ? key.scopes.join(', ') : 'all (created before scopes)'}</td>
              <td>{key.owner ?? <span class="muted">—</span>}</td>
              <td>
                <Time iso={key.created_at} />
              </td>
              <td>{key.last_used_at ? <Time iso={key.last_used_at} /> : <span class="muted">not recorded</span>}</td>
              <td>
                {key.revoked_at ? (
                  <>
                    Revoked <Time iso={key.revoked_at} />
                  </>
                ) : (
                  <a href={`/console/people/keys/revoke?prefix=${encodeURIComponent(key.prefix)}`} aria-label={`Revoke the key ${key.name} (${key.prefix})`}>
                    Revoke…
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateKeyForm({ csrf, state, people }: { csrf: string; state?: FormState | undefined; people: Person[] }) {
  const name = typeof state?.values.name === 'string' ? state.values.name : '';
  const owner = typeof state?.values.owner === 'string' ? state.values.owner : '';
  const chosen = Array.isArray(state?.values.scopes) ? state.values.scopes : ['read'];
  const err = (field: string) => state?.fields?.[field];
  return (
    <form method="post" action="/console/people/keys">
      <ErrorSummary summary={state?.summary} fields={state?.fields} />
      <Csrf token={csrf} />
      <Field name="key-name" label="Name (who or what uses it)" error={err('key-name')}>
        <input id="field-key-name" name="name" type="text" maxlength={100} required value={name} aria-describedby={describedBy('key-name', undefined, err('key-name'))} />
      </Field>
      <fieldset id="field-scopes" class={err('scopes') ? 'has-error' : undefined} aria-describedby={err('scopes') ? 'error-scopes' : undefined}>
        <legend>Scopes</legend>
        {err('scopes') && (
          <p class="field-error" id="error-scopes">
            {err('scopes')}
          </p>
        )}
        {API_KEY_SCOPES.map((scope) => (
          <div class="choice">
            <input type="checkbox" id={`scope-${scope}`} name="scopes" value={scope} checked={chosen.includes(scope)} />{' '}
            <label for={`scope-${scope}`}>
              <strong>{scope}</strong>: {SCOPE_MEANINGS[scope]}
            </label>
          </div>
        ))}
      </fieldset>
      <Field name="owner" label="Owner (optional)">
        <select id="field-owner" name="owner">
          <option value="" selected={owner === ''}>
            Nobody named
          </option>
          {people.map((person) => (
            <option value={person.email} selected={owner === person.email}>
              {person.email}
            </option>
          ))}
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="primary">
          Create API key
        </button>
      </div>
    </form>
  );
}
