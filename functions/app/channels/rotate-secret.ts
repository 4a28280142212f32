import { ConflictError } from '#core/errors';
import type { AppDeps } from '../deps';
import { changeEndpoint, type EndpointContext } from './change-endpoint';
import type { ChannelEndpoint } from './endpoint';
import { newWebhookSecret, rotatedSecrets } from './webhook-secret';

/** A new signing secret for a webhook, first; the previous one keeps signing beside it for 24 h
 *  (two `v1,` signatures), so receivers switch without losing a delivery. The new secret is in
 *  this answer only. */
export async function rotateSecret(deps: AppDeps, id: string, ctx: EndpointContext): Promise<{ endpoint: ChannelEndpoint; secret: string }> {
  const fresh = newWebhookSecret(ctx.now);
  const endpoint = await changeEndpoint(deps, id, ctx, (current) => {
    if (current.kind !== 'webhook') throw new ConflictError(`A ${current.kind} endpoint has no signing secret: only webhooks are signed.`);
    return { secrets: rotatedSecrets(current, fresh, ctx.now) };
  });
  return { endpoint, secret: fresh.secret };
}
