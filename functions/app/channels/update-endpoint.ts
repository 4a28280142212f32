import type { AppDeps } from '../deps';
import { checkComponentFilter } from '../subscriptions/known-components';
import { changeEndpoint, type EndpointContext } from './change-endpoint';
import { checkEndpointUrl } from './check-endpoint-url';
import type { ChannelEndpoint } from './endpoint';

export interface UpdateEndpointInput {
  url?: string;
  components?: readonly string[];
  contact_email?: string | null;
  internal?: boolean;
}

/** Changes an endpoint's URL (checked again, DNS included), components, contact or audience. */
export async function updateEndpoint(deps: AppDeps, id: string, input: UpdateEndpointInput, ctx: EndpointContext): Promise<ChannelEndpoint> {
  return changeEndpoint(deps, id, ctx, async (current) => {
    const fields: Partial<ChannelEndpoint> = {};
    if (input.url !== undefined) fields.url = await checkEndpointUrl(deps, current.kind, input.url);
    if (input.components !== undefined) fields.components = await checkComponentFilter(deps, input.components);
    if (input.contact_email !== undefined) fields.contact_email = input.contact_email?.trim().toLowerCase() || null;
    if (input.internal !== undefined) fields.internal = input.internal;
    return fields;
  });
}
