// A posted form checked by the same zod schema the /v1 route uses, so the console and the API
// accept the same input: the parsed body, or the ValidationError /v1 would answer.
import type { z } from '@hono/zod-openapi';
import { ValidationError } from '#core/errors';

export function checkedBy<T extends z.ZodTypeAny>(schema: T, body: unknown, messages: Record<string, string> = {}): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ValidationError(
    'Some fields need another look.',
    result.error.issues.map((issue) => {
      const path = issue.path.join('.') || '(root)';
      const field = String(issue.path[0] ?? '');
      return { path, message: messages[field] ?? issue.message };
    }),
  );
}

/** A `datetime-local` value read as UTC (`2026-12-03T14:00` → `2026-12-03T14:00:00Z`); other text unchanged. */
export function utcFromLocalInput(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value);
  return match ? `${match[1]}${match[2] ?? ':00'}Z` : value;
}

/** An ISO time as a `datetime-local` value in UTC. */
export function localInputFromUtc(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16);
}

/** The version carried in a form's hidden field, or undefined when it is missing or not a number. */
export function versionOf(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}
