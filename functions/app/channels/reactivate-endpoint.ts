import { ConflictError } from '#core/errors';
import type { AppDeps } from '../deps';
import { changeEndpoint, type EndpointContext } from './change-endpoint';
import type { ChannelEndpoint } from './endpoint';

/** A quarantined or disabled endpoint is delivered to again, its failure count reset; an active
 *  one stays as it is. One still waiting for its contact's confirmation is 409. */
export async function reactivateEndpoint(deps: AppDeps, id: string, ctx: EndpointContext): Promise<ChannelEndpoint> {
  return changeEndpoint(deps, id, ctx, (current) => {
    if (current.state === 'pending') throw new ConflictError('The endpoint waits for its contact to confirm it; it cannot be reactivated.');
    if (current.state === 'active' && current.consecutive_failures === 0) return null;
    return { state: 'active', state_reason: null, consecutive_failures: 0 };
  });
}
