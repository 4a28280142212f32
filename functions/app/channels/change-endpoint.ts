// The one way an endpoint is changed: under the process's lock, re-read and re-applied until it
// saves on the version it read; with `ifMatch`, only at that version (else 412).
import { NotFoundError, PreconditionFailedError } from '#core/errors';
import type { RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { untilSaved } from '../optimistic';
import type { ChannelEndpoint } from './endpoint';
import { getEndpoint } from './get-endpoint';

export type EndpointContext = RequestContext & { ifMatch?: number };

/** Applies `change` (which returns the fields to set, or null for no change) and saves it. */
export async function changeEndpoint(
  deps: AppDeps,
  id: string,
  ctx: EndpointContext,
  change: (current: ChannelEndpoint) => Promise<Partial<ChannelEndpoint> | null> | Partial<ChannelEndpoint> | null,
): Promise<ChannelEndpoint> {
  return deps.locks.run(`channel-endpoint:${id}`, () =>
    untilSaved(async () => {
      const current = await getEndpoint(deps, id);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== current.version) {
        throw new PreconditionFailedError(`The endpoint is at version ${current.version}, not ${ctx.ifMatch}.`);
      }
      const fields = await change(current);
      if (fields === null) return { outcome: 'saved' as const, result: current };
      const next: ChannelEndpoint = { ...current, ...fields, id: current.id, updated_at: ctx.now, version: current.version + 1 };
      const outcome = await deps.store.channelEndpoints.save(next, current.version);
      if (outcome === 'stale') {
        if (!(await deps.store.channelEndpoints.get(id))) throw new NotFoundError(`No webhook endpoint with id ${id}.`);
        if (ctx.ifMatch !== undefined) throw new PreconditionFailedError('The endpoint changed while this request was applied.');
      }
      return { outcome, result: next };
    }),
  );
}
