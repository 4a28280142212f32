// Your account: who you are, your sessions (this one marked), ending one or all of them; admins
// also see and end everyone's. Sign-out ends this session.
import { Hono } from 'hono';
import { listSessions, revokeSession, revokeSessionsOf } from '#app/sessions/manage-sessions';
import { HeraldError } from '#core/errors';
import { can } from '#core/roles';
import { sessionEndsAt } from '#core/session-policy';
import type { ConsoleDeps } from '../deps';
import type { ConsoleEnv } from '../env';
import { formOf, text } from '../form';
import { refusal, screen } from '../render';
import { clearSessionCookie } from '../session-cookie';
import { Csrf } from '../ui/form';
import { Time } from '../ui/time';

export function accountRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/account', async (c) => {
    const person = c.get('person');
    const current = c.get('session');
    const sessions = await listSessions(deps, person, deps.now());
    const csrf = current.csrf_token;
    const ended = c.req.query('ended');
    return screen(
      c,
      deps.config.page.name,
      'Your account',
      <>
        <h1>Your account</h1>
        {ended && (
          <p class="notice" role="status">
            Ended {ended} session{ended === '1' ? '' : 's'}.
          </p>
        )}
        <p>
          {person.name ? `${person.name} · ` : ''}
          {person.email} · role <strong>{person.role}</strong>
        </p>
        <h2>{can(person.role, 'people') ? 'Sessions (everyone’s)' : 'Your sessions'}</h2>
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Browser</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">Ends</th>
                <th scope="col">
                  <span class="muted">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr>
                  <td>{s.email}</td>
                  <td>
                    {s.user_agent ?? 'unknown'}
                    {s.id_hash === current.id_hash && <strong> (this one)</strong>}
                  </td>
                  <td>
                    <Time iso={s.created_at} />
                  </td>
                  <td>
                    <Time iso={s.last_seen_at} />
                  </td>
                  <td>
                    <Time iso={sessionEndsAt(s)} />
                  </td>
                  <td>
                    <form method="post" action="/console/account/sessions/end">
                      <Csrf token={csrf} />
                      <input type="hidden" name="session" value={s.handle} />
                      <button type="submit" class="danger" aria-label={`End session ${s.handle} of ${s.email}`}>
                        End
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form method="post" action="/console/account/sessions/end-all" class="actions">
          <Csrf token={csrf} />
          <button type="submit" class="danger">
            Sign out everywhere
          </button>
        </form>
      </>,
      { active: 'account' },
    );
  });

  app.post('/account/sessions/end', async (c) => {
    const handle = text(await formOf(c), 'session');
    const current = c.get('session');
    try {
      await revokeSession(deps, c.get('person'), handle);
    } catch (error) {
      if (error instanceof HeraldError && (error.code === 'not_found' || error.code === 'forbidden')) {
        return refusal(c, deps.config.page.name, error.code === 'not_found' ? 404 : 403, 'Session not ended', error.message, '/console/account');
      }
      throw error;
    }
    if (handle === current.handle) {
      clearSessionCookie(c, deps.secureCookies);
      return c.redirect('/console/sign-in?signed_out=1', 303);
    }
    return c.redirect('/console/account?ended=1', 303);
  });

  app.post('/account/sessions/end-all', async (c) => {
    await revokeSessionsOf(deps, c.get('person').email);
    clearSessionCookie(c, deps.secureCookies);
    return c.redirect('/console/sign-in?signed_out=1', 303);
  });

  app.post('/sign-out', async (c) => {
    await deps.store.sessions.delete(c.get('session').id_hash);
    clearSessionCookie(c, deps.secureCookies);
    return c.redirect('/console/sign-in?signed_out=1', 303);
  });
  return app;
}
