// Answering with a console screen: the shell around it, for the signed-in person.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ConsoleEnv } from './env';
import { Layout, type Screen } from './layout';

export interface ScreenOptions {
  active?: Screen;
  refresh?: number;
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500;
}

export function screen(c: Context<ConsoleEnv>, pageName: string, title: string, body: Child, options: ScreenOptions = {}) {
  const person = c.get('person');
  const session = c.get('session');
  const frame = person && session ? { person, csrf: session.csrf_token, pageName } : undefined;
  return c.html(
    <Layout title={title} pageName={pageName} frame={frame} active={options.active} refresh={options.refresh}>
      {body}
    </Layout>,
    options.status ?? 200,
  );
}

/** A screen that says why something was refused, and what to do. */
export function refusal(c: Context<ConsoleEnv>, pageName: string, status: 400 | 403 | 404 | 409 | 429 | 500, title: string, why: string, back = '/console') {
  return screen(
    c,
    pageName,
    title,
    <>
      <h1>{title}</h1>
      <p>{why}</p>
      <p>
        <a href={back}>Back</a>
      </p>
    </>,
    { status },
  );
}
