// Text from another system, made fit for Herald: control characters removed (tabs and newlines
// kept), surrounding space trimmed, and anything longer than Herald keeps cut with a note saying
// so. Every change is reported, never silent.

/** C0 controls except tab, newline and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export interface Cleaned {
  text: string;
  /** What was done to it, for the report; empty when nothing. */
  notes: string[];
}

/** Herald's limits (the same as the /v1 schemas'). */
export const LIMITS = { title: 200, name: 100, description: 1000, message: 20_000, postmortem: 60_000 } as const;

export function cleanText(value: unknown, field: string, limit: number): Cleaned {
  const notes: string[] = [];
  const raw = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  let text = raw.replace(CONTROL, '');
  if (text !== raw) notes.push(`${field}: control characters removed`);
  text = text.replace(/\r\n?/g, '\n').trim();
  if (text.length > limit) {
    const marker = `\n\n[Cut on import: ${text.length.toLocaleString('en')} characters in the source.]`;
    text = `${text.slice(0, limit - marker.length).trimEnd()}${marker}`;
    notes.push(`${field}: cut to ${limit.toLocaleString('en')} characters (it had ${raw.length.toLocaleString('en')})`);
  }
  return { text, notes };
}

/** An ISO 8601 timestamp with an offset, or null. */
export function timestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
