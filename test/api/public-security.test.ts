// The public subscribe route against callers who lie: forged viewer addresses, and many clients
// together mail-bombing third parties. Requests go through the app with a Lambda event's source
// address (as API Gateway delivers them) and the mailer runs on the table's stream, so what is
// counted is real confirmation mail at the SES stand-in.
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { createApp } from '#api/app';
import { parseConfig } from '#config/config';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { createMailWorld, PAGE_URL, type MailWorld } from '../mailer/support/fixture';

const ORIGIN_SECRET = 'public-security-origin-secret';
const originSecret = async () => ({ current: ORIGIN_SECRET, previous: null });
const CONFIRM_SUBJECT = 'Confirm your subscription to Herald Status';

let world: MailWorld;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  world = await createMailWorld();
  app = createApp(world.deps, { tokens: world.tokens, originSecret });
});
afterAll(() => world.close());

/** A request as API Gateway hands it over: the connection's address in the event. */
function subscribe(target: ReturnType<typeof createApp>, email: string, headers: Record<string, string>, sourceIp = '192.0.2.10') {
  return target.request(
    '/v1/subscriptions',
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email }) },
    { event: { requestContext: { http: { sourceIp } } } },
  );
}

async function confirmationMails() {
  await world.drain(world.mailer());
  return world.mails.filter((m) => m.subject === CONFIRM_SUBJECT);
}

describe('client address', () => {
  it('counts 25 requests naming 25 viewers without CloudFront\u2019s proof as one client: 20 accepted, 20 mails', async () => {
    // Prepare: an attacker calling the API directly, a new viewer address on every request,
    // with no origin header or a guessed one
    world.setNow('2026-11-27T09:00:00.000Z');
    const before = (await confirmationMails()).length;

    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const forged = { 'cloudfront-viewer-address': `198.51.100.${i + 1}:4${i}000` };
      const proof: Record<string, string> = i % 2 === 0 ? {} : { 'x-herald-origin-verify': `guess-${i}` };
      statuses.push((await subscribe(app, `victim-${i}@example.net`, { ...forged, ...proof })).status);
    }

    // Assess: the configured 20, then 429; and no more confirmation mail than that
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(202));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    const mails = (await confirmationMails()).slice(before);
    expect(mails).toHaveLength(20);
    expect(await world.deps.store.subscribers.get(subscriberIdFor('victim-24@example.net'))).toBeNull();
  });

  it('gives each viewer its own budget when the request carries the origin header', async () => {
    // Prepare: CloudFront in front, all requests from one edge address
    world.setNow('2026-11-27T09:20:00.000Z');
    const viewer = (n: number) => ({ 'cloudfront-viewer-address': `203.0.113.${n}:443`, 'x-herald-origin-verify': ORIGIN_SECRET });

    // Act: 25 viewers once each, then one viewer 21 times
    const many = [];
    for (let i = 0; i < 25; i++) many.push((await subscribe(app, `viewer-${i}@example.org`, viewer(i + 1), '130.176.0.1')).status);
    const one = [];
    for (let i = 0; i < 21; i++) one.push((await subscribe(app, `one-${i}@example.org`, viewer(200), '130.176.0.1')).status);

    // Assess
    expect(many).toEqual(Array(25).fill(202));
    expect(one.slice(0, 20)).toEqual(Array(20).fill(202));
    expect(one[20]).toBe(429);
  });

  it('accepts the previous secret while a rotation settles', async () => {
    world.setNow('2026-11-27T09:40:00.000Z');
    const rotated = createApp(world.deps, { tokens: world.tokens, originSecret: async () => ({ current: 'after-deploy', previous: ORIGIN_SECRET }) });
    const viewer = (secret: string) => ({ 'cloudfront-viewer-address': '203.0.113.250:443', 'x-herald-origin-verify': secret });
    for (let i = 0; i < 10; i++) expect((await subscribe(rotated, `rot-a-${i}@example.org`, viewer(ORIGIN_SECRET), '130.176.0.2')).status).toBe(202);
    for (let i = 0; i < 10; i++) expect((await subscribe(rotated, `rot-b-${i}@example.org`, viewer('after-deploy'), '130.176.0.2')).status).toBe(202);
    // Both values spoke for the same viewer: its budget is spent, not the edge's
    expect((await subscribe(rotated, 'rot-c@example.org', viewer('after-deploy'), '130.176.0.2')).status).toBe(429);
    expect((await subscribe(rotated, 'rot-d@example.org', { ...viewer('after-deploy'), 'cloudfront-viewer-address': '203.0.113.251:443' }, '130.176.0.2')).status).toBe(202);
  });

  it('under the local Node server the socket peer is the client, whatever the headers say', async () => {
    // Prepare: the app over a real port, as the local stack serves it (no CloudFront, no origin secret)
    world.setNow('2026-11-27T10:00:00.000Z');
    const local = createApp(world.deps, { tokens: world.tokens });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: local.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const { port } = server.address() as { port: number };
    try {
      // Act: 21 requests, each naming another viewer and even carrying a value for the origin header
      const statuses = [];
      for (let i = 0; i < 21; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/v1/subscriptions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'cloudfront-viewer-address': `198.51.100.${i + 1}:5000`,
            'x-herald-origin-verify': ORIGIN_SECRET,
          },
          body: JSON.stringify({ email: `local-${i}@example.org` }),
        });
        statuses.push(res.status);
        await res.body?.cancel();
      }

      // Assess
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(202));
      expect(statuses[20]).toBe(429);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('hourly cap on confirmation mails', () => {
  const capped = () =>
    createApp(
      { ...world.deps, config: parseConfig({ ...rawConfig, subscriptions: { ...rawConfig.subscriptions, confirmations_per_hour: 3 } }, { pageUrl: PAGE_URL }) },
      { tokens: world.tokens, originSecret },
    );
  const viewer = (n: number) => ({ 'cloudfront-viewer-address': `192.0.2.${n}:443`, 'x-herald-origin-verify': ORIGIN_SECRET });

  it('answers 429 with Retry-After to the end of the hour once the hour\u2019s mails are used, from any client, and stores nothing', async () => {
    // Prepare: a quiet hour; three different clients use the budget of 3
    world.setNow('2026-11-27T12:15:00.000Z');
    const app = capped();
    const before = (await confirmationMails()).length;
    for (let i = 1; i <= 3; i++) expect((await subscribe(app, `cap-${i}@example.org`, viewer(i))).status).toBe(202);

    // Act: a fourth client, JSON and as a form post
    world.setNow('2026-11-27T12:45:30.000Z');
    const json = await subscribe(app, 'cap-4@example.org', viewer(4));
    const form = await app.request(
      '/v1/subscriptions',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...viewer(5) }, body: 'email=cap-5%40example.org' },
      { event: { requestContext: { http: { sourceIp: '192.0.2.10' } } } },
    );

    // Assess
    expect(json.status).toBe(429);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    expect(json.headers.get('retry-after')).toBe(String(14 * 60 + 30));
    expect(await json.json()).toMatchObject({ status: 429 });
    expect(form.status).toBe(429);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(form.headers.get('retry-after')).toBe(String(14 * 60 + 30));
    expect(await form.text()).toContain('Please try again in 15 minutes');
    expect(await world.deps.store.subscribers.get(subscriberIdFor('cap-4@example.org'))).toBeNull();
    expect(await world.deps.store.subscribers.get(subscriberIdFor('cap-5@example.org'))).toBeNull();
    const mails = (await confirmationMails()).slice(before);
    expect(mails.map((m) => m.to).flat().sort()).toEqual(['cap-1@example.org', 'cap-2@example.org', 'cap-3@example.org']);
  });

  it('gives the same answer for a confirmed address over the cap, and opens again in the next hour', async () => {
    world.setNow('2026-11-27T12:50:00.000Z');
    const app = capped();
    // cap-1 is pending; over the cap it gets the same 429 as a new address
    expect((await subscribe(app, 'cap-1@example.org', viewer(6))).status).toBe(429);
    world.setNow('2026-11-27T13:00:00.000Z');
    expect((await subscribe(app, 'cap-4@example.org', viewer(4))).status).toBe(202);
  });
});
