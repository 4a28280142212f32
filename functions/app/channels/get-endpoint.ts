import { NotFoundError } from '#core/errors';
import type { AppDeps } from '../deps';
import type { ChannelEndpoint } from './endpoint';

/** One channel endpoint; 404 when there is none. */
export async function getEndpoint(deps: AppDeps, id: string): Promise<ChannelEndpoint> {
  const endpoint = await deps.store.channelEndpoints.get(id);
  if (!endpoint) throw new NotFoundError(`No webhook endpoint with id ${id}.`);
  return endpoint;
}
