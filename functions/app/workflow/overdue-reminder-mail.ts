// The mail that tells the responders an incident's public update is overdue.
import type { HeraldConfig } from '#config/config';
import type { Incident } from '#core/model';
import { utcMinute } from '#core/timeline';
import { composeMail } from '#mailer/compose';

export interface OverdueMailInput {
  incident: Incident;
  since: string;
  /** The severity's cadence; null when `since` is the time the last update promised. */
  cadenceMinutes: number | null;
  from: string;
  to: string;
  config: HeraldConfig;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function overdueReminderText({ incident, since, cadenceMinutes, config }: Omit<OverdueMailInput, 'from' | 'to'>): {
  subject: string;
  paragraphs: string[];
  command: string;
  link: string;
} {
  const page = config.page.url;
  const roles = Object.entries(incident.roles)
    .filter(([, name]) => name)
    .map(([role, name]) => `${role.replace('_', ' ')}: ${name}`);
  return {
    subject: `[${incident.severity}] Public update overdue: ${incident.title} (${incident.id})`,
    paragraphs: [
      `${incident.id} "${incident.title}" (${incident.severity}, ${incident.status}) has had no public update since ${utcMinute(incident.last_update_at)}. ` +
        (cadenceMinutes === null
          ? `It promised the next by ${utcMinute(since)} ("Next update by" on the public page).`
          : `${incident.severity} incidents get one every ${cadenceMinutes} minutes; the next was due at ${utcMinute(since)}.`),
      'Post one now, even without news: people who hear nothing assume the worst.',
      ...(roles.length > 0 ? [`Roles: ${roles.join(', ')}.`] : []),
      'This reminder is sent once per overdue spell, to the responders listed in herald.config.json (email.responders).',
    ],
    command:
      `curl -X POST ${page}/v1/incidents/${incident.id}/updates -H "Authorization: Bearer $HERALD_API_KEY" ` +
      `-H 'content-type: application/json' -d '{"status": "${incident.status}", "message": "…"}'`,
    link: `${page}/incidents/${incident.id}/`,
  };
}

export async function composeOverdueReminder(input: OverdueMailInput): Promise<Uint8Array> {
  const { subject, paragraphs, command, link } = overdueReminderText(input);
  const text = [...paragraphs.slice(0, 2), `  ${command}`, `Incident page: ${link}`, ...paragraphs.slice(2)].join('\n\n');
  const html = [
    '<!doctype html><html lang="en"><body style="font-family:sans-serif;line-height:1.5;color:#1f2328">',
    ...paragraphs.slice(0, 2).map((p) => `<p>${escapeHtml(p)}</p>`),
    `<pre style="white-space:pre-wrap;background:#f0f2f4;padding:8px">${escapeHtml(command)}</pre>`,
    `<p><a href="${escapeHtml(link)}">The incident page</a></p>`,
    ...paragraphs.slice(2).map((p) => `<p style="color:#59636e;font-size:14px">${escapeHtml(p)}</p>`),
    '</body></html>',
  ].join('\n');
  return composeMail({
    from: input.from,
    to: input.to,
    subject,
    text,
    html,
    headers: { 'X-Herald-Reminder': 'overdue-update', 'Auto-Submitted': 'auto-generated' },
  });
}
