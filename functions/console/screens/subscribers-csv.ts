// The Subscribers screen's CSV: reading addresses out of an uploaded or pasted file (csv-parse is
// not a dependency, so a small RFC 4180 reader), and writing the export safely for spreadsheets.

/** Every row of a CSV text: quoted fields ("a, ""b""") may hold commas, quotes and line breaks. */
export function csvRows(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  rows.push(row);
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
