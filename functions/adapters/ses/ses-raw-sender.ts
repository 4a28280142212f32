// The mailer's MailSender on SES v1 SendRawEmail without the SDK's per-call machinery: the same
// request the SDK makes (the query protocol's form body, signed with Signature Version 4 for the
// client's region and credentials, to the client's endpoint), posted over a keep-alive agent,
// and the answer read for its MessageId or its error Code. Measured with bench/mail-rate.ts: the
// SDK's SendRawEmail cost ~0.37 ms of CPU a mail on top of the mail itself (its middleware stack,
// endpoint rules, schema serde, signer); this path does what the request needs and no more.
//
// What stays the SDK's: the credentials (the client's provider: the Lambda role's, refreshed as
// they expire), the region and a custom endpoint (the local stand-in), read from the client's
// config. Sent once: nothing here retries (a retried send after a lost answer is a second mail).
// Failures are classified as ses-mail-sender.ts's are (classify), so the ledger acts the same.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SESClient } from '@aws-sdk/client-ses';
import { SendFailure, type MailSender, type OutgoingMail } from '#mailer/ports';
import { classify, redact } from './ses-mail-sender';
import { signRequest, type SigningCredentials } from './sigv4';

export interface SesRawSenderOptions {
  /** Supplies credentials, region and any custom endpoint (its own requests are not used). */
  client: SESClient;
  configurationSet: string;
  /** Sockets kept open (default 128: every send the pool has in flight, with room). */
  maxSockets?: number;
  /**
   * How long a send may wait for SES's whole answer (default 30 s; SES answers in well under a
   * second). Past it the send fails as unknown, as the SDK's requestTimeout does (TimeoutError):
   * the request may have reached SES, so it must not be retried as if unsent. Without it an answer
   * that never comes would hold a send pool place for ever.
   */
  timeoutMs?: number;
}

/** Enough for any answer SES gives (a few hundred bytes); the rest of a longer one is read and dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface Target {
  url: URL;
  region: string;
}

/** The query protocol's encoding (RFC 3986: also `!'()*`), as the SDK's extendedEncodeURIComponent. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SendRawEmail's form body, in the order the SDK writes it. */
export function sendRawEmailBody(mail: OutgoingMail, configurationSet: string): string {
  let body = `Action=SendRawEmail&Version=2010-12-01&RawMessage.Data=${encode(Buffer.from(mail.raw.buffer, mail.raw.byteOffset, mail.raw.byteLength).toString('base64'))}`;
  body += `&Destinations.member.1=${encode(mail.to)}`;
  let n = 0;
  for (const [name, value] of Object.entries(mail.tags)) {
    n++;
    body += `&Tags.member.${n}.Name=${encode(name)}&Tags.member.${n}.Value=${encode(value)}`;
  }
  // The SDK writes an empty list as the bare key.
  if (n === 0) body += '&Tags=';
  return `${body}&ConfigurationSetName=${encode(configurationSet)}`;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const entity = (whole: string, name: string) => {
  if (name[0] !== '#') return entities[name] ?? whole;
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
};
/** An element's text as an XML parser reads it: entities (named and numeric) decoded, CDATA as is. */
const text = (xml: string, tag: string) => {
  const found = new RegExp(`<${tag}>((?:[^<]|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)*)</${tag}>`).exec(xml)?.[1];
  if (found === undefined) return undefined;
  return found
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : part.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, entity)))
    .join('');
};

/**
 * Where SendRawEmail goes: the client's custom endpoint, or SES's regional one; null when the
 * client is set up for an endpoint this path does not build (FIPS, dual-stack, other partitions).
 */
export async function targetOf(client: SESClient): Promise<Target | null> {
  const { config } = client;
  const region = await config.region();
  if (config.endpoint) {
    const endpoint = await config.endpoint();
    // The SDK posts to the endpoint's path joined with the operation's `/` (`/base` → `/base/`).
    const path = endpoint.path?.endsWith('/') ? endpoint.path : `${endpoint.path ?? ''}/`;
    const url = new URL(`${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${path}`);
    return { url, region };
  }
  if ((await config.useFipsEndpoint()) || (await config.useDualstackEndpoint()) || !/^[a-z]{2}-[a-z]+-\d$/.test(region) || region.startsWith('cn-')) return null;
  return { url: new URL(`https://email.${region}.amazonaws.com/`), region };
}

/** A MailSender posting SendRawEmail itself; `fallback` (the SDK's) where it can't build the endpoint. */
export function sesRawMailSender({ client, configurationSet, maxSockets = 128, timeoutMs = 30_000 }: SesRawSenderOptions, fallback: MailSender): MailSender {
  let target: Promise<Target | null> | undefined;
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });

  return {
    async send(mail) {
      // A failed look-up (a region provider that threw) is tried again on the next send, not kept.
      const to = await (target ??= targetOf(client).catch((error: unknown) => {
        target = undefined;
        throw error;
      }));
      if (!to) return fallback.send(mail);
      const credentials = await client.config.credentials();
      const { headers, body } = sendRawEmailRequest(to, mail, configurationSet, credentials, new Date());
      let answer: { status: number; xml: string };
      try {
        answer = await post(to.url, headers, body, to.url.protocol === 'https:' ? httpsAgent : httpAgent, timeoutMs);
      } catch (error) {
        // No usable answer: SES may have sent it.
        throw new SendFailure('unknown', `SendRawEmail failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
      }
      const secrets = [credentials.sessionToken, credentials.secretAccessKey];
      if (answer.status >= 200 && answer.status < 300) {
        const messageId = text(answer.xml, 'MessageId');
        if (!messageId) throw new SendFailure('unknown', 'SES answered without a MessageId');
        return messageId;
      }
      const name = text(answer.xml, 'Code') ?? `HTTP ${answer.status}`;
      const message = text(answer.xml, 'Message') ?? '';
      const kind = classify({ name, message, $metadata: { httpStatusCode: answer.status } });
      throw new SendFailure(kind, redact(`SendRawEmail failed: ${name}: ${message}`, secrets));
    },
  };
}

/** The request's signed headers (content-length added, unsigned) and body, for `to` at `at`. */
export function sendRawEmailRequest(to: Target, mail: OutgoingMail, configurationSet: string, credentials: SigningCredentials, at: Date) {
  const body = Buffer.from(sendRawEmailBody(mail, configurationSet));
  const headers = signRequest({
    method: 'POST',
    path: to.url.pathname,
    headers: { host: to.url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    region: to.region,
    service: 'ses',
    credentials,
    at,
  });
  headers['content-length'] = String(body.length);
  return { headers, body };
}

function post(url: URL, headers: Record<string, string>, body: Buffer, agent: HttpAgent | HttpsAgent, timeoutMs: number): Promise<{ status: number; xml: string }> {
  return new Promise((resolve, reject) => {
    // An IPv6 literal is bracketed in a URL, not in a host name to connect to.
    const options = { method: 'POST', hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || undefined, path: url.pathname, headers, agent };
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, xml: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', fail);
      // A connection closed mid-answer: no 'end'; whatever came is not an answer.
      response.on('close', () => {
        if (!response.complete) fail(Object.assign(new Error('the connection closed before SES’s answer ended'), { code: 'ECONNRESET' }));
      });
    };
    const req = url.protocol === 'https:' ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer from SES within ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
      req.destroy(error);
      fail(error);
    }, timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
}
