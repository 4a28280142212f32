// Subscribers (admins): counts by state, one address looked up, the list a page at a time by
// status, removing one (kept as "removed", so imports skip it), importing a CSV after a dry run
// that lists what would happen to each address, and exporting the confirmed ones as CSV.
import { Hono, type Context } from 'hono';
import { findSubscriber, type SubscriberLookup } from '#app/subscriptions/find-subscriber';
import { importSubscribers, MAX_IMPORT, type ImportResult, type SkipReason } from '#app/subscriptions/import-subscribers';
import { deleteSubscriber, listSubscribers } from '#app/subscriptions/list-subscribers';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberStatus } from '#app/subscriptions/subscriber';
import { ValidationError } from '#core/errors';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { fieldErrors, formOf, text, type FieldErrors, type FormData } from '../form';
import { actorOf, requireAction } from '../permissions';
import { refusal, screen } from '../render';
import { Csrf, describedBy, ErrorSummary, Field } from '../ui/form';
import { Time } from '../ui/time';
import { addressesFromCsv, csvLine } from './subscribers-csv';

const PAGE_SIZE = 50;
const EXPORT_PAGE = 500;

const STATUS_LABEL: Record<SubscriberStatus, string> = { pending: 'Pending', confirmed: 'Confirmed', suppressed: 'Suppressed' };

/** How the dry run names each outcome, in the order it lists them. */
const OUTCOMES: ReadonlyArray<{ key: 'add' | SkipReason; title: string; why: string }> = [
  { key: 'add', title: 'Would add', why: 'New addresses (or pending ones you vouch for).' },
  { key: 'exists', title: 'Already there', why: 'Already subscribed: left as they are.' },
  { key: 'duplicate', title: 'Repeated in the file', why: 'Only the first of each is used.' },
  { key: 'invalid', title: 'Invalid', why: 'Not email addresses.' },
  { key: 'unsubscribed', title: 'Unsubscribed', why: 'They left by their own unsubscribe link: only they can subscribe again.' },
  { key: 'removed', title: 'Removed', why: 'A responder removed them: only they can subscribe again.' },
  { key: 'suppressed', title: 'Suppressed', why: 'Their mail bounced or they complained: never mailed again.' },
];

export function subscriberRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;

  app.get('/subscribers', async (c) => {
    requireAction(c, 'subscribers');
    const now = deps.now();
    const query = c.req.query();
    const status = (SUBSCRIBER_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as SubscriberStatus) : 'confirmed';
    const address = (query.email ?? '').trim();
    let lookup: SubscriberLookup | null = null;
    let lookupError: string | undefined;
    if (address) {
      try {
        lookup = await findSubscriber(deps, address);
      } catch (error) {
        const fields = fieldErrors(error);
        if (!fields) throw error;
        lookupError = fields.fields.email ?? fields.summary;
      }
    }
    let listing;
    try {
      listing = await listSubscribers(deps, { status, limit: PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) });
    } catch (error) {
      if (error instanceof ValidationError) return refusal(c, pageName, 400, 'Not a page of this list', error.message, '/console/subscribers');
      throw error;
    }
    const [counts, components] = await Promise.all([deps.store.subscribers.counts(now), componentNames(deps)]);
    return screen(
      c,
      pageName,
      'Subscribers',
      <>
        <div class="bar">
          <h1>Subscribers</h1>
          <span>
            <a class="button" href="/console/subscribers/import">
              Import from CSV
            </a>{' '}
            <a class="button" href="/console/subscribers/export.csv" download>
              Export confirmed (CSV)
            </a>
          </span>
        </div>
        <Done query={query} />
        <div class="table-wrap" tabindex={0}>
          <table>
            <caption>Subscribers by state</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Subscribers</th>
              </tr>
            </thead>
            <tbody>
              {SUBSCRIBER_STATUSES.map((s) => (
                <tr>
                  <th scope="row">{STATUS_LABEL[s]}</th>
                  <td data-count={s}>{counts[s]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <section aria-labelledby="search">
          <h2 id="search">Find an address</h2>
          <form method="get" action="/console/subscribers" role="search">
            <Field name="email" label="Email address" error={lookupError}>
              <input id="field-email" name="email" type="email" value={address} autocomplete="off" aria-describedby={describedBy('email', undefined, lookupError)} aria-invalid={lookupError ? 'true' : undefined} />
            </Field>
            <div class="actions">
              <button type="submit">Find</button>
            </div>
          </form>
          {lookup && <LookupResult lookup={lookup} names={components} />}
        </section>

        <section aria-labelledby="list">
          <h2 id="list">
            {STATUS_LABEL[status]} ({listing.count})
          </h2>
          <nav aria-label="Subscriber states">
            <p>
              {SUBSCRIBER_STATUSES.map((s, i) => (
                <>
                  {i > 0 && ' · '}
                  <a href={`/console/subscribers?status=${s}`} aria-current={s === status ? 'page' : undefined}>
                    {STATUS_LABEL[s]}
                  </a>
                </>
              ))}
            </p>
          </nav>
          {listing.subscribers.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <SubscriberTable subscribers={listing.subscribers} names={components} />
          )}
          {listing.next_cursor && (
            <p>
              <a href={`/console/subscribers?status=${status}&cursor=${encodeURIComponent(listing.next_cursor)}`}>Next {PAGE_SIZE}</a>
            </p>
          )}
        </section>
      </>,
      { active: 'subscribers', status: lookupError ? 400 : 200 },
    );
  });

  // Removing: a confirmation that names the address, then the removal (recorded as "removed").
  app.get('/subscribers/:id/remove', async (c) => {
    requireAction(c, 'subscribers');
    const subscriber = await deps.store.subscribers.get(c.req.param('id'));
    if (!subscriber) return refusal(c, pageName, 404, 'No such subscriber', 'This subscriber is not on the list (any more).', '/console/subscribers');
    return screen(
      c,
      pageName,
      'Remove a subscriber',
      <>
        <h1>Remove {subscriber.email}?</h1>
        <p>
          They will get no more mail. An import will not bring the address back: only the person can subscribe again, by confirming
          a new subscription.
        </p>
        <form method="post" action={`/console/subscribers/${subscriber.id}/remove`} class="actions">
          <Csrf token={c.get('session').csrf_token} />
          <button type="submit" class="danger">
            Remove {subscriber.email}
          </button>
          <a href="/console/subscribers">Keep them</a>
        </form>
      </>,
      { active: 'subscribers' },
    );
  });

  app.post('/subscribers/:id/remove', async (c) => {
    requireAction(c, 'subscribers');
    await deleteSubscriber(deps, c.req.param('id')); // not found → the 404 page
    return c.redirect('/console/subscribers?done=removed', 303);
  });

  // The export: confirmed subscribers, streamed a page at a time.
  app.get('/subscribers/export.csv', (c) => {
    requireAction(c, 'subscribers');
    const encoder = new TextEncoder();
    let cursor: string | null | undefined;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (cursor === undefined) {
          controller.enqueue(encoder.encode(csvLine(['email', 'components', 'confirmed_at'])));
          cursor = null;
          return;
        }
        const page = await listSubscribers(deps, { status: 'confirmed', limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
        const lines = page.subscribers.map((s) => csvLine([s.email, s.components.join(' '), s.confirmed_at ?? ''])).join('');
        if (lines) controller.enqueue(encoder.encode(lines));
        if (page.next_cursor) cursor = page.next_cursor;
        else controller.close();
      },
    });
    const day = deps.now().slice(0, 10);
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="subscribers-${day}.csv"`,
      'cache-control': 'no-store',
    });
  });

  // Importing: the form, the dry run, then the commit of exactly what the dry run showed.
  app.get('/subscribers/import', (c) => {
    requireAction(c, 'subscribers');
    return importForm(c, pageName, {});
  });

  app.post('/subscribers/import', async (c) => {
    requireAction(c, 'subscribers');
    const form = await formOf(c);
    const confirmed = text(form, 'confirmed') === 'yes';
    const pasted = text(form, 'csv', { raw: true });
    const file = form.file;
    const upload = file instanceof File && file.size > 0 ? await file.text() : '';
    const fieldName = upload ? 'file' : 'csv';
    let addresses: string[];
    try {
      addresses = addressesFromCsv(upload || pasted);
    } catch (error) {
      // csv-parse names the line and what is wrong with it (an unclosed quote, …).
      const reason = error instanceof Error ? error.message : String(error);
      return importForm(c, pageName, { pasted, confirmed, errors: { [fieldName]: `This is not a CSV Herald can read: ${reason}` } }, 400);
    }
    if (addresses.length === 0) {
      return importForm(c, pageName, { pasted, confirmed, errors: { [fieldName]: upload ? 'The file has no addresses in it.' : 'Paste at least one address, or choose a file.' } }, 400);
    }
    if (addresses.length > MAX_IMPORT) {
      const message = `This CSV has ${addresses.length} addresses; Herald imports at most ${MAX_IMPORT} at a time. Split it into smaller files.`;
      return importForm(c, pageName, { pasted, confirmed, errors: { [fieldName]: message } }, 400);
    }
    const result = await dryRun(deps, c, addresses, confirmed);
    return dryRunScreen(c, pageName, { addresses, confirmed, result });
  });

  app.post('/subscribers/import/commit', async (c) => {
    requireAction(c, 'subscribers');
    const form = await formOf(c);
    const addresses = addressLines(form);
    const confirmed = text(form, 'confirmed') === 'yes';
    if (addresses.length === 0 || addresses.length > MAX_IMPORT) {
      return importForm(c, pageName, { confirmed, errors: { csv: 'The import lost its addresses: start again from the file.' } }, 400);
    }
    // What was shown must still be what would happen; otherwise show the new dry run instead.
    const again = await dryRun(deps, c, addresses, confirmed);
    const changes = changesSince(text(form, 'shown', { raw: true }), again);
    if (changes.length > 0) {
      return dryRunScreen(c, pageName, { addresses, confirmed, result: again, changes }, 409);
    }
    const result = await importSubscribers(deps, { subscribers: addresses.map((email) => ({ email })), confirmed }, { actor: actorOf(c), now: deps.now() });
    const params = new URLSearchParams({ done: 'imported', imported: String(result.imported), expected: String(again.imported) });
    return c.redirect(`/console/subscribers?${params.toString()}`, 303);
  });

  return app;
}

async function dryRun(deps: ConsoleDeps, c: Context<ConsoleEnv>, addresses: string[], confirmed: boolean): Promise<ImportResult> {
  return importSubscribers(deps, { subscribers: addresses.map((email) => ({ email })), confirmed, dry_run: true }, { actor: actorOf(c), now: deps.now() });
}

/** What a dry run showed for each address (outcomes joined by +, e.g. "add+duplicate"). */
function outcomesOf(result: ImportResult): Record<string, string> {
  const outcomes: Record<string, string> = {};
  const note = (email: string, outcome: string) => {
    outcomes[email] = outcomes[email] ? `${outcomes[email]}+${outcome}` : outcome;
  };
  for (const email of result.would_import ?? []) note(email, 'add');
  for (const skipped of result.skipped_addresses) note(skipped.email, skipped.reason);
  return outcomes;
}

const outcomeTitle = (outcome: string | undefined) =>
  (outcome ?? 'not listed')
    .split('+')
    .map((key) => OUTCOMES.find((o) => o.key === key)?.title.toLowerCase() ?? key)
    .join(' and ');

/** Each address whose outcome differs now from what the dry run showed (`shown`, as posted back). */
function changesSince(shown: string, now: ImportResult): string[] {
  let before: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(shown);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) before = parsed as Record<string, string>;
  } catch {
    return ['The dry run’s outcome did not come back with the form: check this one.'];
  }
  const after = outcomesOf(now);
  const emails = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return emails.filter((email) => before[email] !== after[email]).map((email) => `${email}: ${outcomeTitle(before[email])} → ${outcomeTitle(after[email])}`);
}

function addressLines(form: FormData): string[] {
  return text(form, 'addresses', { raw: true })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

async function componentNames(deps: ConsoleDeps): Promise<Map<string, string>> {
  return new Map((await deps.store.components.list()).map((component) => [component.id, component.name]));
}

function componentsText(ids: readonly string[], names: Map<string, string>): string {
  return ids.length === 0 ? 'Everything' : ids.map((id) => names.get(id) ?? id).join(', ');
}

function Done({ query }: { query: Record<string, string> }) {
  if (query.done === 'removed') {
    return (
      <p class="notice" role="status">
        Removed. An import will not bring the address back.
      </p>
    );
  }
  if (query.done === 'imported') {
    const imported = Number(query.imported);
    const expected = Number(query.expected);
    return (
      <p class={imported === expected ? 'notice' : 'warning'} role="status">
        Imported {imported} subscriber{imported === 1 ? '' : 's'}.
        {imported !== expected &&
          ` The dry run showed ${expected}: ${Math.abs(expected - imported)} changed in the moment between (e.g. someone subscribed or was confirmed meanwhile) and were left as they are.`}
      </p>
    );
  }
  return null;
}

function LookupResult({ lookup, names }: { lookup: SubscriberLookup; names: Map<string, string> }) {
  const s = lookup.subscriber;
  if (!s) {
    return (
      <div class="card" role="status">
        <p>
          <strong>{lookup.email}</strong> is not subscribed.
          {lookup.left &&
            (lookup.left.reason === 'unsubscribed' ? ' It unsubscribed on ' : ' A responder removed it on ')}
          {lookup.left && <Time iso={lookup.left.at} />}
          {lookup.left && '; imports skip it until the person subscribes again.'}
          {lookup.suppressed && ' Its mail bounced or it complained: it is suppressed.'}
        </p>
      </div>
    );
  }
  return (
    <div class="card" role="status">
      <dl>
        <dt>Address</dt>
        <dd>{s.email}</dd>
        <dt>Status</dt>
        <dd>
          <span class="badge">{STATUS_LABEL[s.status]}</span>
        </dd>
        <dt>Components</dt>
        <dd>{componentsText(s.components, names)}</dd>
        <dt>Subscribed</dt>
        <dd>
          <Time iso={s.created_at} /> ({s.source === 'import' ? 'imported' : 'the page’s form'})
        </dd>
        {s.confirmed_at && (
          <>
            <dt>Confirmed</dt>
            <dd>
              <Time iso={s.confirmed_at} />
            </dd>
          </>
        )}
      </dl>
      <p>
        <a class="button danger" href={`/console/subscribers/${s.id}/remove`}>
          Remove {s.email}
        </a>
      </p>
    </div>
  );
}

function SubscriberTable({ subscribers, names }: { subscribers: Subscriber[]; names: Map<string, string> }) {
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Components</th>
            <th scope="col">Subscribed</th>
            <th scope="col">
              <span class="muted">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {subscribers.map((s) => (
            <tr>
              <td>{s.email}</td>
              <td>{componentsText(s.components, names)}</td>
              <td>
                <Time iso={s.created_at} />
              </td>
              <td>
                <a href={`/console/subscribers/${s.id}/remove`} aria-label={`Remove ${s.email}`}>
                  Remove
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ImportFormState {
  pasted?: string;
  confirmed?: boolean;
  errors?: FieldErrors;
}

function importForm(c: Context<ConsoleEnv>, pageName: string, state: ImportFormState, status: 200 | 400 = 200) {
  const errors = state.errors ?? {};
  const summary = Object.keys(errors).length > 0 ? 'The import could not start.' : null;
  const fileHint = 'A CSV with one address a row (the column headed "email" if it has one). Nothing is imported until you have seen the dry run.';
  const csvHint = 'Or paste the CSV (or one address a line).';
  return screen(
    c,
    pageName,
    'Import subscribers',
    <>
      <h1>Import subscribers</h1>
      <ErrorSummary summary={summary} fields={errors} />
      <p>
        At most {MAX_IMPORT} addresses at a time. First a dry run lists what would happen to each address; then you import.
      </p>
      <form method="post" action="/console/subscribers/import" enctype="multipart/form-data">
        <Csrf token={c.get('session').csrf_token} />
        <Field name="file" label="CSV file" hint={fileHint} error={errors.file}>
          <input id="field-file" name="file" type="file" accept=".csv,text/csv" aria-describedby={describedBy('file', fileHint, errors.file)} aria-invalid={errors.file ? 'true' : undefined} />
        </Field>
        <Field name="csv" label="Addresses" hint={csvHint} error={errors.csv}>
          <textarea id="field-csv" name="csv" rows={8} aria-describedby={describedBy('csv', csvHint, errors.csv)} aria-invalid={errors.csv ? 'true' : undefined}>
            {state.pasted ?? ''}
          </textarea>
        </Field>
        <div class="choice">
          <input id="field-confirmed" name="confirmed" type="checkbox" value="yes" checked={state.confirmed ?? false} />
          <label for="field-confirmed">They already confirmed elsewhere (e.g. on Statuspage): mail them from now on without asking again</label>
        </div>
        <p class="hint">Unticked, each new address gets a confirmation mail first, as after a sign-up.</p>
        <div class="actions">
          <button type="submit" class="primary">
            Check these addresses (dry run)
          </button>
          <a href="/console/subscribers">Cancel</a>
        </div>
      </form>
    </>,
    { active: 'subscribers', status },
  );
}

interface DryRunState {
  addresses: string[];
  confirmed: boolean;
  result: ImportResult;
  /** The commit found that these outcomes changed since the dry run the person saw. */
  changes?: string[];
}

function dryRunScreen(c: Context<ConsoleEnv>, pageName: string, state: DryRunState, status: 200 | 409 = 200) {
  const { result } = state;
  const groups = new Map<string, string[]>([['add', result.would_import ?? []]]);
  for (const skipped of result.skipped_addresses) groups.set(skipped.reason, [...(groups.get(skipped.reason) ?? []), skipped.email]);
  const count = result.imported;
  return screen(
    c,
    pageName,
    'Import subscribers: dry run',
    <>
      <h1>Dry run: nothing imported yet</h1>
      {state.changes && (
        <div class="warning" role="alert">
          <p>
            Something changed since your dry run (someone subscribed, left or was imported meanwhile), so nothing was imported. This
            is what an import would do now; check it and import again. What changed:
          </p>
          <ul>
            {state.changes.map((change) => (
              <li class="change">{change}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        {state.addresses.length} address{state.addresses.length === 1 ? '' : 'es'} checked
        {state.confirmed ? ', as already confirmed elsewhere' : ', each to get a confirmation mail'}.
      </p>
      {OUTCOMES.filter((o) => (groups.get(o.key) ?? []).length > 0).map((outcome) => {
        const emails = groups.get(outcome.key)!;
        return (
          <section aria-labelledby={`outcome-${outcome.key}`} data-outcome={outcome.key}>
            <h2 id={`outcome-${outcome.key}`}>
              {outcome.title} ({emails.length})
            </h2>
            <p class="muted">{outcome.why}</p>
            <ul>
              {emails.map((email) => (
                <li>{email}</li>
              ))}
            </ul>
          </section>
        );
      })}
      {count > 0 ? (
        <form method="post" action="/console/subscribers/import/commit" class="actions">
          <Csrf token={c.get('session').csrf_token} />
          <input type="hidden" name="addresses" value={state.addresses.join('\n')} />
          <input type="hidden" name="confirmed" value={state.confirmed ? 'yes' : 'no'} />
          <input type="hidden" name="shown" value={JSON.stringify(outcomesOf(result))} />
          <button type="submit" class="primary">
            Import {count} subscriber{count === 1 ? '' : 's'}
          </button>
          <a href="/console/subscribers/import">Start again</a>
        </form>
      ) : (
        <p>
          Nothing to import. <a href="/console/subscribers/import">Start again</a>
        </p>
      )}
    </>,
    { active: 'subscribers', status },
  );
}
