// SES's maximum send rate, read from GetSendQuota (never hard-coded: it grows as the account's
// reputation does), cached for a few minutes. When the service does not answer (the local SES
// stand-in has no GetSendQuota), a stated fallback is used and said once in the log.
import type { MailerLog } from './ports';

export interface SendRateOptions {
  /** MaxSendRate, or null when the service gave no answer. */
  read: () => Promise<number | null>;
  fallback: number;
  log: MailerLog;
  ttlMs?: number;
}

export function cachedSendRate({ read, fallback, log, ttlMs = 5 * 60_000 }: SendRateOptions): () => Promise<number> {
  let cached: { rate: number; at: number } | undefined;
  let warned = false;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.rate;
    let rate: number | null = null;
    try {
      rate = await read();
    } catch (error) {
      log.error('GetSendQuota failed', { error: String(error) });
    }
    if (rate === null || !(rate > 0)) {
      if (!warned) log.info(`SES did not answer GetSendQuota; sending at ${fallback} messages a second`, { fallback });
      warned = true;
      rate = fallback;
    }
    cached = { rate, at: Date.now() };
    return rate;
  };
}
