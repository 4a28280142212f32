// What the channel worker is built from. The Lambda handler and the local stack build these once
// per process; tests swap in clocks, builders and short timeouts.
import type { LookupFunction } from 'node:net';
import type { ChannelChange, ChannelRequest } from '#app/channels/change';
import type { ChannelEndpoint } from '#app/channels/endpoint';
import type { Store } from '#app/ports/store';
import type { ChannelUrlOptions } from '#core/channel-url';
import type { Clock, MailerLog } from '#mailer/ports';

/** Builds the request of one attempt (null: nothing to send to this kind for this change). */
export type RequestBuilder = (
  endpoint: ChannelEndpoint,
  change: ChannelChange,
  delivery: { deliveryId: string; timestamp: number },
) => Promise<ChannelRequest | null>;

export interface ChannelWorkerDeps {
  store: Store;
  build: RequestBuilder;
  clock?: Clock;
  log?: MailerLog;
  /** The SSRF guard (adapters/http/guarded-lookup.ts); the system resolver when absent (tests on loopback). */
  lookup?: LookupFunction;
  /** The URL policy checked before each request (core/channel-url.ts): {} on AWS (https, public
   *  addresses only); the local stack's allowed hosts and plain http locally; absent: not checked (tests). */
  urlPolicy?: ChannelUrlOptions;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Endpoints worked on at once in this process (default 128); each endpoint one at a time. */
  maxConcurrency?: number;
  /** How long an endpoint's queue is this worker's (default 60 s: far longer than one attempt). */
  leaseMs?: number;
  /** 0 ≤ r < 1, for the backoff's jitter (default Math.random). */
  random?: () => number;
  /** Who this process is, in the endpoints' leases (default: random). */
  owner?: string;
}
