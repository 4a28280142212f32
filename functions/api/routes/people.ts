import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '#app/deps';
import { addPerson } from '#app/people/add-person';
import { listPeople } from '#app/people/list-people';
import type { Person } from '#app/people/person';
import { removePerson } from '#app/people/remove-person';
import { updatePerson } from '#app/people/update-person';
import { ROLES } from '#core/roles';
import { ifMatchVersion, requestContext } from '../request-context';
import { IfMatchHeader } from '../schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const timestamp = z.string().openapi({ format: 'date-time' });
const email = z.string().trim().min(3).max(320).openapi({ format: 'email', example: 'jane@example.com' });
const name = z.string().trim().max(100).nullable();

export const RoleSchema = z
  .enum(ROLES)
  .openapi('Role', { description: 'viewer: read. responder: also incidents, updates, maintenance, postmortems. admin: also components, subscribers, templates, people, API keys.' });

export const PersonSchema = z
  .object({
    email: z.string().openapi({ description: 'Normalised (trimmed, lower case): the person’s identity.' }),
    name: z.string().nullable(),
    role: RoleSchema,
    created_at: timestamp,
    updated_at: timestamp,
    version: z.number(),
    added_by: z.string().openapi({ description: 'The API key holder, `npm run people` or `herald.config.json`.' }),
  })
  .openapi('Person');

export const AddPersonBody = z.object({ email, role: RoleSchema, name: name.optional() }).strict().openapi('AddPerson');

export const UpdatePersonBody = z
  .object({ role: RoleSchema.optional(), name: name.optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.name !== undefined, { message: 'give role or name', path: ['role'] })
  .openapi('UpdatePerson');

const EmailParam = z.object({
  email: z.string().min(3).max(320).openapi({ param: { name: 'email', in: 'path' }, example: 'jane@example.com' }),
});

const list = createRoute({
  method: 'get', path: '/', summary: 'List people', security: bearer,
  responses: { 200: { description: 'Everyone: admins, then responders, then viewers; by email', content: json(z.array(PersonSchema)) }, ...errors(401) },
});
const add = createRoute({
  method: 'post', path: '/', summary: 'Add a person with a role', security: bearer,
  request: { body: { required: true, content: json(AddPersonBody) } },
  responses: { 201: { description: 'Added', content: json(PersonSchema) }, ...errors(400, 401, 409, 413, 415, 422) },
});
const patch = createRoute({
  method: 'patch', path: '/{email}', summary: "Change a person's role or name", security: bearer,
  description: 'Demoting the only admin is 409.',
  request: { params: EmailParam, headers: IfMatchHeader, body: { required: true, content: json(UpdatePersonBody) } },
  responses: { 200: { description: 'Changed', content: json(PersonSchema) }, ...errors(400, 401, 404, 409, 412, 413, 415) },
});
const remove = createRoute({
  method: 'delete', path: '/{email}', summary: 'Remove a person', security: bearer,
  description: 'Removing the only admin is 409. Their console sessions end with them.',
  request: { params: EmailParam, headers: IfMatchHeader },
  responses: { 204: { description: 'Removed' }, ...errors(400, 401, 404, 409, 412) },
});

export function peopleRoutes(deps: AppDeps) {
  return router()
    .openapi(list, async (c) => c.json(await listPeople(deps), 200))
    .openapi(add, async (c) => {
      const ctx = requestContext(c, deps.now(), (person: Person) => ({ status: 201, body: person }));
      return c.json(await addPerson(deps, c.req.valid('json'), ctx), 201);
    })
    .openapi(patch, async (c) => {
      const ctx = { ...requestContext(c, deps.now()), ifMatch: ifMatchVersion(c.req.header('if-match')) };
      return c.json(await updatePerson(deps, c.req.valid('param').email, c.req.valid('json'), ctx), 200);
    })
    .openapi(remove, async (c) => {
      await removePerson(deps, c.req.valid('param').email, { ifMatch: ifMatchVersion(c.req.header('if-match')) });
      return c.body(null, 204);
    });
}
