// The console's Subscribers screen against DynamoDB Local, on the one test clock: counts, search,
// the list, removal, the CSV import's dry run and commit, the CSV export and who may see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { addressesFromCsv, csvCell, csvLine } from '../../functions/console/screens/subscribers-csv';
import { CONSOLE_ORIGIN, createConsoleTestApi, signedInBrowser, type Browser, type ConsoleTestApi } from '../support/console';

let api: ConsoleTestApi;
let admin: Browser;
let responder: Browser;
beforeAll(async () => {
  api = await createConsoleTestApi();
  admin = await signedInBrowser(api, 'admin@example.com', 'admin');
  responder = await signedInBrowser(api, 'ic@example.com', 'responder');
});
afterAll(() => api.drop());

async function importViaApi(emails: string[], confirmed = true) {
  const res = await api.request('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ imported: number }>;
}

/** A multipart form post, as a browser sends the import form with a chosen file. */
function upload(browser: Browser, csv: string, fields: Record<string, string> = {}) {
  const body = new FormData();
  body.append('_csrf', browser.csrf);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', new File([csv], 'list.csv', { type: 'text/csv' }));
  return api.consoleApp.request('/console/subscribers/import', { method: 'POST', headers: { cookie: browser.cookie, origin: CONSOLE_ORIGIN }, body });
}

const decode = (s: string) => s.replace(/&#10;/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name}`);
  return decode(match[1]!);
}
/** The addresses the dry run lists under one outcome. */
function outcome(html: string, key: string): string[] {
  const section = new RegExp(`<section[^>]*data-outcome="${key}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  if (!section) return [];
  return [...section[1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => decode(m[1]!));
}
async function exists(email: string) {
  return (await api.deps.store.subscribers.get(subscriberIdFor(email))) !== null;
}

describe('who may see subscribers', () => {
  it('refuses a responder every subscriber screen and post with a 403 that says why', async () => {
    for (const path of ['/console/subscribers', '/console/subscribers/import', '/console/subscribers/export.csv', `/console/subscribers/${subscriberIdFor('x@example.com')}/remove`]) {
      const res = await responder.get(path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('needs the admin role');
    }
    await importViaApi(['keep@example.com']);
    const posts = [
      await responder.post('/console/subscribers/import', { csv: 'sneak@example.com' }),
      await responder.post('/console/subscribers/import/commit', { addresses: 'sneak@example.com', confirmed: 'yes', shown: '{"sneak@example.com":"add"}' }),
      await responder.post(`/console/subscribers/${subscriberIdFor('keep@example.com')}/remove`),
    ];
    expect(posts.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(await exists('sneak@example.com')).toBe(false);
    expect(await exists('keep@example.com')).toBe(true);
  });
});

describe('counts, search and the list', () => {
  it('shows the counts by state, the confirmed list, and finds an address with its status and components', async () => {
    await importViaApi(['found@example.com', 'listed@example.com']);
    await importViaApi(['waiting@example.com'], false);
    const res = await admin.get('/console/subscribers');
    expect(res.status).toBe(200);
    const html = await res.text();
    const counts = await api.deps.store.subscribers.counts(api.clock.iso());
    expect(counts.pending).toBeGreaterThan(0);
    expect(html).toContain(`<td data-count="confirmed">${counts.confirmed}</td>`);
    expect(html).toContain(`<td data-count="pending">${counts.pending}</td>`);
    expect(html).toContain(`<td data-count="suppressed">${counts.suppressed}</td>`);
    expect(html).toContain('listed@example.com');
    expect(html).not.toContain('waiting@example.com'); // confirmed is the default list
    expect(await (await admin.get('/console/subscribers?status=pending')).text()).toContain('waiting@example.com');

    const found = await (await admin.get('/console/subscribers?email=%20FOUND@example.com&status=pending')).text();
    expect(found).toContain('<dd>found@example.com</dd>');
    expect(found).toContain('Confirmed</span>');
    expect(found).toContain('<dd>Everything</dd>');
    expect(found).toContain(`/console/subscribers/${subscriberIdFor('found@example.com')}/remove`);

    const missing = await (await admin.get('/console/subscribers?email=nobody@example.com')).text();
    expect(missing).toContain('<strong>nobody@example.com</strong> is not subscribed.');
  });

  it('shows a bad search beside the field, with what was typed (escaped)', async () => {
    const res = await admin.get(`/console/subscribers?email=${encodeURIComponent('<script>x</script>')}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="field-error" id="error-email"');
    expect(html).toContain('value="&lt;script&gt;x&lt;/script&gt;"');
    expect(html).not.toContain('<script>x');
  });

  it('refuses a cursor the list never gave out', async () => {
    expect((await admin.get('/console/subscribers?cursor=bogus')).status).toBe(400);
  });
});

describe('removing', () => {
  it('asks first, naming the address, then removes it so that an import skips it', async () => {
    await importViaApi(['leaving@example.com']);
    const id = subscriberIdFor('leaving@example.com');
    const ask = await admin.get(`/console/subscribers/${id}/remove`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Remove leaving@example.com?');
    expect(await exists('leaving@example.com')).toBe(true); // asking removes nothing

    const done = await admin.post(`/console/subscribers/${id}/remove`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/console/subscribers?done=removed');
    expect(await exists('leaving@example.com')).toBe(false);
    expect((await api.deps.store.subscribers.leftAmong([id])).get(id)?.reason).toBe('removed');
    expect(await (await admin.get('/console/subscribers?done=removed')).text()).toContain('Removed.');

    const searched = await (await admin.get('/console/subscribers?email=leaving@example.com')).text();
    expect(searched).toContain('A responder removed it on');
    expect((await admin.post(`/console/subscribers/${id}/remove`)).status).toBe(404);
  });
});

describe('importing a CSV', () => {
  it('dry-runs an uploaded file, listing each outcome with its addresses, and writes nothing; then imports exactly that', async () => {
    await importViaApi(['already@example.com', 'gone@example.com']);
    await api.deps.store.subscribers.delete(subscriberIdFor('gone@example.com'), { reason: 'unsubscribed', at: api.clock.iso() });
    await api.deps.store.suppressions.suppress({ email: 'bounced@example.com', reason: 'bounce', detail: null, feedback_id: null, at: api.clock.iso() });
    const before = await api.deps.store.subscribers.counts(api.clock.iso());

    const csv = [
      'Email,Name',
      'new-one@example.com,"Ann, A."',
      'NEW-two@example.com,Bob',
      'already@example.com,Cy',
      'not an address,Dee',
      'gone@example.com,Ed',
      'bounced@example.com,Flo',
      'new-one@example.com,again',
    ].join('\r\n');
    const res = await upload(admin, csv, { confirmed: 'yes' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Dry run: nothing imported yet');
    expect(outcome(html, 'add')).toEqual(['new-one@example.com', 'new-two@example.com']);
    expect(outcome(html, 'exists')).toEqual(['already@example.com']);
    expect(outcome(html, 'invalid')).toEqual(['not an address']);
    expect(outcome(html, 'unsubscribed')).toEqual(['gone@example.com']);
    expect(outcome(html, 'suppressed')).toEqual(['bounced@example.com']);
    expect(outcome(html, 'duplicate')).toEqual(['new-one@example.com']);
    expect(html).toContain('Import 2 subscribers');

    // The dry run wrote nothing.
    expect(await exists('new-one@example.com')).toBe(false);
    expect(await exists('new-two@example.com')).toBe(false);
    expect(await api.deps.store.subscribers.counts(api.clock.iso())).toEqual(before);

    const commit = await admin.post('/console/subscribers/import/commit', {
      addresses: hidden(html, 'addresses'),
      confirmed: hidden(html, 'confirmed'),
      shown: hidden(html, 'shown'),
    });
    expect(commit.status).toBe(303);
    expect(commit.headers.get('location')).toBe('/console/subscribers?done=imported&imported=2&expected=2');
    expect(await exists('new-one@example.com')).toBe(true);
    expect((await api.deps.store.subscribers.get(subscriberIdFor('new-two@example.com')))?.status).toBe('confirmed');
    expect(await exists('gone@example.com')).toBe(false);
    expect(await (await admin.get(commit.headers.get('location')!)).text()).toContain('Imported 2 subscribers.');
  });

  it('takes pasted addresses, and without "already confirmed" imports them pending', async () => {
    const res = await admin.post('/console/subscribers/import', { csv: 'paste-a@example.com\npaste-b@example.com\n' });
    const html = await res.text();
    expect(outcome(html, 'add')).toEqual(['paste-a@example.com', 'paste-b@example.com']);
    expect(html).toContain('each to get a confirmation mail');
    const commit = await admin.post('/console/subscribers/import/commit', {
      addresses: hidden(html, 'addresses'),
      confirmed: hidden(html, 'confirmed'),
      shown: hidden(html, 'shown'),
    });
    expect(commit.status).toBe(303);
    expect((await api.deps.store.subscribers.get(subscriberIdFor('paste-a@example.com')))?.status).toBe('pending');
  });

  it('imports nothing when the outcome changed after the dry run, and shows the new dry run', async () => {
    const html = await (await admin.post('/console/subscribers/import', { csv: 'race-a@example.com\nrace-b@example.com', confirmed: 'yes' })).text();
    expect(outcome(html, 'add')).toEqual(['race-a@example.com', 'race-b@example.com']);
    await importViaApi(['race-b@example.com']); // meanwhile, elsewhere

    const commit = await admin.post('/console/subscribers/import/commit', {
      addresses: hidden(html, 'addresses'),
      confirmed: hidden(html, 'confirmed'),
      shown: hidden(html, 'shown'),
    });
    expect(commit.status).toBe(409);
    const again = await commit.text();
    expect(again).toContain('Something changed since your dry run');
    expect(again).toContain('<li class="change">race-b@example.com: would add → already there</li>');
    expect(again).not.toContain('race-a@example.com: ');
    expect(outcome(again, 'add')).toEqual(['race-a@example.com']);
    expect(outcome(again, 'exists')).toEqual(['race-b@example.com']);
    expect(again).toContain('Import 1 subscriber<');
    expect(await exists('race-a@example.com')).toBe(false);
  });

  it(`refuses more than 1000 addresses beside the field, keeping what was pasted`, async () => {
    const pasted = Array.from({ length: 1001 }, (_, i) => `many${i}@example.com`).join('\n');
    const res = await admin.post('/console/subscribers/import', { csv: pasted });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="field-error" id="error-csv"');
    expect(html).toContain('This CSV has 1001 addresses; Herald imports at most 1000 at a time.');
    expect(html).toContain('many1000@example.com');
    expect(await exists('many0@example.com')).toBe(false);
  });

  it('says so when there is nothing to check', async () => {
    const res = await admin.post('/console/subscribers/import', { csv: '  \n' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Paste at least one address, or choose a file.');
    const empty = await upload(admin, 'email\n');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('class="field-error" id="error-file"');
  });

  it('shows hostile text escaped', async () => {
    const html = await (await admin.post('/console/subscribers/import', { csv: '<script>alert(1)</script>\n"<img src=x onerror=alert(1)>"' })).text();
    expect(outcome(html, 'invalid')).toEqual(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>']);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('exporting', () => {
  it('streams every confirmed subscriber as a CSV attachment, page after page, guarding cells against formulas', async () => {
    const many = Array.from({ length: 520 }, (_, i) => `bulk${String(i).padStart(3, '0')}@example.com`);
    await importViaApi(many);
    await importViaApi(['=cmd@example.com', '+sum@example.com', '-minus@example.com']);
    await importViaApi(['unconfirmed@example.com'], false);
    const res = await admin.get('/console/subscribers/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('email,components,confirmed_at');
    expect(lines.at(-1)).toBe('');
    const emails = lines.slice(1, -1).map((line) => line.split(',')[0]);
    const counts = await api.deps.store.subscribers.counts(api.clock.iso());
    expect(emails.length).toBe(counts.confirmed);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of many) expect(emails).toContain(email);
    expect(emails).toContain("'=cmd@example.com");
    expect(emails).toContain("'+sum@example.com");
    expect(emails).toContain("'-minus@example.com");
    expect(emails).not.toContain('=cmd@example.com');
    expect(emails).not.toContain('unconfirmed@example.com');
    expect(lines).toContain(`bulk000@example.com,,${api.clock.iso()}`);
  });
});

describe('the CSV', () => {
  it('reads the email column (or the first), quoted cells with commas, quotes and line breaks, a BOM and CRLF', () => {
    const statuspage = '\uFEFFName,E-mail\r\n"Lee, ""Al""",a@example.com\r\n"Two\nlines", b@example.com \r\n\r\n';
    expect(addressesFromCsv(statuspage)).toEqual(['a@example.com', 'b@example.com']);
    expect(addressesFromCsv('a@example.com\nb@example.com;Bee\n"c@example.com"')).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(addressesFromCsv(' \n\n')).toEqual([]);
  });

  it('writes cells a spreadsheet would run as formulas with a leading quote, and quotes separators', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", `"'\r=1"`]);
    expect(csvCell('plain@example.com')).toBe('plain@example.com');
    expect(csvLine(['a,b', 'say "hi"', ''])).toBe('"a,b","say ""hi""",\r\n');
  });
});

describe('/v1 lookup', () => {
  it('finds an address as the console search does, says when it left, and refuses a non-address with 400', async () => {
    await importViaApi(['lookup@example.com', 'lookup-gone@example.com']);
    await api.deps.store.subscribers.delete(subscriberIdFor('lookup-gone@example.com'), { reason: 'unsubscribed', at: api.clock.iso() });
    const found = await api.request('GET', '/v1/subscribers/lookup?email=%20Lookup@Example.com');
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      email: 'lookup@example.com',
      id: subscriberIdFor('lookup@example.com'),
      subscriber: { email: 'lookup@example.com', status: 'confirmed' },
      left: null,
      suppressed: false,
    });
    const gone = await api.request('GET', '/v1/subscribers/lookup?email=lookup-gone@example.com');
    expect(await gone.json()).toMatchObject({ subscriber: null, left: { reason: 'unsubscribed', at: api.clock.iso() } });
    const bad = await api.request('GET', '/v1/subscribers/lookup?email=nope');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('/v1 import dry run', () => {
  it('classifies without writing, and is in the OpenAPI document', async () => {
    const res = await api.request('POST', '/v1/subscribers', { subscribers: [{ email: 'v1-dry@example.com' }, { email: 'nope' }], confirmed: true, dry_run: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      imported: 1,
      skipped: 1,
      skipped_addresses: [{ email: 'nope', reason: 'invalid' }],
      dry_run: true,
      would_import: ['v1-dry@example.com'],
    });
    expect(await exists('v1-dry@example.com')).toBe(false);
    const openapi = (await (await api.consoleApp.request('/v1/openapi.json')).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(openapi.components.schemas.ImportSubscribers!.properties).toHaveProperty('dry_run');
    expect(openapi.components.schemas.ImportResult!.properties).toHaveProperty('would_import');
  });
});

describe('CSV reading (csv-parse)', () => {
  it('reads quoted cells with separators and line breaks, and refuses a broken file beside the field', async () => {
    expect(addressesFromCsv('email,name\n"a@example.com","Ann, ""the"" admin"\r\nb@example.com;Bee')).toEqual(['a@example.com', 'b@example.com']);
    expect(() => addressesFromCsv('"a@example.com\nb@example.com')).toThrow();
    const res = await admin.post('/console/subscribers/import', { csv: '"a@example.com\nb@example.com' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('This is not a CSV Herald can read');
    expect(html).toContain('class="field-error"');
  });
});
