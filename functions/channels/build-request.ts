// The worker's RequestBuilder on the payload builders (payloads/index.ts): the page, the page's
// status now (as status.json has it) and its components, read at most once a second.
import type { HeraldConfig } from '#config/config';
import type { Store } from '#app/ports/store';
import type { Component } from '#core/model';
import { pageConfig } from './payloads/context.ts';
import { bodyKey, channelBody, signedRequest } from './payloads/index.ts';
import { pageStatus } from '#publisher/statuspage/files';
import type { SpStatus } from '#publisher/statuspage/types';
import type { RequestBuilder } from './deps';

export function channelRequestBuilder(store: Store, config: HeraldConfig): RequestBuilder {
  let cached: { second: number; read: Promise<{ components: Component[]; status: SpStatus }> } | null = null;
  const pageNow = (second: number) => {
    if (cached?.second !== second) {
      const read = (async () => {
        const [components, incidents, maintenances] = await Promise.all([store.components.list(), store.incidents.list('open', 1000), store.maintenances.open()]);
        const page = pageConfig(config.page);
        const status = pageStatus({ config: page, components, incidents, maintenances, statusHistory: {}, now: new Date(second * 1000).toISOString() });
        return { components, status };
      })();
      read.catch(() => (cached = null));
      cached = { second, read };
    }
    return cached.read;
  };
  // A body depends on the change, the second (generated_at, the page's status then) and the
  // endpoint's kind and audience only: built once for all the endpoints that share them (a
  // fan-out to 1,000 webhooks builds one), each then signed with its own secrets.
  const bodies = new Map<string, string | null>();
  return async (endpoint, change, delivery) => {
    const { components, status } = await pageNow(delivery.timestamp);
    const ctx = { page: config.page, deliveryId: delivery.deliveryId, timestamp: delivery.timestamp, pageStatus: status, components, severities: config.severities };
    const key = `${change.id}\n${delivery.timestamp}\n${bodyKey(endpoint)}`;
    let text = bodies.get(key);
    if (text === undefined) {
      text = channelBody(endpoint, change, ctx);
      bodies.set(key, text);
      if (bodies.size > 64) bodies.delete(bodies.keys().next().value as string);
    }
    return text === null ? null : signedRequest(endpoint, text, ctx);
  };
}
