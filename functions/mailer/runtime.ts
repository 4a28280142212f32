// One mailer process's shared state: the send pool (so every record's sends share one rate and
// one concurrency limit), the mark writer, and small caches of notifications and their rendered
// mail (a batch of a notification seen before costs no reads and no Markdown rendering).
import { randomUUID } from 'node:crypto';
import type { Notification } from '#app/notifications/notification';
import type { MailerDeps } from './deps';
import { GATHER_MS, MarkWriter } from './mark-writer';
import { jsonLog, systemClock, type Clock, type MailerLog } from './ports';
import { SendPool } from './send-pool';
import { renderNotificationMail, type RenderedMail } from './templates/notification-mail';

export interface MailerRuntime {
  deps: MailerDeps;
  clock: Clock;
  log: MailerLog;
  pool: SendPool;
  marks: MarkWriter;
  owner: string;
  leaseMs: number;
  /** ISO time from the mailer's clock. */
  now(): string;
  notification(id: string): Promise<Notification | null>;
  rendered(notification: Notification): RenderedMail;
}

const CACHE_SIZE = 32;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  cache.set(key, value);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return value;
}

export function createRuntime(deps: MailerDeps): MailerRuntime {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? jsonLog;
  const now = () => new Date(clock.now()).toISOString();
  const notifications = new Map<string, Notification>();
  const rendered = new Map<string, RenderedMail>();
  const pool = new SendPool(deps.sender, { maxInFlight: deps.maxInFlight ?? 64, clock });
  return {
    deps,
    clock,
    log,
    pool,
    // Marks gather longer while the pool's sends will bring more (mark-writer.ts).
    marks: new MarkWriter(deps.store.sendLedger, now, GATHER_MS, () => pool.sendsInFlight),
    owner: deps.owner ?? `mailer-${randomUUID()}`,
    leaseMs: deps.leaseMs ?? 120_000,
    now,
    async notification(id) {
      const known = notifications.get(id);
      if (known?.planned) return known;
      const found = await deps.store.notifications.get(id);
      return found ? remember(notifications, id, found) : null;
    },
    rendered(notification) {
      return rendered.get(notification.id) ?? remember(rendered, notification.id, renderNotificationMail(notification, deps.config.page));
    },
  };
}
