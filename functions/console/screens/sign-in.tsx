// Signing in: ask for a link by address; the mailed link opens a page with one button (a mail
// scanner that follows links signs nobody in); the button starts the session.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { completeSignIn } from '#app/sessions/complete-sign-in';
import { consolePath, requestSignIn } from '#app/sessions/request-sign-in';
import { HeraldError } from '#core/errors';
import { SIGN_IN_LINK_MINUTES } from '#core/session-policy';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { fieldErrors, formOf, text, type FormData } from '../form';
import { screen } from '../render';
import { writeSessionCookie } from '../session-cookie';
import { ErrorSummary, Field, describedBy } from '../ui/form';

/** Text fields a POST carried (not the CSRF token): shown again after an ended session. */
export function keptFields(form: FormData): Array<{ name: string; value: string }> {
  return Object.entries(form)
    .filter(([name, value]) => name !== '_csrf' && typeof value === 'string' && value.trim() !== '')
    .map(([name, value]) => ({ name, value: value as string }))
    .filter(({ value }) => value.length > 40 || /\n/.test(value));
}

interface SignInState {
  email?: string;
  next?: string;
  error?: string;
  ended?: boolean;
  signedOut?: boolean;
  kept?: Array<{ name: string; value: string }>;
}

export function signInScreen(c: Context<ConsoleEnv>, deps: ConsoleDeps, state: SignInState, status: 200 | 400 | 401 | 429 = 200) {
  const next = consolePath(state.next);
  return screen(
    c,
    deps.config.page.name,
    'Sign in',
    <div class="signin">
      <h1>Sign in to the console</h1>
      {state.ended && <p class="warning">Your session has ended, so nothing was posted. Sign in again: what you typed is kept below and in this browser.</p>}
      {state.signedOut && <p class="notice">You are signed out.</p>}
      <ErrorSummary summary={state.error} fields={state.error ? { email: state.error } : {}} />
      <form method="post" action="/console/sign-in">
        <input type="hidden" name="next" value={next} />
        <Field name="email" label="Your email address" hint={`We mail you a link that signs you in. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.`} error={state.error}>
          <input type="email" id="field-email" name="email" value={state.email ?? ''} autocomplete="email" required aria-describedby={describedBy('email', 'hint', state.error)} />
        </Field>
        <button type="submit" class="primary">
          Mail me a sign-in link
        </button>
      </form>
      {(state.kept ?? []).map((field) => (
        <div class="field">
          <label for={`kept-${field.name}`}>What you typed ({field.name})</label>
          <textarea id={`kept-${field.name}`} readonly>
            {field.value}
          </textarea>
        </div>
      ))}
    </div>,
    { status },
  );
}

export function signInRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.get('/sign-in', (c) => signInScreen(c, deps, { next: c.req.query('next'), signedOut: c.req.query('signed_out') === '1' }));

  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    const email = text(form, 'email');
    const next = text(form, 'next');
    try {
      await deps.ensureAdmins?.();
      const answer = await requestSignIn(deps, { email, next, client: await c.get('clientAddress')() }, deps.now());
      return screen(
        c,
        deps.config.page.name,
        'Check your mail',
        <div class="signin">
          <h1>Check your mail</h1>
          <p role="status">{answer}</p>
          {deps.localMailUrl && (
            <p class="notice">
              Running locally: mail is at <a href={deps.localMailUrl}>{deps.localMailUrl}</a>.
            </p>
          )}
          <p>
            <a href={`/console/sign-in?next=${encodeURIComponent(consolePath(next))}`}>Use another address</a>
          </p>
        </div>,
      );
    } catch (error) {
      const invalid = fieldErrors(error);
      if (invalid) return signInScreen(c, deps, { email, next, error: invalid.fields.email ?? invalid.summary }, 400);
      if (error instanceof HeraldError && error.code === 'rate_limited') return signInScreen(c, deps, { email, next, error: error.message }, 429);
      throw error;
    }
  });

  app.get('/sign-in/link', (c) => {
    const token = c.req.query('token') ?? '';
    return screen(
      c,
      deps.config.page.name,
      'Sign in',
      <div class="signin">
        <h1>Sign in to the console</h1>
        <form method="post" action="/console/sign-in/link">
          <input type="hidden" name="token" value={token} />
          <button type="submit" class="primary">
            Sign in
          </button>
        </form>
      </div>,
    );
  });

  app.post('/sign-in/link', async (c) => {
    const form = await formOf(c);
    try {
      const signedIn = await completeSignIn(
        deps,
        text(form, 'token'),
        { userAgent: c.req.header('user-agent') ?? null, address: await c.get('clientAddress')() },
        deps.now(),
      );
      writeSessionCookie(c, deps.secureCookies, signedIn.sessionId);
      return c.redirect(signedIn.next, 303);
    } catch (error) {
      if (error instanceof HeraldError && error.code === 'validation') return signInScreen(c, deps, { error: error.message }, 400);
      throw error;
    }
  });
  return app;
}
