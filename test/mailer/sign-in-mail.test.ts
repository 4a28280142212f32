// The console's sign-in link travels the same road as every mail: a request written by the API,
// seen on the real table stream, sent once through the ledger to the SES stand-in. Following the
// mailed link (and pressing its button) signs the person in; a replayed record sends nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson } from '#app/people/add-person';
import { createApp } from '#api/app';
import type { StreamHandler } from '#mailer/stream-handler';
import { createMailWorld, linkIn, pathOf, type MailWorld } from './support/fixture';

let world: MailWorld;
let mailer: StreamHandler;
let consoleApp: ReturnType<typeof createApp>;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
  consoleApp = createApp(world.deps, { tokens: world.tokens, console: { secureCookies: true } });
  await addPerson(world.deps, { email: 'ic@example.com', role: 'responder' }, { actor: 'test', now: world.clock.iso() });
  await world.drain(mailer);
});
afterAll(() => world.close());

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  consoleApp.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://status.example.com', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });

describe('the sign-in mail', () => {
  it('mails one link to a person and none to an unknown address; the link signs in once', async () => {
    expect((await post('/console/sign-in', { email: 'ic@example.com', next: '/console/metrics' })).status).toBe(200);
    expect((await post('/console/sign-in', { email: 'stranger@example.com' })).status).toBe(200);
    const { records } = await world.drain(mailer);
    // A replayed batch (the stream redelivering) sends nothing more.
    await mailer({ Records: records });

    expect(world.mailsTo('stranger@example.com')).toHaveLength(0);
    const mails = world.mailsTo('ic@example.com');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain('Sign in to the');
    expect(mail.text).toContain('works once, for 15 minutes');
    const link = linkIn(mail, '/console/sign-in/link?token=');
    expect(link.startsWith('https://status.example.com/console/sign-in/link?token=')).toBe(true);

    const shown = await consoleApp.request(pathOf(link));
    expect(await shown.text()).toContain('Sign in');
    const token = new URL(link).searchParams.get('token')!;
    const signedIn = await post('/console/sign-in/link', { token });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/console/metrics');
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-herald_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    const now = await consoleApp.request('/console', { headers: { cookie: cookie.split(';')[0]! } });
    expect(now.status).toBe(200);
    expect(await now.text()).toContain('ic@example.com');
    expect((await post('/console/sign-in/link', { token })).status).toBe(400);
  });

  it('sends nothing for a link that would arrive expired (a retry long after)', async () => {
    expect((await post('/console/sign-in', { email: 'ic@example.com' })).status).toBe(200);
    world.clock.advance(16 * 60_000);
    const before = world.mailsTo('ic@example.com').length;
    await world.drain(mailer);
    expect(world.mailsTo('ic@example.com').length).toBe(before);
  });
});
