// The local stack stands in for SES's event publishing: each mail the SES stand-in accepts is
// followed by the event SES would publish (delivered; the mailbox simulator's addresses bounce or
// complain), handled by the same bounce handler as on AWS, so an update's mail receipts and the
// suppressions work on one machine.
import { describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import { SIMULATOR_BOUNCE, SIMULATOR_COMPLAINT } from '#local/ses-events';
import { withLocalStack } from '../support/local-stack';

describe('the local SES events', () => {
  it("give an update's mail receipts: delivered, and the simulator's bounce and complaint", async () => {
    await withLocalStack('ses-events', 'hk_test_local_ses_events_key', async (_stack, call) => {
      const emails = ['reader@example.com', SIMULATOR_BOUNCE, SIMULATOR_COMPLAINT];
      expect((await call('POST', '/v1/subscribers', { subscribers: emails.map((email) => ({ email })), confirmed: true })).status).toBe(200);
      const incident = IncidentSchema.parse(await (await call('POST', '/v1/incidents', { title: 'Receipts', severity: 'SEV2', message: 'Investigating.' })).json());

      type Receipts = { mail: { planned: number; delivered: number; bounced: number; complained: number } | null };
      const read = async () => (await (await call('GET', `/v1/incidents/${incident.id}/updates/1/deliveries`)).json()) as Receipts;
      let receipts = await read();
      while ((receipts.mail?.delivered ?? 0) + (receipts.mail?.bounced ?? 0) + (receipts.mail?.complained ?? 0) < 3) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        receipts = await read();
      }
      expect(receipts.mail).toEqual({ planned: 3, sent: 3, delivered: 1, bounced: 1, complained: 1, failed: 0, pending: 0, skipped: 0 });
      // The bounce and the complaint suppressed their addresses, as SES's would on AWS.
      for (const email of [SIMULATOR_BOUNCE, SIMULATOR_COMPLAINT]) {
        const found = (await (await call('GET', `/v1/subscribers/lookup?email=${encodeURIComponent(email)}`)).json()) as { subscriber?: { status: string } };
        expect(found.subscriber?.status).toBe('suppressed');
      }
    });
  });
});
