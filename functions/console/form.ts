// Reading posted forms: every console form is application/x-www-form-urlencoded (or multipart for
// the CSV upload), parsed once per request (Hono caches it) with repeated fields kept as lists.
import type { Context } from 'hono';
import { ValidationError } from '#core/errors';

export type FormValue = string | File | (string | File)[];
export type FormData = Record<string, FormValue>;

export async function formOf(c: Context): Promise<FormData> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return {};
  return (await c.req.parseBody({ all: true })) as FormData;
}

/** One text field (the first, when repeated), trimmed unless `raw`. */
export function text(form: FormData, name: string, { raw = false } = {}): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return '';
  return raw ? first.replace(/\r\n/g, '\n') : first.trim();
}

/** Every value of a repeated text field (checkboxes, multi-selects). */
export function texts(form: FormData, name: string): string[] {
  const value = form[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** Errors to show beside fields: a use case's ValidationError details by field path. */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: unknown): { summary: string; fields: FieldErrors } | null {
  if (!(error instanceof ValidationError)) return null;
  const fields: FieldErrors = {};
  for (const detail of error.errors) {
    const key = String(detail.path).split(/[.[]/)[0] ?? String(detail.path);
    fields[key] ??= detail.message;
  }
  return { summary: error.message, fields };
}
