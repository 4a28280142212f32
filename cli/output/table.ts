// Plain aligned columns: a header row, then one row per record; the last column is not padded.
// Cell text from the API is cleaned of control characters (no terminal escapes from data) before
// a column's `style` colours it.
import { visibleLength } from './colour';

export interface Column<T> {
  header: string;
  value(row: T): string;
  style?(text: string, row: T): string;
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[], header: (text: string) => string = (t) => t): string {
  const cells = rows.map((row) => columns.map((column) => clean(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => [...r[i]!].length)));
  const pad = (text: string, i: number) => text + ' '.repeat(Math.max(0, widths[i]! - visibleLength(text)));
  const line = (values: string[]) => values.map((value, i) => (i === values.length - 1 ? value : pad(value, i))).join('  ').trimEnd();
  const styled = rows.map((row, r) => columns.map((column, i) => (column.style ? column.style(cells[r]![i]!, row) : cells[r]![i]!)));
  return [header(line(columns.map((c) => c.header))), ...styled.map(line)].join('\n');
}

/** One line of text without control characters (escape sequences from data can't reach the terminal). */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/** Several lines, each cleaned (for message bodies). */
export function cleanBlock(text: string): string {
  return text.split(/\r?\n/).map(clean).join('\n');
}
