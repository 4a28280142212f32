// The mailer's own SendRawEmail (ses-raw-sender.ts) against hostile and broken answers from a
// loopback HTTP server: each answer is classified as the SDK's sender (ses-mail-sender.ts)
// classifies the SDK's reading of the same answer, so the ledger acts the same; no send waits for
// ever; a failure's message carries no secret; credentials come through the client's provider.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { sesRawMailSender } from '#adapters/ses/ses-raw-sender';
import { SendFailure, type MailSender, type OutgoingMail } from '#mailer/ports';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const mail: OutgoingMail = {
  raw: Buffer.from('From: a@example.com\r\nTo: b@example.com\r\nSubject: s\r\n\r\nbody\r\n'),
  to: 'b@example.com',
  tags: { 'herald-mail': 'notification' },
};
const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjE//SECRETTOKEN+=' };
const noFallback: MailSender = {
  send: () => Promise.reject(new Error('the SDK fallback was used')),
};
const TIMEOUT_MS = 300;

const xml = (status: number, body: string): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(body);
};
const error = (code: string, message: string, type = 'Sender') =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
const ok = (id: string) =>
  `<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>${id}</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></SendRawEmailResponse>`;
const html = (status: number): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/html' });
  res.end(`<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`);
};

let server: Server;
let endpoint: string;
let answer: Answer = xml(200, ok('m-1'));
const sockets = new Set<import('node:net').Socket>();
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** What a send comes to: its MessageId, or the failure's kind. */
async function outcome(sender: MailSender): Promise<string> {
  try {
    return `id ${await sender.send(mail)}`;
  } catch (failure) {
    return failure instanceof SendFailure ? failure.kind : `not a SendFailure: ${String(failure)}`;
  }
}

function senders() {
  // The SDK's own timeout, thrown (its default is none at all: it would wait for ever as well)
  const sdkClient = new SESClient({
    endpoint,
    region: 'eu-west-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  const rawClient = new SESClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });
  return {
    sdk: sesMailSender({ client: sdkClient, configurationSet: 'herald' }),
    raw: sesRawMailSender({ client: rawClient, configurationSet: 'herald', timeoutMs: TIMEOUT_MS }, noFallback),
    destroy: () => {
      sdkClient.destroy();
      rawClient.destroy();
    },
  };
}

/** Where the two differ, knowingly: [ours, the SDK's]. */
type Expected = string | [string, string];
const CASES: Array<[string, Answer, Expected]> = [
  ['a MessageId', xml(200, ok('0102-abc')), 'id 0102-abc'],
  ['a MessageId with an entity in it', xml(200, ok('a&amp;b')), 'id a&b'],
  ['Throttling', xml(400, error('Throttling', 'Maximum sending rate exceeded.')), 'throttled'],
  ['Throttling for the day’s quota', xml(400, error('Throttling', 'Daily message quota exceeded.')), 'quota'],
  ['the quota, its message spelled with numeric entities', xml(400, error('Throttling', 'Daily mess&#97;ge &#x71;uota exceeded.')), 'quota'],
  ['the code in CDATA', xml(400, error('<![CDATA[Throttling]]>', 'Maximum sending rate exceeded.')), 'throttled'],
  ['the quota message in CDATA', xml(400, error('Throttling', '<![CDATA[Daily message quota exceeded <now>.]]>')), 'quota'],
  ['MessageRejected with entities', xml(400, error('MessageRejected', 'Email address is not verified: &lt;a@example.com&gt; &amp; more')), 'rejected'],
  ['a code with entities (not one SES has)', xml(400, error('Thrott&#108;ing', 'x')), 'throttled'],
  ['SignatureDoesNotMatch', xml(403, error('SignatureDoesNotMatch', 'The request signature we calculated does not match')), 'refused'],
  ['an unknown 4xx code', xml(400, error('InvalidParameterValue', 'Illegal address')), 'refused'],
  ['a 5xx with SES’s XML', xml(500, error('InternalFailure', 'oops', 'Receiver')), 'unknown'],
  ['ServiceUnavailable 503', xml(503, error('ServiceUnavailable', 'Service is unavailable')), 'unknown'],
  ['a 500 without a body', xml(500, ''), 'unknown'],
  ['a 403 without a body', xml(403, ''), 'refused'],
  ['a 200 without a body', xml(200, ''), 'unknown'],
  ['a 200 without a MessageId', xml(200, '<SendRawEmailResponse><SendRawEmailResult></SendRawEmailResult></SendRawEmailResponse>'), 'unknown'],
  ['a 200 with an empty MessageId', xml(200, ok('')), 'unknown'],
  ['a 200 of HTML from a proxy', html(200), 'unknown'],
  ['a 502 of HTML from a proxy', html(502), 'unknown'],
  ['a 403 of HTML from a proxy', html(403), 'refused'],
  ['a 429 of HTML from a proxy', html(429), 'refused'],
  ['a 500 of 5 MB', xml(500, `<ErrorResponse><Error><Code>InternalFailure</Code><Message>${'x'.repeat(5 * 1024 * 1024)}</Message></Error></ErrorResponse>`), 'unknown'],
  // The SDK's XML parser throws on it and the 400 alone decides; ours reads the Code. Both: not sent.
  ['a 400 of malformed XML', xml(400, '<ErrorResponse><Error><Code>Throttling</Code><Message>unclosed'), ['throttled', 'refused']],
  [
    'a connection reset mid-answer',
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '10000' });
      res.write(ok('half').slice(0, 60));
      setTimeout(() => res.socket?.destroy(), 20);
    },
    'unknown',
  ],
  ['a connection reset before any answer', (req) => req.socket.destroy(), 'unknown'],
  ['an answer that never comes', () => undefined, 'unknown'],
  [
    'an answer that starts and never ends',
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<SendRawEmailResponse>');
    },
    // The SDK's requestTimeout ends with the answer's head: it waits on the body for ever
    ['unknown', 'still waiting'],
  ],
];

describe('SES’s answers to the mailer’s own SendRawEmail', () => {
  it.each(CASES)('%s: as the SDK’s sender says', async (_name, given, expected) => {
    // Prepare
    answer = given;
    const { sdk, raw, destroy } = senders();

    // Act
    const started = performance.now();
    const ours = await outcome(raw);
    const ms = performance.now() - started;
    let wait: NodeJS.Timeout | undefined;
    const theirs = await Promise.race([outcome(sdk), new Promise<string>((resolve) => (wait = setTimeout(() => resolve('still waiting'), TIMEOUT_MS + 2_000)))]);
    clearTimeout(wait);
    destroy();

    // Assess: what the ledger acts on, and no send outlives its timeout
    const [mine, sdks] = typeof expected === 'string' ? [expected, expected] : expected;
    expect({ ours, theirs }).toEqual({ ours: mine, theirs: sdks });
    expect(ms).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('says no secret in a failure’s message, though SES quotes the canonical request with the token (either sender)', async () => {
    // Prepare: SES's query-protocol SignatureDoesNotMatch quotes what it signed, session token included
    answer = (req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        error(
          'SignatureDoesNotMatch',
          `The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/\n\nhost:${req.headers.host}\nx-amz-security-token:${String(req.headers['x-amz-security-token'])}\n'\n\nAlso: ${credentials.secretAccessKey}`,
        ),
      );
    };
    const { raw, sdk, destroy } = senders();

    // Act
    const failures = [(await raw.send(mail).catch((e: unknown) => e)) as SendFailure, (await sdk.send(mail).catch((e: unknown) => e)) as SendFailure];
    destroy();

    // Assess: what the mailer logs (the message, and the error as a whole)
    for (const failure of failures) {
      expect(failure.kind).toBe('refused');
      expect(failure.message).toContain('x-amz-security-token:[redacted]');
      expect(String(failure)).not.toContain(credentials.sessionToken);
      expect(String(failure)).not.toContain(credentials.secretAccessKey);
      expect(JSON.stringify({ cause: failure.cause })).not.toContain(credentials.sessionToken);
    }
  });
});

describe('an endpoint at an IPv6 literal', () => {
  it('is reached, as the SDK reaches it (the brackets were taken for a host name: ENOTFOUND, unknown)', async () => {
    // Prepare: a stand-in on ::1
    const v6 = createServer((req, res) => {
      req.resume();
      req.on('end', () => xml(200, ok(`v6 ${req.headers.host}`))(req, res));
    });
    await new Promise<void>((resolve) => v6.listen(0, '::1', resolve));
    const port = (v6.address() as AddressInfo).port;
    const client = new SESClient({ endpoint: `http://[::1]:${port}`, region: 'eu-west-1', credentials, maxAttempts: 1 });

    // Act
    const ours = await outcome(sesRawMailSender({ client, configurationSet: 'herald', timeoutMs: 2_000 }, noFallback));
    const theirs = await outcome(sesMailSender({ client, configurationSet: 'herald' }));
    client.destroy();
    await new Promise((resolve) => v6.close(resolve));

    // Assess
    expect({ ours, theirs }).toEqual({ ours: `id v6 [::1]:${port}`, theirs: `id v6 [::1]:${port}` });
  });
});

describe('credentials and region through the client', () => {
  it('refreshes credentials that have expired through the client’s provider, and keeps ones that have not', async () => {
    // Prepare: record the key each request is signed with
    const keys: string[] = [];
    answer = (req, res) => {
      keys.push(/Credential=([^/]+)\//.exec(String(req.headers.authorization))![1]!);
      xml(200, ok('m'))(req, res);
    };
    let calls = 0;
    const provider = (expiration: Date) => async () => {
      calls++;
      return { accessKeyId: `AKID${calls}`, secretAccessKey: `secret${calls}`, expiration };
    };
    const expired = new SESClient({ endpoint, region: 'eu-west-1', credentials: provider(new Date(0)) });
    const expiring = sesRawMailSender({ client: expired, configurationSet: 'herald' }, noFallback);

    // Act: three sends with credentials that are already past their expiration, then three with lasting ones
    for (let i = 0; i < 3; i++) await expiring.send(mail);
    const lasting = new SESClient({ endpoint, region: 'eu-west-1', credentials: provider(new Date(Date.UTC(3000, 0, 1))) });
    const kept = sesRawMailSender({ client: lasting, configurationSet: 'herald' }, noFallback);
    for (let i = 0; i < 3; i++) await kept.send(mail);
    expired.destroy();
    lasting.destroy();

    // Assess: a new key for each send while expired; one key throughout while not
    expect(new Set(keys.slice(0, 3)).size).toBe(3);
    expect(new Set(keys.slice(3)).size).toBe(1);
    expect(keys.slice(0, 3)).not.toContain(keys[3]);
  });

  it('tries the region again after its provider failed once, rather than failing every send after', async () => {
    // Prepare
    answer = xml(200, ok('after'));
    let asked = 0;
    const client = new SESClient({
      endpoint,
      credentials,
      region: async () => {
        if (asked++ === 0) throw new Error('no region yet');
        return 'eu-west-1';
      },
    });
    const sender = sesRawMailSender({ client, configurationSet: 'herald' }, noFallback);

    // Act
    const first = await sender.send(mail).catch((e: unknown) => e);
    const second = await outcome(sender);
    client.destroy();

    // Assess
    expect(String(first)).toContain('no region yet');
    expect(second).toBe('id after');
  });
});
