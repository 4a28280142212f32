import type { AppDeps } from '../deps';
import type { ChannelEndpoint } from './endpoint';

/** Every channel endpoint, oldest first. */
export async function listEndpoints(deps: AppDeps): Promise<ChannelEndpoint[]> {
  return deps.store.channelEndpoints.list();
}
