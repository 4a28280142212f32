// An import's report for people: per kind what was (or would be) created, updated, same and
// skipped, then each update's first differences, each skip's reason and what was cleaned.
import type { Paint } from '../output/colour';
import type { ImportReport } from './write-records';

const MAX_DETAILS = 200;

export function reportText(report: ImportReport, paint: Paint): string {
  const would = report.dry_run ? 'would ' : '';
  const lines: string[] = [];
  lines.push(report.dry_run ? `Dry run of the ${report.system} import: nothing was changed.` : `Imported from ${report.system}.`);
  const order = ['component_group', 'component', 'incident', 'maintenance', 'template', 'subscriber'];
  const kinds = Object.entries(report.counts).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  for (const [kind, c] of kinds) {
    lines.push(`  ${kind.padEnd(16)} ${would}create ${c.created}, ${would}update ${c.updated}, same ${c.same}, skipped ${c.skipped}`);
  }
  const shown = report.details.filter((d) => d.result === 'updated' || d.result === 'skipped' || (d.notes?.length ?? 0) > 0);
  for (const d of shown.slice(0, MAX_DETAILS)) {
    const head = `${d.kind} ${d.label} [${d.source_id}]`;
    if (d.result === 'updated') {
      lines.push(`${paint.bold(head)}: ${would}update`);
      for (const f of d.differences ?? []) lines.push(`    ${f.field}: ${short(f.before)} → ${short(f.after)}`);
    } else if (d.result === 'skipped') {
      lines.push(`${paint.yellow(head)}: skipped: ${d.reason ?? 'no reason given'}`);
    } else {
      lines.push(`${head}: ${d.result === 'created' ? `${would}create` : d.result}`);
    }
    for (const note of d.notes ?? []) lines.push(`    note: ${note}`);
  }
  if (shown.length > MAX_DETAILS) lines.push(`… and ${shown.length - MAX_DETAILS} more (--json lists every one)`);
  if (report.rebuild_requested_at) lines.push('The page is being rebuilt once, with everything imported.');
  return lines.join('\n');
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
