// An endpoint's URL, checked on create and update: the URL policy (core/channel-url.ts), then the
// name resolved and every address checked, so a name pointing at loopback or the metadata address
// is refused now, not only when a delivery connects (adapters/http/guarded-lookup.ts does that).
import { channelUrlError, checkChannelUrl, forbiddenAddressRange, type ChannelUrlOptions } from '#core/channel-url';
import type { AppDeps } from '../deps';
import type { EndpointKind } from './endpoint';
import { systemHostResolver, type HostResolver } from './host-resolver';

export interface ChannelUrlDeps extends ChannelUrlOptions {
  /** Resolves names (the system's resolver by default; tests inject their own). */
  resolveHost?: HostResolver;
  /** How long a resolution may take before the name is taken as unresolved (default 3 s). */
  resolveTimeoutMs?: number;
}

/** Checks the URL for the kind; throws a ValidationError naming `url` and the reason. Returns it normalised. */
export async function checkEndpointUrl(deps: Pick<AppDeps, 'channels'>, kind: EndpointKind, raw: string): Promise<string> {
  const options = deps.channels ?? {};
  const check = checkChannelUrl(kind, raw, options);
  if (!check.ok) throw channelUrlError(check);
  if (check.ipLiteral || check.allowedHost) return check.url.href;
  const resolve = options.resolveHost ?? systemHostResolver;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<[]>((done) => {
    timer = setTimeout(() => done([]), options.resolveTimeoutMs ?? 3000);
  });
  // A name that does not resolve (yet) is accepted: its deliveries fail and are recorded; the
  // connect-time guard checks whatever it resolves to later.
  const addresses = await Promise.race([resolve(check.hostname).catch(() => []), timeout]).finally(() => clearTimeout(timer));
  for (const { address } of addresses) {
    const range = forbiddenAddressRange(address);
    if (range) {
      throw channelUrlError({ reason: 'forbidden_address', message: `The URL's host ${check.hostname} resolves to ${address}, which is not public (${range}).` });
    }
  }
  return check.url.href;
}
