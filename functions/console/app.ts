// The responder console under /console: server-rendered screens that call the same use cases as
// /v1, work without JavaScript, and need a signed-in person (sign-in by a mailed link).
import { Hono } from 'hono';
import { renderMarkdown } from '#content/markdown';
import { HeraldError } from '#core/errors';
import { ASSETS } from './assets';
import type { ConsoleDeps } from './deps';
import type { ConsoleEnv } from './env';
import { formOf, text } from './form';
import { consoleHeaders } from './middleware/headers';
import { requireSession, sameOriginPosts } from './middleware/session';
import { ConsoleForbidden } from './permissions';
import { refusal } from './render';
import { accountRoutes } from './screens/account';
import { nowRoutes } from './screens/now';
import { signInRoutes } from './screens/sign-in';
import { CONSOLE_SCREENS } from './screens/index';

export type { ConsoleDeps } from './deps';

export function consoleApp(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const pageName = deps.config.page.name;

  // Assets are public and immutable (their path names their content).
  app.get('/assets/:file', (c) => {
    const asset = ASSETS[c.req.path];
    if (!asset) return c.text('Not found', 404);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });

  app.use('*', consoleHeaders());
  app.use('*', sameOriginPosts(deps));
  app.route('/', signInRoutes(deps));
  app.use('*', requireSession(deps));

  // The Markdown preview: exactly what the page and the mail will show (the one sanitizer).
  app.post('/preview', async (c) => c.html(renderMarkdown(text(await formOf(c), 'markdown', { raw: true }))));

  app.route('/', accountRoutes(deps));
  app.route('/', nowRoutes(deps));
  for (const routes of CONSOLE_SCREENS) app.route('/', routes(deps));

  app.all('*', (c) => refusal(c, pageName, 404, 'Not found', 'There is no console screen at this address.'));
  app.onError((error, c) => {
    if (error instanceof ConsoleForbidden) return refusal(c, pageName, 403, 'Not allowed', error.message);
    if (error instanceof HeraldError && error.code === 'not_found') return refusal(c, pageName, 404, 'Not found', error.message);
    console.error(JSON.stringify({ level: 'error', msg: 'console request failed', path: c.req.path, error: String(error), stack: (error as Error).stack }));
    return refusal(c, pageName, 500, 'Something went wrong', 'Herald could not finish this request; nothing was half-saved. Try again; if it keeps failing, use the API or the CLI.');
  });
  return app;
}
