// The mailer's own SendRawEmail request (ses-raw-sender.ts, sigv4.ts) against the one the SDK's
// SendRawEmailCommand makes, for many generated inputs (a seeded generator: the same cases every
// run): addresses with + % = & quotes, unicode and IDN, very long; tags with characters SES
// allows and ones it refuses; configuration set names; regions; custom endpoints with ports and
// paths; credentials with and without a session token; raw mails of every byte value, empty and
// 10 MB. The SDK's request is kept by a request handler that never reaches the network.
import { describe, expect, it } from 'vitest';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { sendRawEmailBody, sendRawEmailRequest, targetOf } from '#adapters/ses/ses-raw-sender';
import { signRequest } from '#adapters/ses/sigv4';
import type { OutgoingMail } from '#mailer/ports';
import { seededRandom } from '../../support/seeded-random';
import { capturingSesClient, type SesCredentials as Credentials } from '../../support/capturing-ses-client';

const LOCAL_CHARS = [...'abcXYZ019.+%=&"\'!#$*()/?^_`{|}~- ', 'ö', '日', '🚨', ','];
const DOMAINS = ['example.com', 'bücher.example', 'xn--bcher-kva.example', 'sub.example.co.uk', `${'long-label-'.repeat(20)}example.org`];
const TAG_CHARS = [...'abcXYZ019_-.@', ...' =&%+/:;,"<>', 'é', '✓', '🚨'];
const CONFIGURATION_SETS = ['herald', 'my-set_1', 'with space', 'ünïcødé', 'a&b=c', 'x'.repeat(64)];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1', 'cn-north-1', 'us-gov-west-1'];
const ENDPOINTS = [
  undefined,
  undefined,
  'http://127.0.0.1:4566',
  'https://ses-proxy.example:8443/base/',
  'https://ses-proxy.example/base/path',
  'https://ses-proxy.example:443/',
  'http://localhost:80/x',
  'https://vpce-0a1b.email.eu-west-1.vpce.amazonaws.com',
  'http://localhost:9000/a%20b/c~d/',
  'http://localhost:9000/x/./y/../z/',
  'http://localhost:9000/a//b/',
  "http://localhost:9000/it's(1)*!/",
  'http://[::1]:4566',
  'https://[2001:db8::1]/ses/',
];

function generated(seed: number) {
  const rng = seededRandom(seed);
  const address = rng.int(10) === 0 ? `${'a'.repeat(900)}@${rng.pick(DOMAINS)}` : `${rng.string(LOCAL_CHARS, 1, 40)}@${rng.pick(DOMAINS)}`;
  const tags: Record<string, string> = {};
  for (let i = rng.int(4); i > 0; i--) tags[rng.string(TAG_CHARS, 1, 20)] = rng.string(TAG_CHARS, 0, 40);
  const size = rng.pick([0, 1, 2, 3, 57, 100, 1000, 5000]);
  const raw = rng.int(8) === 0 ? Buffer.from(Array.from({ length: 256 }, (_, i) => i)) : Buffer.from(Array.from({ length: size }, () => rng.int(256)));
  const credentials: Credentials = {
    accessKeyId: `AKIA${rng.string([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'], 16, 16)}`,
    secretAccessKey: rng.string([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+='], 40, 40),
    ...(rng.int(2) ? { sessionToken: rng.string([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+='], 20, 400) } : {}),
  };
  return {
    mail: { raw, to: address, tags } satisfies OutgoingMail,
    configurationSet: rng.pick(CONFIGURATION_SETS),
    region: rng.pick(REGIONS),
    endpoint: rng.pick(ENDPOINTS),
    credentials,
  };
}

/** `YYYYMMDDTHHMMSSZ` back to a Date. */
const fromAmzDate = (date: string) =>
  new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);

async function compare(input: ReturnType<typeof generated>) {
  const { client, captured } = capturingSesClient(input.credentials, input.region, input.endpoint);
  try {
    const target = await targetOf(client);
    await sesMailSender({ client, configurationSet: input.configurationSet }).send(input.mail);
    const sdk = captured[0]!;
    if (!target) {
      // Left to the SDK's sender (other partitions, GovCloud): nothing of ours to compare
      expect(input.endpoint).toBeUndefined();
      return 'fallback';
    }

    // Where it goes, what it carries, and the headers both send, at the SDK's x-amz-date
    const at = fromAmzDate(sdk.headers['x-amz-date']!);
    const ours = sendRawEmailRequest(target, input.mail, input.configurationSet, input.credentials, at);
    expect(`${target.url.protocol}//${target.url.host}${target.url.pathname}`).toBe(`${sdk.protocol}//${sdk.hostname}${sdk.port ? `:${sdk.port}` : ''}${sdk.path}`);
    expect(ours.body.toString()).toBe(sdk.body);
    for (const name of ['host', 'content-type', 'content-length', 'x-amz-date', 'x-amz-security-token']) expect([name, ours.headers[name]]).toEqual([name, sdk.headers[name]]);

    // The signature: sigv4.ts over the headers the SDK signed gives the SDK's Authorization
    const signed = /SignedHeaders=([^,]+)/.exec(sdk.headers.authorization!)![1]!.split(';');
    const headers = Object.fromEntries(signed.filter((name) => name !== 'x-amz-date' && name !== 'x-amz-security-token').map((name) => [name, sdk.headers[name]!]));
    const resigned = signRequest({ method: 'POST', path: sdk.path, headers, body: sdk.body, region: target.region, service: 'ses', credentials: input.credentials, at });
    expect(resigned.authorization).toBe(sdk.headers.authorization);
    return 'compared';
  } finally {
    client.destroy();
  }
}

describe('the mailer’s own SendRawEmail request, against the SDK’s', () => {
  it('is the SDK’s request for 400 generated inputs: where it goes, body, headers and signature', async () => {
    const outcomes: Record<string, number> = {};
    for (let seed = 1; seed <= 400; seed++) {
      const input = generated(seed);
      const outcome = await compare(input).catch((error: unknown) => {
        throw new Error(`seed ${seed}: ${JSON.stringify({ ...input, mail: { ...input.mail, raw: input.mail.raw.length } })}`, { cause: error });
      });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    expect(outcomes.compared).toBeGreaterThan(250);
  });

  it('is the SDK’s request for an empty mail, a 10 MB one, and every byte value', async () => {
    const base = generated(7);
    for (const raw of [Buffer.alloc(0), Buffer.from(Array.from({ length: 10 * 1024 * 1024 }, (_, i) => (i * 7919) & 0xff)), Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i))]) {
      expect(await compare({ ...base, region: 'eu-west-1', endpoint: undefined, mail: { ...base.mail, raw } })).toBe('compared');
    }
  });

  it('fails, as the SDK does, on an address with a lone surrogate (it can’t be URL-encoded), before anything is sent', async () => {
    const { client, captured } = capturingSesClient(generated(3).credentials, 'eu-west-1');
    const mail: OutgoingMail = { raw: Buffer.from('x'), to: 'a\ud800@example.com', tags: {} };
    expect(() => sendRawEmailBody(mail, 'herald')).toThrow(URIError);
    await expect(sesMailSender({ client, configurationSet: 'herald' }).send(mail)).rejects.toThrow(/URI/);
    expect(captured).toHaveLength(0);
    client.destroy();
  });
});
