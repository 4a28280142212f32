// The Subscribers screen's CSV: reading addresses out of an uploaded or pasted file (csv-parse,
// RFC 4180 with the separators spreadsheets use), and writing the export safely for spreadsheets.
import { parse } from 'csv-parse/sync';

/** Every non-empty row of a CSV text: quoted fields may hold separators, quotes and line breaks;
 *  a comma, semicolon or tab separates; a BOM is ignored; rows may differ in length. */
export function csvRows(input: string): string[][] {
  const rows = parse(input, {
    bom: true,
    delimiter: [',', ';', '\t'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as string[][];
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

const EMAIL_HEADER = /^(e-?mail|e-?mail address|address)$/i;

/**
 * The addresses in a CSV, in order: the column headed "email" when the first row has one (e.g. a
 * Statuspage export), else the first column of every row. Cells are trimmed, never judged here:
 * the import use case says which are invalid.
 */
export function addressesFromCsv(input: string): string[] {
  const rows = csvRows(input);
  if (rows.length === 0) return [];
  const header = rows[0]!.findIndex((cell) => EMAIL_HEADER.test(cell.trim()));
  const column = header >= 0 ? header : 0;
  const body = header >= 0 ? rows.slice(1) : rows;
  return body.map((r) => (r[column] ?? '').trim()).filter((cell) => cell !== '');
}

/** One exported cell. A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage
 *  return before one) is prefixed with ' (CSV injection); cells with separators are quoted. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
