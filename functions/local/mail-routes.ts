// /_local/mail (CONTRACT §5): the captured mail as JSON, emptied with DELETE, and a page for a
// person at /_local/mail.html. Mount with app.route('/', mailRoutes(capture)); local mode only.
import { Hono } from 'hono';
import type { MailCapture } from './mail-capture';
import { renderMailPage } from './mail-page';

export function mailRoutes(capture: Pick<MailCapture, 'list' | 'clear'>) {
  return new Hono()
    .get('/_local/mail', (c) => c.json(capture.list()))
    .delete('/_local/mail', async (c) => {
      await capture.clear();
      return c.body(null, 204);
    })
    .get('/_local/mail.html', (c) => {
      c.header('Cache-Control', 'no-store');
      // Mail HTML runs in sandboxed iframes; nothing on the page may run scripts.
      c.header(
        'Content-Security-Policy',
        "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'",
      );
      return c.html(renderMailPage(capture.list()));
    });
}
