// The mailer's dependencies on SES (AWS, or the local stand-in at an endpoint).
import { SESClient, type SESClientConfig } from '@aws-sdk/client-ses';
import type { AppDeps } from '#app/deps';
import type { SubscriptionTokens } from '#app/subscriptions/tokens';
import type { MailerDeps } from '#mailer/deps';
import { jsonLog, type MailerLog } from '#mailer/ports';
import { cachedSendRate } from '#mailer/send-rate';
import { readMaxSendRate } from './send-quota';
import { sesMailSender } from './ses-mail-sender';
import { sesRawMailSender } from './ses-raw-sender';

export interface SesMailerOptions {
  app: AppDeps;
  tokens: SubscriptionTokens;
  /** Endpoint, region and credentials for SES (none: the Lambda's own). */
  ses?: SESClientConfig;
  /** From header; config.email.from when absent. */
  from?: string;
  /** Configuration set; config.email.configuration_set when absent. */
  configurationSet?: string;
  /** Messages a second when GetSendQuota gives no answer (the local stand-in). */
  fallbackSendRate: number;
  log?: MailerLog;
}

export function sesMailerDeps(options: SesMailerOptions): MailerDeps & { ses: SESClient } {
  // maxAttempts 1: the SDK must never resend a SendRawEmail on its own (a lost answer would become
  // a second mail); throttling is retried by the send pool, which knows nothing was sent.
  // Sockets for every send the pool has in flight (64), so none waits inside the SDK.
  const ses = new SESClient({
    maxAttempts: 1,
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: 128 }, httpsAgent: { keepAlive: true, maxSockets: 128 } },
    ...options.ses,
  });
  const { config } = options.app;
  const log = options.log ?? jsonLog;
  const configurationSet = options.configurationSet ?? config.email.configuration_set;
  return {
    ses,
    store: options.app.store,
    config,
    tokens: options.tokens,
    from: options.from ?? config.email.from,
    // SendRawEmail posted by the mailer itself (ses-raw-sender.ts: the SDK's per-call work was most
    // of a mail's CPU); the SDK's sender where that can't build the endpoint.
    sender: sesRawMailSender({ client: ses, configurationSet }, sesMailSender({ client: ses, configurationSet })),
    sendRate: cachedSendRate({ read: () => readMaxSendRate(ses), fallback: options.fallbackSendRate, log }),
    log,
  };
}
