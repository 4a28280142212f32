// The local stack's captured mail (CONTRACT §5): every message the SES stand-in accepted, kept in
// `mail.jsonl` under the data folder with its raw MIME, so it survives a restart and a crash.
// Wire it to the stand-in with startSesLocal({ onMessage: (m) => capture.record(m) }).
import { join } from 'node:path';
import { openJsonlLog } from './jsonl-log';
import { readMail, type CapturedMail } from './mail-message';
import type { SentMessage } from './ses-sent-messages';

export type { CapturedMail } from './mail-message';

export interface MailCapture {
  /** Parses and stores a message; resolves once it is on disk. */
  record(message: SentMessage): Promise<CapturedMail>;
  /** Every captured mail, oldest first. */
  list(): CapturedMail[];
  /** The message exactly as SES received it. */
  raw(messageId: string): Buffer | undefined;
  clear(): Promise<void>;
  close(): Promise<void>;
}

interface StoredMail extends CapturedMail {
  received_at: string;
  /** base64 of the raw message */
  raw: string;
}

export const MAIL_FILE = 'mail.jsonl';

export async function openMailCapture(opts: { dataDir: string }): Promise<MailCapture> {
  const log = await openJsonlLog<StoredMail>(join(opts.dataDir, MAIL_FILE));
  let stored: StoredMail[] = [...log.loaded];

  return {
    async record({ messageId, raw, destinations }) {
      const mail = await readMail(messageId, raw, destinations);
      const entry: StoredMail = { ...mail, received_at: new Date().toISOString(), raw: raw.toString('base64') };
      await log.append(entry);
      stored.push(entry);
      return mail;
    },
    list: () => stored.map(toCapturedMail),
    raw(messageId) {
      const entry = stored.find((candidate) => candidate.message_id === messageId);
      return entry ? Buffer.from(entry.raw, 'base64') : undefined;
    },
    async clear() {
      await log.clear();
      stored = [];
    },
    close: () => log.close(),
  };
}

function toCapturedMail(entry: StoredMail): CapturedMail {
  const { message_id, from, to, subject, text, html, headers } = entry;
  return { message_id, from, to, subject, text, html, headers };
}
