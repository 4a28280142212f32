import { ConflictError } from '#core/errors';
import { idempotencyRecord, type RequestContext } from '../context';
import type { AppDeps } from '../deps';
import { newId } from '../ids';
import { checkComponentFilter } from '../subscriptions/known-components';
import { checkEndpointUrl } from './check-endpoint-url';
import type { ChannelEndpoint, EndpointKind } from './endpoint';
import { newWebhookSecret } from './webhook-secret';

export interface CreateEndpointInput {
  kind: EndpointKind;
  url: string;
  components?: readonly string[];
  contact_email?: string | null;
  internal?: boolean;
}

export interface CreatedEndpoint {
  endpoint: ChannelEndpoint;
  /** A webhook's signing secret, in this answer only; null for Slack and Teams. */
  secret: string | null;
}

/** Adds an endpoint a responder named: active at once (no opt-in); a webhook gets its signing secret. */
export async function createEndpoint(
  deps: AppDeps,
  input: CreateEndpointInput,
  ctx: RequestContext,
): Promise<CreatedEndpoint> {
  const url = await checkEndpointUrl(deps, input.kind, input.url);
  const components = await checkComponentFilter(deps, input.components ?? []);
  const secret = input.kind === 'webhook' ? newWebhookSecret(ctx.now) : null;
  const endpoint: ChannelEndpoint = {
    id: newId(),
    kind: input.kind,
    url,
    components,
    internal: input.internal ?? false,
    contact_email: input.contact_email?.trim().toLowerCase() || null,
    state: 'active',
    state_reason: null,
    secrets: secret ? [secret] : [],
    consecutive_failures: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    created_by: ctx.actor,
    version: 1,
  };
  const created: CreatedEndpoint = { endpoint, secret: secret?.secret ?? null };
  const outcome = await deps.store.channelEndpoints.create(endpoint, { idempotency: idempotencyRecord(ctx, created) });
  if (outcome === 'exists') throw new ConflictError('An endpoint with that id exists already; try again.');
  return created;
}
