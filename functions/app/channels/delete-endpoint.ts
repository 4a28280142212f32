import { NotFoundError } from '#core/errors';
import type { AppDeps } from '../deps';

/** Removes a channel endpoint: nothing more is delivered to it. */
export async function deleteEndpoint(deps: AppDeps, id: string): Promise<void> {
  if (!(await deps.store.channelEndpoints.delete(id))) throw new NotFoundError(`No webhook endpoint with id ${id}.`);
}
