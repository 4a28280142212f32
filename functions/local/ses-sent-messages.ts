// What a request that the SES stand-in accepted sent, as raw MIME. Raw sends (v1 SendRawEmail,
// v2 SendEmail with Content.Raw) carry the exact bytes; for simple and templated sends SES itself
// composes the message, so we let the stand-in compose it from what it stored.
import { createRequire } from 'node:module';

export interface SentMessage {
  /** The MessageId SES answered. */
  messageId: string;
  /** The message as SES received or composed it (RFC 5322, headers included). */
  raw: Buffer;
  /** Envelope recipients named in the request (Destinations), if any. */
  destinations: string[];
  /** The message tags of a SendRawEmail (Tags.member.N), as SES publishes them with its events. */
  tags?: Record<string, string>;
}

interface StandInEmail {
  messageId: string;
}
const require = createRequire(import.meta.url);
const store = require('aws-ses-v2-local/dist/store') as {
  getStoreReadonly(): { emails: StandInEmail[] };
};
const eml = require('aws-ses-v2-local/dist/emlFile') as {
  createEmlContent(email: StandInEmail): Promise<{ body: Buffer | string }>;
};

/** The messages an accepted (2xx) SES request sent; [] for anything that is not a send. */
export async function sentMessages(path: string, requestBody: Buffer, responseBody: Buffer): Promise<SentMessage[]> {
  if (path === '/' || path === '') return v1Sends(requestBody, responseBody);
  if (path === '/v2/email/outbound-emails') return v2Send(requestBody, responseBody);
  if (path === '/v2/email/outbound-bulk-emails') return v2BulkSend(requestBody, responseBody);
  return [];
}

async function v1Sends(requestBody: Buffer, responseBody: Buffer): Promise<SentMessage[]> {
  const params = new URLSearchParams(requestBody.toString('utf8'));
  const action = params.get('Action');
  if (action !== 'SendRawEmail' && action !== 'SendEmail') return [];
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(responseBody.toString('utf8'))?.[1];
  if (!messageId) return [];
  if (action === 'SendRawEmail') {
    const raw = Buffer.from(params.get('RawMessage.Data') ?? '', 'base64');
    return [{ messageId, raw, destinations: members(params, 'Destinations.member.'), tags: tagsOf(params) }];
  }
  const destinations = ['To', 'Cc', 'Bcc'].flatMap((kind) =>
    members(params, `Destination.${kind}Addresses.member.`),
  );
  return [{ messageId, raw: await composedByStandIn(messageId), destinations }];
}

interface V2Destination {
  ToAddresses?: string[];
  CcAddresses?: string[];
  BccAddresses?: string[];
}

async function v2Send(requestBody: Buffer, responseBody: Buffer): Promise<SentMessage[]> {
  const request = JSON.parse(requestBody.toString('utf8')) as {
    Content?: { Raw?: { Data?: string } };
    Destination?: V2Destination;
  };
  const { MessageId: messageId } = JSON.parse(responseBody.toString('utf8')) as { MessageId?: string };
  if (!messageId) return [];
  const destinations = addresses(request.Destination);
  const rawData = request.Content?.Raw?.Data;
  const raw = rawData ? Buffer.from(rawData, 'base64') : await composedByStandIn(messageId);
  return [{ messageId, raw, destinations }];
}

async function v2BulkSend(requestBody: Buffer, responseBody: Buffer): Promise<SentMessage[]> {
  const request = JSON.parse(requestBody.toString('utf8')) as {
    BulkEmailEntries?: Array<{ Destination?: V2Destination }>;
  };
  const response = JSON.parse(responseBody.toString('utf8')) as {
    BulkEmailEntryResults?: Array<{ MessageId?: string; Status?: string }>;
  };
  const sent: SentMessage[] = [];
  for (const [index, result] of (response.BulkEmailEntryResults ?? []).entries()) {
    if (result.Status !== 'SUCCESS' || !result.MessageId) continue;
    sent.push({
      messageId: result.MessageId,
      raw: await composedByStandIn(result.MessageId),
      destinations: addresses(request.BulkEmailEntries?.[index]?.Destination),
    });
  }
  return sent;
}

async function composedByStandIn(messageId: string): Promise<Buffer> {
  const email = store.getStoreReadonly().emails.find((candidate) => candidate.messageId === messageId);
  if (!email) throw new Error(`the SES stand-in has no message ${messageId}`);
  const { body } = await eml.createEmlContent(email);
  return Buffer.isBuffer(body) ? body : Buffer.from(body);
}

function members(params: URLSearchParams, prefix: string): string[] {
  return [...params.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}

function addresses(destination: V2Destination | undefined): string[] {
  return [
    ...(destination?.ToAddresses ?? []),
    ...(destination?.CcAddresses ?? []),
    ...(destination?.BccAddresses ?? []),
  ];
}

/** `Tags.member.1.Name=herald-mail&Tags.member.1.Value=notification` → { 'herald-mail': 'notification' }. */
function tagsOf(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, name] of params.entries()) {
    const match = /^Tags\.member\.(\d+)\.Name$/.exec(key);
    if (match) tags[name] = params.get(`Tags.member.${match[1]}.Value`) ?? '';
  }
  return tags;
}
