// What the mailer is built from. The Lambda handler (handlers/mailer.ts) and the local stack
// build these once per process; tests swap in clocks and fault-injecting wrappers.
import type { HeraldConfig } from '#config/config';
import type { Store } from '#app/ports/store';
import type { SubscriptionTokens } from '#app/subscriptions/tokens';
import type { Clock, MailerLog, MailSender } from './ports';

export interface MailerDeps {
  store: Store;
  config: HeraldConfig;
  tokens: SubscriptionTokens;
  sender: MailSender;
  /** The From header (MAIL_FROM on AWS; config.email.from otherwise). */
  from: string;
  /** Messages a second the account may send (GetSendQuota's MaxSendRate). */
  sendRate: () => Promise<number>;
  clock?: Clock;
  log?: MailerLog;
  /** How long a claim is its sender's (default 2 minutes: far longer than any one send). */
  leaseMs?: number;
  /** Concurrent SendRawEmail calls (default 64). */
  maxInFlight?: number;
  /** Stream records handled at once (default 4, more at a high send rate: stream-handler.ts recordWorkers; each has up to 50 recipients). */
  recordConcurrency?: number;
  /** Subscribers the planner reads per step (default 1,000). */
  planPageSize?: number;
  /** Stop starting work this long before the invocation's deadline (default 90 s). */
  safetyMarginMs?: number;
  /** Who this process is, in the ledger's claims (default: random). */
  owner?: string;
}
