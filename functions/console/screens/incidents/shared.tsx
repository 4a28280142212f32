// Pieces the incident screens share: reading a form into a use case's input through the /v1
// schema (the same rules as the API), the component status selects, the message with its preview,
// and "next update by" in UTC.
import { raw } from 'hono/html';
import type { z } from '@hono/zod-openapi';
import { renderMarkdown } from '#content/markdown';
import { COMPONENT_STATUSES, isComponentStatus, type ComponentStatus } from '#core/component-status';
import { ValidationError } from '#core/errors';
import type { Component } from '#core/model';
import { type FormData, text } from '../../form';
import { describedBy, Field } from '../../ui/form';
import { COMPONENT_STATUS_LABEL, ComponentStatusBadge } from '../../ui/badges';

/** Parses `body` with a /v1 request schema; its issues become a ValidationError by field. */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ValidationError(
    'Some fields need attention.',
    result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: friendly(issue) })),
  );
}

function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && Number(issue.minimum) === 1) return 'required';
  if (issue.code === 'invalid_value' || (issue.code === 'invalid_type' && issue.input === undefined)) return 'choose one';
  return issue.message;
}

/** The `component.<id>` selects: id → the status chosen (blank: unchanged). */
export function componentChoices(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(form)) {
    if (!name.startsWith('component.')) continue;
    const value = text(form, name);
    if (value) out[name.slice('component.'.length)] = value;
  }
  return out;
}

/** The choices as the use case's `components` (undefined when none); the schema checks the statuses. */
export function componentsInput(choices: Record<string, string>): Record<string, ComponentStatus> | undefined {
  return Object.keys(choices).length > 0 ? (choices as Record<string, ComponentStatus>) : undefined;
}

/** `2026-12-03T14:30` (a datetime-local, read as UTC) → ISO; blank → undefined; else kept as typed (the schema refuses it). */
export function utcInput(value: string): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(value);
  if (!match) return value;
  const iso = `${match[1]}T${match[2]}${match[3] ?? ':00'}.000Z`;
  return Number.isNaN(Date.parse(iso)) ? value : iso;
}

/** ISO → the datetime-local value in UTC (`2026-12-03T14:30`). */
export function utcLocalValue(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16);
}

export function ComponentSelects({ components, chosen, error }: { components: Component[]; chosen: Record<string, string>; error?: string | undefined }) {
  const leaves = components.filter((c) => !c.group);
  return (
    <fieldset id="field-components" class={error ? 'has-error' : undefined} tabindex={-1}>
      <legend>Components and their status</legend>
      {error && <p class="field-error">{error}</p>}
      {leaves.length === 0 ? (
        <p class="muted">No components yet.</p>
      ) : (
        leaves.map((c) => {
          const value = chosen[c.id] ?? '';
          return (
            <div class="field">
              <label for={`field-component.${c.id}`}>
                {c.name} <span class="muted">(now</span> <ComponentStatusBadge status={c.status} />
                <span class="muted">)</span>
              </label>
              <select id={`field-component.${c.id}`} name={`component.${c.id}`}>
                <option value="" selected={value === ''}>
                  Unchanged
                </option>
                {COMPONENT_STATUSES.map((s) => (
                  <option value={s} selected={value === s}>
                    {COMPONENT_STATUS_LABEL[s]}
                  </option>
                ))}
                {value && !isComponentStatus(value) && (
                  <option value={value} selected>
                    {value}
                  </option>
                )}
              </select>
            </div>
          );
        })
      )}
    </fieldset>
  );
}

/** The Markdown message, its live preview (the script) and, without the script, the posted preview. */
export function MessageField(props: { name: string; label: string; value: string; error?: string | undefined; previewId: string; preview: boolean; heading?: 'h2' | 'h3' }) {
  const hint = 'Markdown. Shown on the public page and in the mail exactly as the preview shows it.';
  return (
    <>
      <Field name={props.name} label={props.label} hint={hint} error={props.error}>
        <textarea
          id={`field-${props.name}`}
          name={props.name}
          rows={8}
          data-preview={props.previewId}
          data-draft
          aria-describedby={describedBy(props.name, hint, props.error)}
          aria-invalid={props.error ? 'true' : undefined}
        >
          {props.value}
        </textarea>
      </Field>
      {props.heading === 'h2' ? <h2 id={`${props.previewId}-label`}>Preview</h2> : <h3 id={`${props.previewId}-label`}>Preview</h3>}
      <div id={props.previewId} class="preview prose" aria-labelledby={`${props.previewId}-label`} aria-live="polite">
        {props.preview ? raw(renderMarkdown(props.value)) : <p class="muted">Press "Preview" to see the message as subscribers will.</p>}
      </div>
    </>
  );
}

export function NextUpdateField({ value, error, hint }: { value: string; error?: string | undefined; hint: string }) {
  return (
    <Field name="next_update_at" label="Next update by (UTC)" hint={hint} error={error}>
      <input
        type="datetime-local"
        id="field-next_update_at"
        name="next_update_at"
        value={value}
        aria-describedby={describedBy('next_update_at', hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </Field>
  );
}

/** Whether to mail subscribers: the default (said in `defaultLabel`), or yes, or no. */
export function NotifySelect({ value, defaultLabel, label, error }: { value: string; defaultLabel: string; label: string; error?: string | undefined }) {
  return (
    <Field name="notify" label={label} error={error}>
      <select id="field-notify" name="notify">
        <option value="" selected={value === ''}>
          {defaultLabel}
        </option>
        <option value="yes" selected={value === 'yes'}>
          Yes, mail subscribers
        </option>
        <option value="no" selected={value === 'no'}>
          No, only the page
        </option>
      </select>
    </Field>
  );
}
