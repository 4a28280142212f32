// The SSRF guard at connect time: a `lookup` for node's http/https `request`/`Agent` options that
// resolves the host to every address and refuses the connection (error code
// ERR_FORBIDDEN_ADDRESS) when ANY of them is forbidden (loopback, private, link-local, metadata,
// ULA, mapped forms…: core/channel-url.ts), unless the host is on the local stack's allow list.
// Checking at connect time, on the addresses actually used, defeats names that resolve somewhere
// else after the endpoint was created (DNS rebinding).
//
// Node calls `lookup` only for names: a URL whose host is an IP literal connects without it, so a
// sender also checks the URL itself (checkChannelUrl) before each request.
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { forbiddenAddressRange, isAllowedHost } from '#core/channel-url';
import { systemHostResolver, type HostResolver } from '#app/channels/host-resolver';

export const FORBIDDEN_ADDRESS_CODE = 'ERR_FORBIDDEN_ADDRESS';

export class ForbiddenAddressError extends Error {
  readonly code = FORBIDDEN_ADDRESS_CODE;
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${hostname} resolves to ${address}, which is not public (${range}): refused.`);
    this.name = 'ForbiddenAddressError';
  }
}

export interface GuardedLookupOptions {
  /** Hosts whose addresses are not checked (the local stack's HERALD_ALLOW_WEBHOOK_HOSTS and its own host). */
  allowHosts?: readonly string[];
  /** Resolves a name to every address; the system's resolver by default. */
  resolve?: HostResolver;
}

/** The first forbidden address among these, with its range, or null when all are public. */
export function firstForbidden(addresses: readonly LookupAddress[]): { address: string; range: string } | null {
  for (const { address } of addresses) {
    const range = forbiddenAddressRange(address);
    if (range) return { address, range };
  }
  return null;
}

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` function that refuses forbidden addresses (see the file's comment). */
export function createGuardedLookup(options: GuardedLookupOptions = {}): LookupFunction {
  const resolve = options.resolve ?? systemHostResolver;
  const guarded = (hostname: string, lookupOptions: LookupOptions, callback: Callback) => {
    resolve(hostname).then(
      (resolved) => {
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const addresses = family === 4 || family === 6 ? resolved.filter((a) => a.family === family) : resolved;
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(error, lookupOptions.all ? [] : '', undefined);
        }
        if (!isAllowedHost(options.allowHosts, hostname)) {
          const forbidden = firstForbidden(resolved); // every address the name has, whichever family is asked
          if (forbidden) return callback(new ForbiddenAddressError(hostname, forbidden.address, forbidden.range), lookupOptions.all ? [] : '', undefined);
        }
        if (lookupOptions.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, lookupOptions.all ? [] : '', undefined),
    );
  };
  return guarded as unknown as LookupFunction;
}

/** The guard for the deployed stack: no allowed hosts, the system's resolver. */
export const guardedLookup: LookupFunction = createGuardedLookup();
