// Console sessions for admins with an API key: list everyone's, end any (a lost laptop).
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { listSessions, revokeSession, sessionView } from '#app/sessions/manage-sessions';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const timestamp = z.string().openapi({ format: 'date-time' });

export const SessionSchema = z
  .object({
    id: z.string().openapi({ description: 'The session’s name in lists (not its cookie, which only the browser holds).' }),
    email: z.string(),
    created_at: timestamp,
    last_seen_at: timestamp.openapi({ description: 'Written at most every 5 minutes.' }),
    ends_at: timestamp.openapi({ description: 'When it ends if unused: 12 h after last use, 7 days after sign-in at the latest.' }),
    user_agent: z.string().nullable(),
    client: z.string().nullable(),
  })
  .openapi('Session');

const IdParam = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/).openapi({ param: { name: 'id', in: 'path' }, example: '3f2a9c0d1b4e5f60' }) });

const list = createRoute({
  method: 'get', path: '/', summary: 'List live console sessions', security: bearer,
  responses: { 200: { description: 'Everyone’s live sessions, newest first', content: json(z.array(SessionSchema)) }, ...errors(401, 403) },
});
const remove = createRoute({
  method: 'delete', path: '/{id}', summary: 'End a console session', security: bearer,
  description: 'The browser holding it is sent to sign-in on its next request.',
  request: { params: IdParam },
  responses: { 204: { description: 'Ended' }, ...errors(400, 401, 403, 404) },
});

export function sessionRoutes(deps: AppDeps) {
  return router()
    .openapi(list, async (c) => c.json((await listSessions(deps, null, deps.now())).map(sessionView), 200))
    .openapi(remove, async (c) => {
      await revokeSession(deps, null, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
