// Resolving an endpoint's host name to every address it has, to check them (the SSRF guard).
// A port: tests inject a resolver that answers as they say, offline and deterministically.
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Every address a name resolves to; an empty list when it resolves to none (or not in time). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system's resolver (getaddrinfo, as node's http uses), all addresses, v4 and v6. */
export const systemHostResolver: HostResolver = async (hostname) => {
  try {
    return await lookup(hostname, { all: true, verbatim: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_AGAIN') return [];
    throw error;
  }
};
