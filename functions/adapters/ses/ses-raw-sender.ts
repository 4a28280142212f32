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
import { classify } from './ses-mail-sender';
import { signRequest } from './sigv4';

export interface SesRawSenderOptions {
  /** Supplies credentials, region and any custom endpoint (its own requests are not used). */
  client: SESClient;
  configurationSet: string;
  /** Sockets kept open (default 128: every send the pool has in flight, with room). */
  maxSockets?: number;
}

interface Target {
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
  return `${body}&ConfigurationSetName=${encode(configurationSet)}`;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const text = (xml: string, tag: string) => {
  const found = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  return found?.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => entities[name]!);
};

/**
 * Where SendRawEmail goes: the client's custom endpoint, or SES's regional one; null when the
 * client is set up for an endpoint this path does not build (FIPS, dual-stack, other partitions).
 */
async function targetOf(client: SESClient): Promise<Target | null> {
  const { config } = client;
  const region = await config.region();
  if (config.endpoint) {
    const endpoint = await config.endpoint();
    const url = new URL(`${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path || '/'}`);
    return { url, region };
  }
  if ((await config.useFipsEndpoint()) || (await config.useDualstackEndpoint()) || !/^[a-z]{2}-[a-z]+-\d$/.test(region) || region.startsWith('cn-')) return null;
  return { url: new URL(`https://email.${region}.amazonaws.com/`), region };
}

/** A MailSender posting SendRawEmail itself; `fallback` (the SDK's) where it can't build the endpoint. */
export function sesRawMailSender({ client, configurationSet, maxSockets = 128 }: SesRawSenderOptions, fallback: MailSender): MailSender {
  let target: Promise<Target | null> | undefined;
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });

  return {
    async send(mail) {
      const to = await (target ??= targetOf(client));
      if (!to) return fallback.send(mail);
      const credentials = await client.config.credentials();
      const body = Buffer.from(sendRawEmailBody(mail, configurationSet));
      const headers = signRequest({
        method: 'POST',
        path: to.url.pathname,
        headers: { host: to.url.host, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        region: to.region,
        service: 'ses',
        credentials,
        at: new Date(),
      });
      headers['content-length'] = String(body.length);
      let answer: { status: number; xml: string };
      try {
        answer = await post(to.url, headers, body, to.url.protocol === 'https:' ? httpsAgent : httpAgent);
      } catch (error) {
        // No usable answer: SES may have sent it.
        throw new SendFailure('unknown', `SendRawEmail failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
      }
      if (answer.status >= 200 && answer.status < 300) {
        const messageId = text(answer.xml, 'MessageId');
        if (!messageId) throw new SendFailure('unknown', 'SES answered without a MessageId');
        return messageId;
      }
      const name = text(answer.xml, 'Code') ?? `HTTP ${answer.status}`;
      const message = text(answer.xml, 'Message') ?? '';
      throw new SendFailure(classify({ name, message, $metadata: { httpStatusCode: answer.status } }), `SendRawEmail failed: ${name}: ${message}`);
    },
  };
}

function post(url: URL, headers: Record<string, string>, body: Buffer, agent: HttpAgent | HttpsAgent): Promise<{ status: number; xml: string }> {
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', hostname: url.hostname, port: url.port || undefined, path: url.pathname, headers, agent };
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, xml: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    };
    const req = url.protocol === 'https:' ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
    req.on('error', reject);
    req.end(body);
  });
}
