import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import { SendFailure } from '#mailer/ports';
import { simpleParser } from 'mailparser';
import { createWorkflowWorld, RESPONDERS, type WorkflowWorld } from './world';

let world: WorkflowWorld;
beforeAll(async () => {
  world = await createWorkflowWorld();
});
afterAll(() => world.drop());

async function declare(at: string, severity: string, title: string) {
  return IncidentSchema.parse(await world.call(at, 'POST', '/v1/incidents', { title, severity, message: 'We are investigating.' })).id;
}

const mailsAbout = (id: string) => world.sender.sent.filter((m) => m.tags['herald-incident'] === id);
const overdueEvents = async (id: string) => (await world.api.deps.store.timeline.list(id)).filter((e) => e.kind === 'update_overdue');

describe('runScheduledWork: update-cadence reminders', () => {
  it('mails each responder once per overdue spell, not once per sweep', async () => {
    const id = await declare('2026-11-02T09:00:00.000Z', 'SEV1', 'Checkout is failing');

    await world.sweep('2026-11-02T09:29:59.000Z');
    expect(mailsAbout(id)).toHaveLength(0);
    // The declaration promised the next update by 09:30 (+ the SEV1 cadence): posted then, it is kept.
    await world.sweep('2026-11-02T09:30:00.000Z');
    expect(mailsAbout(id)).toHaveLength(0);

    const first = await world.sweep('2026-11-02T09:30:01.000Z');
    expect(first.overdue).toContainEqual({ incident_id: id, since: '2026-11-02T09:30:00.000Z', mailed: 2, recorded: true });
    for (const at of ['2026-11-02T09:30:05Z', '2026-11-02T09:31:00Z', '2026-11-02T09:45:00Z']) await world.sweep(at);
    expect(mailsAbout(id).map((m) => m.to).sort()).toEqual([...RESPONDERS].sort());

    // An update ends the spell; the next one starts from it.
    await world.call('2026-11-02T09:50:00.000Z', 'POST', `/v1/incidents/${id}/updates`, { status: 'identified', message: 'A bad deploy.' });
    await world.sweep('2026-11-02T10:00:00Z');
    expect(mailsAbout(id)).toHaveLength(2);
    await world.sweep('2026-11-02T10:20:00Z');
    expect(mailsAbout(id)).toHaveLength(2);
    await world.sweep('2026-11-02T10:25:00Z');
    expect(mailsAbout(id)).toHaveLength(4);

    expect((await overdueEvents(id)).map((e) => [e.at, e.actor, e.details.since])).toEqual([
      ['2026-11-02T09:30:01.000Z', 'herald', '2026-11-02T09:30:00.000Z'],
      ['2026-11-02T10:25:00.000Z', 'herald', '2026-11-02T10:20:00.000Z'],
    ]);
  });

  it('says what is overdue, since when, and how to post an update', async () => {
    const id = await declare('2026-11-03T09:00:00.000Z', 'SEV0', 'Everything is down');
    await world.sweep('2026-11-03T09:16:00Z');

    const mail = await simpleParser(Buffer.from(mailsAbout(id)[0]!.raw));
    expect(mail.subject).toBe(`[SEV0] Public update overdue: Everything is down (${id})`);
    expect(mail.from?.value[0]?.address).toBe('status@example.com');
    expect(mail.text).toContain('has had no public update since 2026-11-03 09:00 UTC');
    expect(mail.text).toContain('It promised the next by 2026-11-03 09:15 UTC ("Next update by" on the public page).');
    expect(mail.text).toContain(`/v1/incidents/${id}/updates`);
    expect(mail.html).toContain(`/incidents/${id}/`);
  });

  it('sends once when two processes sweep at the same moment', async () => {
    const id = await declare('2026-11-04T09:00:00.000Z', 'SEV2', 'Search is slow');

    await Promise.all([
      world.sweep('2026-11-04T10:00:00Z'),
      world.sweep('2026-11-04T10:00:00Z', world.otherProcess()),
      world.sweep('2026-11-04T10:00:01Z', world.otherProcess()),
    ]);

    expect(mailsAbout(id)).toHaveLength(2);
    expect(await overdueEvents(id)).toHaveLength(1);
  });

  it('retries on the next sweep a mail SES certainly refused, but not one it may have sent', async () => {
    const id = await declare('2026-11-05T09:00:00.000Z', 'SEV1', 'Login fails');
    world.sender.failNext.push(new SendFailure('throttled', 'slow down'), new SendFailure('unknown', 'timed out'));

    await world.sweep('2026-11-05T09:30:01Z');
    expect(mailsAbout(id)).toHaveLength(0);

    await world.sweep('2026-11-05T09:31:00Z');
    expect(mailsAbout(id)).toHaveLength(1); // the throttled one; the unknown one waits for its lease
    await world.sweep('2026-11-05T09:34:00Z'); // the lease (2 min) has run out: sent again, at least once
    expect(mailsAbout(id)).toHaveLength(2);
    await world.sweep('2026-11-05T09:40:00Z');
    expect(mailsAbout(id)).toHaveLength(2);
  });

  it('never reminds of incidents whose cadence is "at milestones" or that are resolved', async () => {
    const sev3 = await declare('2026-11-06T09:00:00.000Z', 'SEV3', 'A minor glitch');
    const resolved = await declare('2026-11-06T09:00:00.000Z', 'SEV1', 'Brief outage');
    await world.call('2026-11-06T09:10:00.000Z', 'POST', `/v1/incidents/${resolved}/updates`, { status: 'resolved', message: 'Fixed.' });

    const report = await world.sweep('2026-11-07T09:00:00Z');

    expect(report.overdue.map((o) => o.incident_id)).not.toContain(sev3);
    expect(report.overdue.map((o) => o.incident_id)).not.toContain(resolved);
    expect([...mailsAbout(sev3), ...mailsAbout(resolved)]).toEqual([]);
  });

  it('skips a responder whose address is suppressed (bounced)', async () => {
    await world.api.deps.store.suppressions.suppress({ email: 'lead@example.com', reason: 'bounce', detail: null, feedback_id: null, at: '2026-11-01T00:00:00Z' });
    const id = await declare('2026-11-08T09:00:00.000Z', 'SEV1', 'Cart is empty');

    await world.sweep('2026-11-08T09:31:00Z');

    expect(mailsAbout(id).map((m) => m.to)).toEqual(['oncall@example.com']);
  });
});

// lead@example.com stays suppressed from the test above: one responder is mailed.
describe('runScheduledWork: reminders count from the "next update by" promise', () => {
  it('reminds once the promised time has passed, not the cadence', async () => {
    const { id } = IncidentSchema.parse(
      await world.call('2026-11-09T09:00:00.000Z', 'POST', '/v1/incidents', {
        title: 'Promised soon', severity: 'SEV1', message: 'Looking.', next_update_at: '2026-11-09T09:10:00Z',
      }),
    );

    await world.sweep('2026-11-09T09:10:00Z');
    expect(mailsAbout(id)).toHaveLength(0);
    const report = await world.sweep('2026-11-09T09:10:30Z');

    expect(report.overdue).toContainEqual({ incident_id: id, since: '2026-11-09T09:10:00.000Z', mailed: 1, recorded: true });
    const [event] = await overdueEvents(id);
    expect(event!.summary).toBe('Public update overdue since 2026-11-09T09:10:00.000Z (the time the last update promised); reminder mailed to 1 responder');
    expect(event!.details.cadence_minutes).toBeNull();
  });

  it('reminds of a milestone-cadence incident whose responder promised a time', async () => {
    const { id } = IncidentSchema.parse(
      await world.call('2026-11-10T09:00:00.000Z', 'POST', '/v1/incidents', {
        title: 'Minor but promised', severity: 'SEV3', message: 'Looking.', next_update_at: '2026-11-10T11:00:00Z',
      }),
    );
    await world.sweep('2026-11-10T10:59:00Z');
    expect(mailsAbout(id)).toHaveLength(0);
    await world.sweep('2026-11-10T11:01:00Z');
    expect(mailsAbout(id)).toHaveLength(1);
  });

  it('falls back to the cadence for an incident stored without a promise', async () => {
    const { id } = IncidentSchema.parse(
      await world.call('2026-11-11T09:00:00.000Z', 'POST', '/v1/incidents', {
        title: 'From before promises', severity: 'SEV1', message: 'Looking.', next_update_at: '2026-11-11T12:00:00Z',
      }),
    );
    // Store it as a record from before promises existed: no next_update_at anywhere.
    const stored = (await world.api.deps.store.incidents.get(id))!;
    const { updates: _updates, next_update_at: _promise, ...meta } = stored;
    expect(await world.api.deps.store.incidents.save(meta, stored.version)).toBe('saved');

    await world.sweep('2026-11-11T09:30:00Z'); // the cadence's rule: due (and overdue) at 09:30
    expect(mailsAbout(id)).toHaveLength(1);
    const mail = await simpleParser(Buffer.from(mailsAbout(id)[0]!.raw));
    expect(mail.text).toContain('SEV1 incidents get one every 30 minutes; the next was due at 2026-11-11 09:30 UTC.');
  });
});
