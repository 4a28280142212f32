// Severity, status and component-status badges (text first: colour only repeats it).
import type { ComponentStatus } from '#core/component-status';

const STATUS_LABEL: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span class={`badge sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class="badge">{STATUS_LABEL[status] ?? status}</span>;
}

export function ComponentStatusBadge({ status }: { status: ComponentStatus }) {
  return <span class={`badge st-${status}`}>{COMPONENT_STATUS_LABEL[status] ?? status}</span>;
}

export function statusLabel(status: string): string {
  return STATUS_LABEL[status] ?? status;
}
