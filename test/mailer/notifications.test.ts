import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSchema, ImportResultSchema, IncidentSchema, MaintenanceSchema, SubscriberListSchema } from '#api/schemas';
import type { StreamHandler } from '#mailer/stream-handler';
import { createMailWorld, pathOf, type MailWorld } from './support/fixture';

let world: MailWorld;
let mailer: StreamHandler;
beforeAll(async () => {
  world = await createMailWorld();
  mailer = world.mailer();
});
afterAll(() => world.close());

async function confirmedSubscriber(email: string, components?: string[]) {
  const res = await world.api('POST', '/v1/subscribers', { subscribers: [{ email, components }], confirmed: true });
  expect(res.status).toBe(200);
  expect(ImportResultSchema.parse(await res.json()).imported).toBe(1);
}

async function aComponent(name: string, group?: string) {
  const res = await world.api('POST', '/v1/components', { name, group });
  expect(res.status).toBe(201);
  return ComponentSchema.parse(await res.json());
}

async function post(path: string, body: unknown) {
  const res = await world.api('POST', path, body);
  expect(res.status).toBe(201);
  return res.json();
}

describe('notification mail', () => {
  it('has the title and status in the subject, text and HTML parts, the incident link and one-click unsubscribe', async () => {
    // Prepare
    await confirmedSubscriber('nora@example.com');
    const checkout = await aComponent('Checkout');

    // Act
    const incident = IncidentSchema.parse(
      await post('/v1/incidents', {
        title: 'Checkout is failing',
        severity: 'SEV1',
        message: 'Payments fail for **most** customers.\n\n- card payments\n- <script>alert(1)</script>\n\n[details](javascript:alert(1))',
        components: { [checkout.id]: 'major_outage' },
      }),
    );
    await world.drain(mailer);

    // Assess
    const [mail, ...more] = world.mailsTo('nora@example.com');
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe('[Investigating] Checkout is failing');
    expect(mail!.from).toBe('status@example.com');
    expect(mail!.text).toContain('Payments fail for most customers.');
    expect(mail!.text).toContain('Affected: Checkout (major outage)');
    expect(mail!.text).toContain(`https://status.example.com/incidents/${incident.id}/`);
    expect(mail!.html).toContain('<strong>most</strong>');
    expect(mail!.html).toContain(`href="https://status.example.com/incidents/${incident.id}/"`);
    expect(mail!.html).not.toMatch(/<script/i);
    expect(mail!.html).not.toContain('javascript:');
    const unsubscribe = mail!.headers['List-Unsubscribe']!;
    expect(unsubscribe).toMatch(/^<https:\/\/status\.example\.com\/v1\/subscriptions\/unsubscribe\?token=m\.[a-z2-7]{20}\.\d+\.\d+\.[\w-]{22}>$/);
    expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail!.headers['Auto-Submitted']).toBe('auto-generated');
    expect(mail!.text).toContain('Manage your subscription: https://status.example.com/v1/subscriptions/manage?token=m.');

    // One-click: the provider POSTs, with no cookie and no key; no further mail arrives
    const oneClick = await world.app.request(pathOf(unsubscribe.slice(1, -1)), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    await post(`/v1/incidents/${incident.id}/updates`, { status: 'resolved', message: 'Fixed.' });
    await world.drain(mailer);
    expect(world.mailsTo('nora@example.com')).toHaveLength(1);
  });

  it('says Resolved on resolution, and sends nothing for an update without notify', async () => {
    await confirmedSubscriber('omar@example.com');
    const incident = IncidentSchema.parse(await post('/v1/incidents', { title: 'Login errors', severity: 'SEV3', message: 'Looking.' }));
    await post(`/v1/incidents/${incident.id}/updates`, { status: 'investigating', message: 'Still looking.' }); // same status: notify defaults to false
    await post(`/v1/incidents/${incident.id}/updates`, { status: 'identified', message: 'Found it.', notify: false });
    await post(`/v1/incidents/${incident.id}/updates`, { status: 'resolved', message: 'Fixed.' });
    await world.drain(mailer);
    // (Two updates planned in one stream batch are sent side by side: mail promises no order anyway.)
    expect(world.mailsTo('omar@example.com').map((m) => m.subject).sort()).toEqual(['[Investigating] Login errors', '[Resolved] Login errors']);
  });

  it('announces maintenance with its window', async () => {
    await confirmedSubscriber('pia@example.com');
    const db = await aComponent('Database');
    const maintenance = MaintenanceSchema.parse(
      await post('/v1/maintenances', {
        title: 'Database upgrade',
        message: 'Expect a few seconds of read-only mode.',
        scheduled_for: '2026-12-01T02:00:00Z',
        scheduled_until: '2026-12-01T03:00:00Z',
        components: [db.id],
      }),
    );
    await world.drain(mailer);
    const mail = world.mailsTo('pia@example.com').at(-1)!;
    expect(mail.subject).toBe('[Maintenance scheduled] Database upgrade');
    expect(mail.text).toContain('Window: 1 Dec 2026, 02:00 UTC to 1 Dec 2026, 03:00 UTC');
    expect(mail.text).toContain('Affected: Database');
    expect(maintenance.id).toBeTruthy();
  });
});

describe('component filters', () => {
  it('mails the subscribers whose filter matches, and everyone without a filter', async () => {
    // Prepare: a group with two members, and one component on its own
    const api = await aComponent('API', 'Platform');
    const web = await aComponent('Web', 'Platform');
    const billing = await aComponent('Billing');
    const platform = ComponentSchema.array().parse(await (await world.api('GET', '/v1/components')).json()).find((c) => c.name === 'Platform')!;
    await confirmedSubscriber('all@example.com');
    await confirmedSubscriber('api@example.com', [api.id]);
    await confirmedSubscriber('web@example.com', [web.id]);
    await confirmedSubscriber('billing@example.com', [billing.id]);
    await confirmedSubscriber('platform@example.com', [platform.id]);

    // Act: an incident on the API only
    await post('/v1/incidents', { title: 'API errors', severity: 'SEV2', message: 'Errors.', components: { [api.id]: 'partial_outage' } });
    await world.drain(mailer);

    // Assess: the API's subscribers and its group's get it; Web's and Billing's do not
    const got = (email: string) => world.mailsTo(email).filter((m) => m.subject === '[Investigating] API errors').length;
    expect(got('all@example.com')).toBe(1);
    expect(got('api@example.com')).toBe(1);
    expect(got('platform@example.com')).toBe(1);
    expect(got('web@example.com')).toBe(0);
    expect(got('billing@example.com')).toBe(0);
  });

  it('follows a filter changed on the manage page', async () => {
    const search = await aComponent('Search');
    const mail = await aComponent('Mail');
    await confirmedSubscriber('quinn@example.com', [search.id]);
    await post('/v1/incidents', { title: 'Mail delays', severity: 'SEV3', message: 'Slow.', components: { [mail.id]: 'degraded_performance' } });
    await world.drain(mailer);
    expect(world.mailsTo('quinn@example.com')).toHaveLength(0);

    // The manage link from an earlier mail is what a subscriber has; sign one the same way
    const { subscribers } = SubscriberListSchema.parse(await (await world.api('GET', '/v1/subscribers?status=confirmed')).json());
    const quinn = subscribers.find((s) => s.email === 'quinn@example.com')!;
    const token = await world.tokens.manage({ subscriberId: quinn.id, epoch: Date.parse(quinn.created_at), issuedAt: Math.floor(world.clock.now() / 1000) });
    const page = await world.app.request(`/v1/subscriptions/manage?token=${token}`);
    expect(await page.text()).toContain(`value="${search.id}" checked`);
    const saved = await world.app.request(`/v1/subscriptions/manage?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `components=${search.id}&components=${mail.id}`,
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved.');

    await post('/v1/incidents', { title: 'Mail down', severity: 'SEV2', message: 'Down.', components: { [mail.id]: 'major_outage' } });
    await world.drain(mailer);
    expect(world.mailsTo('quinn@example.com').map((m) => m.subject)).toEqual(['[Investigating] Mail down']);
  });
});
