// The "done when": a responder imports 2,000 confirmed subscribers, declares an incident,
// and each gets exactly one mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailWorld, type MailWorld } from './support/fixture';

let world: MailWorld;
beforeAll(async () => {
  world = await createMailWorld();
});
afterAll(() => world.close());

describe('a fan-out to 2,000 imported subscribers', () => {
  it('mails each of them exactly once', async () => {
    // Prepare: two imports of 1,000 (the most one call takes)
    const emails = Array.from({ length: 2000 }, (_, n) => `reader-${n}@example.com`);
    for (let i = 0; i < emails.length; i += 1000) {
      const res = await world.api('POST', '/v1/subscribers', { subscribers: emails.slice(i, i + 1000).map((email) => ({ email })), confirmed: true });
      expect(await res.json()).toMatchObject({ imported: 1000, skipped: 0 });
    }
    const mailer = world.mailer();
    await world.drain(mailer);
    expect(world.mails).toHaveLength(0); // confirmed imports get no confirmation mail

    // Act
    const res = await world.api('POST', '/v1/incidents', { title: 'Everything is down', severity: 'SEV0', message: 'All hands.' });
    expect(res.status).toBe(201);
    await world.drain(mailer);

    // Assess
    const counts = new Map<string, number>();
    for (const mail of world.mails) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    expect(world.mails.every((m) => m.subject === '[Investigating] Everything is down')).toBe(true);
    expect(emails.filter((e) => counts.get(e) !== 1)).toEqual([]);
    expect(counts.size).toBe(2000);
  }, 180_000);
});
