// Small helpers every mail template shares: escaping, labels, times.
import type { PageConfig } from '#config/config';
import { zonedTimeLabel } from '../../content/zoned-time';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A header-safe single line (a title with a line break must not break the Subject). */
export const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();

const LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const label = (status: string) => LABELS[status] ?? status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Colours of the status badge: [text, background]. */
export function statusColours(status: string): [string, string] {
  if (status === 'resolved' || status === 'completed' || status === 'operational') return ['#116329', '#dafbe1'];
  if (status === 'monitoring' || status === 'verifying') return ['#0550ae', '#ddf4ff'];
  if (status === 'identified' || status === 'degraded_performance' || status === 'partial_outage') return ['#7d4e00', '#fff8c5'];
  if (status === 'scheduled' || status === 'in_progress' || status === 'under_maintenance') return ['#0550ae', '#ddf4ff'];
  return ['#a40e26', '#ffebe9'];
}

/**
 * `27 Nov 2026, 09:05 UTC`, and the page's configured zone beside it when its clock differs:
 * `3 Dec 2026, 06:18 UTC (07:18 CET)` (the same words as the page's own times).
 */
export function formatTime(iso: string, page: PageConfig): string {
  return zonedTimeLabel(iso, page.time_zone);
}

/** A CSS colour from the config, or the default when it is anything but a plain hex colour. */
export const accentOf = (page: PageConfig) => (/^#[0-9a-f]{3,8}$/i.test(page.colors.accent) ? page.colors.accent : '#2563eb');
