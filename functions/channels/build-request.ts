// The worker's RequestBuilder on the payload builders (payloads/index.ts): the page, the page's
// status now (as status.json has it) and its components, read at most once a second.
import type { HeraldConfig } from '#config/config';
import type { Store } from '#app/ports/store';
import type { Component } from '#core/model';
import { pageConfig } from './payloads/context.ts';
import { channelRequest } from './payloads/index.ts';
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
  return async (endpoint, change, delivery) => {
    const { components, status } = await pageNow(delivery.timestamp);
    return channelRequest(endpoint, change, {
      page: config.page,
      deliveryId: delivery.deliveryId,
      timestamp: delivery.timestamp,
      pageStatus: status,
      components,
      severities: config.severities,
    });
  };
}
