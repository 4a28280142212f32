// The SES stand-in (aws-ses-v2-local, in-process) behind a thin pass-through listener. The
// stand-in keeps a parsed copy of each mail in memory only and drops the headers of raw sends,
// so the listener hands every message the stand-in accepted, as raw MIME, to `onMessage` and
// answers the sender only once that has resolved (e.g. the mail is on disk). If onMessage
// fails, the sender gets a 500 and can retry, as it would from SES.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createSesRateLimit, type SesLimits, type SesRateLimit } from './ses-rate-limit';
import { sentMessages, type SentMessage } from './ses-sent-messages';

export { localAwsCredentials } from './local-aws';
export type { SentMessage } from './ses-sent-messages';

export interface SesLocalOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  /** Called for every message SES accepted, before the sender gets its answer. */
  onMessage?: (message: SentMessage) => Promise<unknown>;
  /**
   * SES's sending limits (ses-rate-limit.ts): sends over MaxSendRate or the daily quota are
   * answered Throttling as SES does, and GetSendQuota is answered. None: no limits, and
   * GetSendQuota is left to the stand-in (which never answers it).
   */
  limits?: SesLimits;
  /**
   * Answer v1 SendRawEmail here (a MessageId in SES's XML; onMessage still gets the raw mail)
   * instead of passing it to the stand-in, which parses and keeps every mail (~2.6 ms of CPU a
   * mail measured by bench/mail-rate.ts, more than the mailer's own): for benchmarks, where SES's
   * work is not this machine's. Nothing is kept for /_local/mail.
   */
  answerRawSends?: boolean;
}

export interface SesLocal {
  endpoint: string;
  port: number;
  /** The enforced limits (when `limits` was given): throttling answers so far, the 24-hour count. */
  rateLimit?: SesRateLimit;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const standIn = require('aws-ses-v2-local') as {
  default: (config?: { host?: string; port?: number }) => Promise<Server>;
};

export async function startSesLocal(opts: SesLocalOptions = {}): Promise<SesLocal> {
  const inner = await standIn.default({ host: '127.0.0.1', port: 0 });
  const innerPort = (inner.address() as AddressInfo).port;
  const rateLimit = opts.limits ? createSesRateLimit(opts.limits) : undefined;

  const front = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const limited = rateLimit?.answer(new URL(req.url ?? '/', 'http://local').pathname, body);
      if (limited) {
        res.writeHead(limited.status, { 'content-type': 'text/xml', 'x-amzn-requestid': /<RequestId>([^<]+)</.exec(limited.body)?.[1] ?? '' });
        res.end(limited.body);
        return;
      }
      const upstream = (opts.answerRawSends && answeredHere(req, body)) || (await forward(innerPort, req, body));
      if (opts.onMessage && upstream.status >= 200 && upstream.status < 300) {
        try {
          const path = new URL(req.url ?? '/', 'http://local').pathname;
          for (const message of await sentMessages(path, body, upstream.body)) {
            await opts.onMessage(message);
          }
        } catch (error) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `local mail capture failed: ${String(error)}` }));
          return;
        }
      }
      res.writeHead(upstream.status, upstream.headers);
      res.end(upstream.body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`SES stand-in failed: ${String(error)}`);
    });
  });
  // Keep idle connections open as long as SES's endpoints do (about a minute), not Node's 5 s:
  // a client reusing a socket the stand-in had just closed would see a reset, which a mail
  // sender must treat as "may have been sent".
  front.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (front.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    rateLimit,
    stop: () => (stopping ??= Promise.all([close(front), close(inner)]).then(() => {})),
  };
}

/** SES's answer to a v1 SendRawEmail, made here (answerRawSends); null for any other request. */
function answeredHere(req: IncomingMessage, body: Buffer): Upstream | null {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if ((path !== '/' && path !== '') || !body.includes('Action=SendRawEmail')) return null;
  const messageId = `0100${randomBytes(8).toString('hex')}-${randomUUID()}-000000`;
  const xml =
    `<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">\n` +
    `  <SendRawEmailResult>\n    <MessageId>${messageId}</MessageId>\n  </SendRawEmailResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</SendRawEmailResponse>\n`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from(xml) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function forward(port: number, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    delete headers.expect;
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers },
      (incoming) => {
        readBody(incoming).then((responseBody) => {
          const responseHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') {
              responseHeaders[name] = value;
            }
          }
          responseHeaders['content-length'] = String(responseBody.length);
          resolve({ status: incoming.statusCode ?? 502, headers: responseHeaders, body: responseBody });
        }, reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
