// Form pieces every screen uses: the CSRF field, labelled fields with their error beside them,
// and the error summary at the top of a form.
import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../form';

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export function ErrorSummary({ summary, fields }: { summary?: string | null; fields?: FieldErrors }) {
  if (!summary) return null;
  const entries = Object.entries(fields ?? {});
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{summary}</h2>
      {entries.length > 0 && (
        <ul>
          {entries.map(([name, message]) => (
            <li>
              <a href={`#field-${name}`}>{message}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: Child;
}

/** A label, an optional hint and error, and the control (whose id must be `field-<name>`). */
export function Field({ name, label, hint, error, children }: FieldProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={`field-${name}`}>{label}</label>
      {hint && (
        <p class="hint" id={`hint-${name}`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`error-${name}`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** aria-describedby for a control with a hint and/or an error. */
export function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
