// Everything a use case may use, built once per process and passed in.
import type { HeraldConfig } from '#config/config';
import type { ChannelUrlDeps } from './channels/check-endpoint-url';
import { KeyedMutex } from './keyed-mutex';
import type { Store } from './ports/store';

export interface AppDeps {
  store: Store;
  config: HeraldConfig;
  /** The current time, ISO 8601 UTC (injected so tests control the clock). */
  now: () => string;
  /** Serialises changes to one resource within this process. */
  locks: KeyedMutex;
  /** Where channel endpoints may point: the local stack's allowed hosts, the resolver (absent on AWS: https only, system DNS). */
  channels?: ChannelUrlDeps;
}

export function createAppDeps(
  store: Store,
  config: HeraldConfig,
  now: () => string = () => new Date().toISOString(),
): AppDeps {
  return { store, config, now, locks: new KeyedMutex() };
}
