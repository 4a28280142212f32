// Subscriber CSV for `herald subscribers import|export`, read the way the console reads an
// upload (csv-parse; comma, semicolon or tab; quoted cells; BOM): the column headed "email"
// (else the first), and an optional "components" column of ids separated by spaces or |.
// Exported cells a spreadsheet would run as a formula are prefixed with '.
import { parse } from 'csv-parse/sync';
import { UsageError } from './errors';

export interface CsvSubscriber {
  email: string;
  components?: string[];
}

const EMAIL_HEADER = /^(e-?mail|e-?mail address|address)$/i;

export function subscribersFromCsv(text: string, file: string): CsvSubscriber[] {
  let rows: string[][];
  try {
    rows = (parse(text, { bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][])
      .filter((r) => r.some((c) => c.trim() !== ''));
  } catch (error) {
    throw new UsageError(`${file} is not a CSV file csv-parse can read: ${(error as Error).message}`);
  }
  if (rows.length === 0) return [];
  const header = rows[0]!.map((cell) => cell.trim());
  const emailAt = header.findIndex((cell) => EMAIL_HEADER.test(cell));
  const componentsAt = emailAt >= 0 ? header.findIndex((cell) => /^components?$/i.test(cell)) : -1;
  const body = emailAt >= 0 ? rows.slice(1) : rows;
  return body
    .map((row) => {
      const email = (row[Math.max(emailAt, 0)] ?? '').trim();
      const components = componentsAt >= 0 ? (row[componentsAt] ?? '').split(/[\s|]+/).filter(Boolean) : [];
      return components.length ? { email, components } : { email };
    })
    .filter((s) => s.email !== '');
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}
