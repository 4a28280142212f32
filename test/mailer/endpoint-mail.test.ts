// A webhook, Slack or Teams endpoint's contact: a reader asks on the page (double opt-in: nothing
// is delivered until the mailed link's button is pressed, which shows a webhook's signing secret
// once), and a quarantined endpoint's contact is told once, with a link that reactivates it. Real
// table stream, real mailer, the SES stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import type { StreamHandler } from '#mailer/stream-handler';
import { createMailWorld, linkIn, pathOf, type MailWorld } from './support/fixture';

let world: MailWorld;
let mailer: StreamHandler;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
  await world.drain(mailer);
});
afterAll(() => world.close());

const BASE = '/v1/subscriptions/webhooks';
const form = (path: string, fields: Record<string, string>) =>
  world.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
const endpointsOf = async (contact: string) =>
  (await world.deps.store.channelEndpoints.list()).filter((endpoint) => endpoint.contact_email === contact);

describe("a reader's webhook from the page", () => {
  it('is pending until the mailed link is confirmed; confirming shows its secret once and activates it', async () => {
    const asked = await form(BASE, { kind: 'webhook', url: 'https://93.184.215.14/hooks/herald', contact_email: 'Ops@Example.com' });
    expect(asked.status).toBe(202);
    expect(await asked.text()).toContain('Check your inbox');
    const [pending] = await endpointsOf('ops@example.com');
    expect(pending?.state).toBe('pending');
    expect(pending?.internal).toBe(false);

    const { records } = await world.drain(mailer);
    await mailer({ Records: records }); // a replayed batch sends nothing more
    const mails = world.mailsTo('ops@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Confirm your webhook for ${world.deps.config.page.name}`);
    expect(mails[0]!.text).toContain('https://93.184.215.14/hooks/herald');
    const link = linkIn(mails[0]!, `${BASE}/confirm?token=`);

    // Opening the link (a mail scanner does) changes nothing.
    const page = await world.app.request(pathOf(link));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Confirm your webhook');
    expect((await world.deps.store.channelEndpoints.get(pending!.id))?.state).toBe('pending');

    const token = new URL(link).searchParams.get('token')!;
    const confirmed = await form(`${BASE}/confirm`, { token });
    expect(confirmed.status).toBe(200);
    const body = await confirmed.text();
    const secret = /(whsec_[A-Za-z0-9+/=]+)/.exec(body)?.[1];
    expect(secret).toBeDefined();
    const stored = (await world.deps.store.channelEndpoints.get(pending!.id))!;
    expect(stored.state).toBe('active');
    expect(stored.secrets[0]?.secret).toBe(secret);
    // The secret the page showed verifies signatures made with the endpoint's secret.
    expect(() => new Webhook(secret!)).not.toThrow();

    // Pressing the button again: already confirmed, and the secret is not shown a second time.
    const again = await form(`${BASE}/confirm`, { token });
    expect(again.status).toBe(200);
    const againBody = await again.text();
    expect(againBody).toContain('Already confirmed');
    expect(againBody).not.toContain('whsec_');
  });

  it('refuses what a responder would be refused, naming the reason, and writes nothing', async () => {
    const before = (await world.deps.store.channelEndpoints.list()).length;
    const local = await world.api('POST', BASE, { kind: 'webhook', url: 'https://127.0.0.1/hook', contact_email: 'a@example.com' });
    expect(local.status).toBe(400);
    expect(local.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await local.json())).toMatch(/loopback|not public/i);
    const plain = await form(BASE, { kind: 'webhook', url: 'http://93.184.215.14/hook', contact_email: 'a@example.com' });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/https/);
    const slack = await world.api('POST', BASE, { kind: 'slack', url: 'https://93.184.215.14/hook', contact_email: 'a@example.com' });
    expect(slack.status).toBe(400);
    const noContact = await world.api('POST', BASE, { kind: 'webhook', url: 'https://93.184.215.14/hook', contact_email: 'nobody' });
    expect(noContact.status).toBe(400);
    const internal = await world.api('POST', BASE, { kind: 'webhook', url: 'https://93.184.215.14/hook', contact_email: 'a@example.com', internal: true });
    expect(internal.status).toBe(400);
    expect((await world.deps.store.channelEndpoints.list()).length).toBe(before);
  });

  it('a tampered or expired link confirms nothing', async () => {
    expect((await form(BASE, { kind: 'webhook', url: 'https://93.184.215.14/late', contact_email: 'late@example.com' })).status).toBe(202);
    await world.drain(mailer);
    const link = linkIn(world.mailsTo('late@example.com')[0]!, `${BASE}/confirm?token=`);
    const token = new URL(link).searchParams.get('token')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await form(`${BASE}/confirm`, { token: tampered })).status).toBe(400);
    world.clock.advance(25 * 3600_000);
    expect((await form(`${BASE}/confirm`, { token })).status).toBe(410);
    const [endpoint] = await endpointsOf('late@example.com');
    expect(endpoint?.state).toBe('pending');
  });
});

describe('a quarantined endpoint', () => {
  /** What the delivery worker does at the 10th failure in a row. */
  const quarantine = async (endpoint: ChannelEndpoint) => {
    const current = (await world.deps.store.channelEndpoints.get(endpoint.id))!;
    const next = { ...current, state: 'quarantined' as const, consecutive_failures: 10, state_reason: '10 failed attempts in a row; the last: HTTP 500', version: current.version + 1 };
    expect(await world.deps.store.channelEndpoints.save(next, current.version)).toBe('saved');
  };

  it('tells its contact once, and the mailed link reactivates it', async () => {
    const created = await world.api('POST', '/v1/webhooks', { kind: 'webhook', url: 'https://93.184.215.14/q', contact_email: 'hooks@example.com' });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as ChannelEndpoint;
    await world.drain(mailer);
    expect(world.mailsTo('hooks@example.com')).toHaveLength(0); // a responder's endpoint needs no opt-in

    await quarantine(endpoint);
    const { records } = await world.drain(mailer);
    await mailer({ Records: records });
    const mails = world.mailsTo('hooks@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('stopped sending to your webhook');
    expect(mails[0]!.text).toContain('HTTP 500');
    const link = linkIn(mails[0]!, `${BASE}/reactivate?token=`);

    // Another change to the quarantined endpoint (a responder edits it) sends no second notice.
    const patched = await world.api('PATCH', `/v1/webhooks/${endpoint.id}`, { components: [] });
    expect(patched.status).toBe(200);
    await world.drain(mailer);
    expect(world.mailsTo('hooks@example.com')).toHaveLength(1);

    expect(await (await world.app.request(pathOf(link))).text()).toContain('Reactivate your webhook');
    expect((await world.deps.store.channelEndpoints.get(endpoint.id))?.state).toBe('quarantined');
    const token = new URL(link).searchParams.get('token')!;
    const done = await form(`${BASE}/reactivate`, { token });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Deliveries start again');
    const after = (await world.deps.store.channelEndpoints.get(endpoint.id))!;
    expect(after.state).toBe('active');
    expect(after.consecutive_failures).toBe(0);

    // Quarantined again later: a new notice (this is a new quarantine).
    await quarantine(after);
    await world.drain(mailer);
    expect(world.mailsTo('hooks@example.com')).toHaveLength(2);
  });

  it("the link does not bring back an endpoint a responder or the receiver disabled", async () => {
    const created = await world.api('POST', '/v1/webhooks', { kind: 'webhook', url: 'https://93.184.215.14/d', contact_email: 'gone@example.com' });
    const endpoint = (await created.json()) as ChannelEndpoint;
    await quarantine(endpoint);
    await world.drain(mailer);
    const link = linkIn(world.mailsTo('gone@example.com')[0]!, `${BASE}/reactivate?token=`);
    const current = (await world.deps.store.channelEndpoints.get(endpoint.id))!;
    await world.deps.store.channelEndpoints.save({ ...current, state: 'disabled', state_reason: 'the receiver answered 410', version: current.version + 1 }, current.version);
    const token = new URL(link).searchParams.get('token')!;
    expect((await form(`${BASE}/reactivate`, { token })).status).toBe(410);
    expect((await world.deps.store.channelEndpoints.get(endpoint.id))?.state).toBe('disabled');
    // A confirm token is not a reactivate token, nor the other way round.
    expect((await form(`${BASE}/confirm`, { token })).status).toBe(400);
  });
});
