// What became of one public update on each channel (GET …/updates/{seq}/deliveries): mail sent
// of planned and delivered, with what is pending, refused, no longer due, bounced or complained;
// per endpoint kind delivered of planned, with
// what is still pending or failed. One short line under the update; nothing when nothing was planned.
import type { UpdateDeliveries } from '#app/channels/read-deliveries';
import { ENDPOINT_KINDS } from '#app/channels/endpoint';

const KIND_LABEL = { webhook: 'Webhooks', slack: 'Slack', teams: 'Teams' } as const;

export function ReceiptsLine({ receipts }: { receipts: UpdateDeliveries | undefined }) {
  if (!receipts) return null;
  const parts: string[] = [];
  const { mail } = receipts;
  // No subscriber was due a mail (none, or none for these components): nothing to say about mail.
  if (mail && mail.planned > 0) {
    const extra = [
      mail.pending && `${mail.pending} pending`,
      mail.failed && `${mail.failed} refused by SES`,
      mail.skipped && `${mail.skipped} no longer due`,
      mail.bounced && `${mail.bounced} bounced`,
      mail.complained && `${mail.complained} complained`,
    ]
      .filter(Boolean)
      .join(', ');
    parts.push(`Mail: ${mail.sent} of ${mail.planned} sent, ${mail.delivered} delivered${extra ? ` (${extra})` : ''}`);
  }
  for (const kind of ENDPOINT_KINDS) {
    const counts = receipts.channels[kind];
    if (counts.planned === 0) continue;
    const extra = [counts.pending && `${counts.pending} pending`, counts.failed && `${counts.failed} failed`, counts.superseded && `${counts.superseded} replaced by a newer update`]
      .filter(Boolean)
      .join(', ');
    parts.push(`${KIND_LABEL[kind]}: ${counts.delivered} of ${counts.planned} delivered${extra ? ` (${extra})` : ''}`);
  }
  if (parts.length === 0) return null;
  return <p class="muted receipts">Receipts · {parts.join(' · ')}</p>;
}
