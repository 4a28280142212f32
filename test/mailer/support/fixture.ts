// One suite's world: a table on DynamoDB Local, the API, the SES stand-in capturing what it is
// sent, the table's stream, and mailers built like the local stack's (SES at the stand-in).
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { createApiKey } from '#app/api-keys/create-api-key';
import { createAppDeps, type AppDeps } from '#app/deps';
import { createSubscriptionTokens, type SubscriptionTokens } from '#app/subscriptions/tokens';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { sesMailerDeps } from '#adapters/ses/mailer-deps';
import { createApp } from '#api/app';
import { parseConfig } from '#config/config';
import { readMail, type CapturedMail } from '#local/mail-message';
import { startSesLocal, type SesLocal } from '#local/ses-local';
import type { MailerDeps } from '#mailer/deps';
import type { MailerLog } from '#mailer/ports';
import { createMailerHandler, type StreamHandler } from '#mailer/stream-handler';
import rawConfig from '../../../herald.config.json' with { type: 'json' };
import { createTestTable, type TestTable } from '../../support/dynamodb';
import { localAws } from '../../support/local-aws';
import { testClock, type TestClock } from './clock';
import { openStream, type StreamReader } from './stream';
import { authorizedRequester } from '../../support/api';

export const PAGE_URL = 'https://status.example.com';
/** The world's origin-verify secret: requests carrying it as x-herald-origin-verify come "through
 *  CloudFront", so their CloudFront-Viewer-Address counts as the client. */
export const ORIGIN_SECRET = 'mail-world-origin-secret';

export const quietLog: MailerLog & { lines: string[] } = {
  lines: [],
  info(message) {
    quietLog.lines.push(message);
  },
  error(message, fields) {
    quietLog.lines.push(`ERROR ${message} ${JSON.stringify(fields ?? {})}`);
  },
};

export interface MailWorld {
  table: TestTable;
  deps: AppDeps;
  tokens: SubscriptionTokens;
  app: ReturnType<typeof createApp>;
  key: string;
  ses: SesLocal;
  /** Every mail the SES stand-in accepted, oldest first. */
  mails: CapturedMail[];
  stream: StreamReader;
  clock: TestClock;
  /** Puts the world's one clock at an instant. */
  setNow(iso: string): void;
  /** A mailer as the local stack builds it, with the test's clock; `overrides` replace any part. */
  mailerDeps(overrides?: Partial<MailerDeps>): MailerDeps;
  mailer(overrides?: Partial<MailerDeps>): StreamHandler;
  /** Feeds every new stream record to the handler (100 a call, like the poller) until none are left. */
  drain(handler: StreamHandler, options?: { allowFailures?: boolean }): Promise<{ records: DynamoDBRecord[]; failed: DynamoDBRecord[] }>;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  mailsTo(email: string): CapturedMail[];
  close(): Promise<void>;
}

export async function createMailWorld(): Promise<MailWorld> {
  const table = await createTestTable();
  const doc = createDocumentClient({ endpoint: table.endpoint, region: localAws.region, credentials: localAws.credentials });
  // The one clock of this world: the use cases and the mailers read it.
  const clock = testClock();
  const deps = createAppDeps(
    createDynamoStore({ doc, tableName: table.tableName }),
    parseConfig(rawConfig, { pageUrl: PAGE_URL }),
    () => clock.iso(),
  );
  const tokens = createSubscriptionTokens(async () => 'a-test-secret-that-is-long-enough-0123456789');
  const app = createApp(deps, { tokens, originSecret: async () => ({ current: ORIGIN_SECRET, previous: null }) });
  const { key } = await createApiKey(deps, 'test-responder');
  const mails: CapturedMail[] = [];
  const ses = await startSesLocal({
    onMessage: async (message) => {
      mails.push(await readMail(message.messageId, message.raw, message.destinations));
    },
  });
  const stream = await openStream(table.endpoint, table.tableName);
  await stream.next(); // the API key

  const mailerDeps = (overrides: Partial<MailerDeps> = {}): MailerDeps => ({
    ...sesMailerDeps({
      app: deps,
      tokens,
      ses: { endpoint: ses.endpoint, region: localAws.region, credentials: localAws.credentials },
      fallbackSendRate: 1000,
      log: quietLog,
    }),
    // The stand-in has no GetSendQuota (sesMailerDeps falls back after a timeout; see send-rate tests).
    sendRate: async () => 1000,
    clock,
    ...overrides,
  });

  return {
    table,
    deps,
    tokens,
    app,
    key,
    ses,
    mails,
    stream,
    clock,
    setNow(iso) {
      clock.set(iso);
    },
    mailerDeps,
    mailer: (overrides) => createMailerHandler(mailerDeps(overrides)),
    async drain(handler, options = {}) {
      const seen: DynamoDBRecord[] = [];
      const failed: DynamoDBRecord[] = [];
      for (let round = 0; round < 100; round++) {
        const records = await stream.next();
        if (records.length === 0) break;
        seen.push(...records);
        for (let i = 0; i < records.length; i += 100) {
          const chunk = records.slice(i, i + 100);
          const response: DynamoDBBatchResponse = await handler({ Records: chunk });
          const ids = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
          failed.push(...chunk.filter((r) => ids.has(r.dynamodb?.SequenceNumber ?? '')));
        }
      }
      if (failed.length > 0 && !options.allowFailures) {
        throw new Error(`the mailer failed ${failed.length} record(s): ${quietLog.lines.filter((l) => l.startsWith('ERROR')).slice(-3).join(' | ')}`);
      }
      return { records: seen, failed };
    },
    api: authorizedRequester(app, key),
    mailsTo: (email) => mails.filter((m) => m.to.includes(email)),
    async close() {
      stream.close();
      await ses.stop();
      await table.drop();
    },
  };
}

/** The link in a mail's text part that starts with `prefix` (e.g. the confirm link). */
export function linkIn(mail: CapturedMail, pathPart: string): string {
  const match = new RegExp(`(https?://\\S*${pathPart.replace(/[?]/g, '\\?')}\\S*)`).exec(mail.text ?? '');
  if (!match) throw new Error(`no ${pathPart} link in: ${mail.text}`);
  return match[1]!;
}

/** The path and query of an absolute URL (app.request takes either). */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
