// The responders' subscriber routes: list (addresses visible to responders only), import up to
// 1,000 at a time, delete.
import { createRoute } from '@hono/zod-openapi';
import type { SubscriptionDeps } from '#app/subscriptions/deps';
import { findSubscriber } from '#app/subscriptions/find-subscriber';
import { importSubscribers, type ImportResult } from '#app/subscriptions/import-subscribers';
import { deleteSubscriber, listSubscribers } from '#app/subscriptions/list-subscribers';
import type { Subscriber } from '#app/subscriptions/subscriber';
import { requestContext } from '../request-context';
import { ImportResultSchema, ImportSubscribersBody, SubscriberIdParam, SubscriberListQuery, SubscriberListSchema, SubscriberLookupQuery, SubscriberLookupSchema } from '../schemas';
import { bearer, errors, router } from '../validation-hook';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const list = createRoute({
  method: 'get', path: '/', summary: 'List subscribers (pending, confirmed, suppressed), a page at a time', security: bearer,
  request: { query: SubscriberListQuery },
  responses: { 200: { description: 'Subscribers', content: json(SubscriberListSchema) }, ...errors(400, 401) },
});
const importRoute = createRoute({
  method: 'post', path: '/', summary: 'Import up to 1,000 subscribers (e.g. from Statuspage); `dry_run: true` only classifies them', security: bearer,
  request: { body: { required: true, content: json(ImportSubscribersBody) } },
  responses: { 200: { description: 'How many were imported and skipped', content: json(ImportResultSchema) }, ...errors(400, 401, 413, 415, 422) },
});
const lookup = createRoute({
  method: 'get', path: '/lookup', summary: 'Look one address up: its subscriber, or whether it left the list', security: bearer,
  request: { query: SubscriberLookupQuery },
  responses: { 200: { description: 'What the address is', content: json(SubscriberLookupSchema) }, ...errors(400, 401) },
});
const remove = createRoute({
  method: 'delete', path: '/{id}', summary: 'Delete a subscriber', security: bearer,
  request: { params: SubscriberIdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(401, 404) },
});

export function subscriberView(s: Subscriber) {
  return {
    id: s.id,
    email: s.email,
    status: s.status,
    components: s.components,
    source: s.source,
    created_at: s.created_at,
    updated_at: s.updated_at,
    confirmed_at: s.confirmed_at,
  };
}

export function subscriberRoutes(deps: SubscriptionDeps) {
  return router()
    .openapi(list, async (c) => {
      const listing = await listSubscribers(deps, c.req.valid('query'));
      return c.json({ ...listing, subscribers: listing.subscribers.map(subscriberView) }, 200);
    })
    .openapi(lookup, async (c) => {
      const found = await findSubscriber(deps, c.req.valid('query').email);
      return c.json({ ...found, subscriber: found.subscriber && subscriberView(found.subscriber) }, 200);
    })
    .openapi(importRoute, async (c) => {
      const body = c.req.valid('json');
      // A dry run writes nothing, so it stores no answer for an Idempotency-Key to replay.
      const ctx = body.dry_run ? requestContext(c, deps.now()) : requestContext(c, deps.now(), (r: ImportResult) => ({ status: 200, body: r }));
      return c.json(await importSubscribers(deps, body, ctx), 200);
    })
    .openapi(remove, async (c) => {
      await deleteSubscriber(deps, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
