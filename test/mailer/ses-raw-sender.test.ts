// The mailer's own SendRawEmail (ses-raw-sender.ts): the request the SDK would make, byte for byte
// in its body and signed as the SDK's signer signs it; then against the SES stand-in, its answers
// and SES's limits (Throttling past MaxSendRate, the daily quota) read as the SDK's sender reads them.
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRawEmailBody, sesRawMailSender } from '#adapters/ses/ses-raw-sender';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { signRequest } from '#adapters/ses/sigv4';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { startSesLocal, type SesLocal } from '#local/ses-local';
import { SendFailure, type MailSender, type OutgoingMail } from '#mailer/ports';
import { capturingSesClient } from '../support/capturing-ses-client';

const mail: OutgoingMail = {
  raw: Buffer.from('From: Herald <status@example.com>\r\nTo: jane+test@example.com\r\nSubject: [Investigating] It’s (really) down!\r\n\r\nhi *there* ~\r\n'),
  to: 'jane+test@example.com',
  tags: { 'herald-mail': 'notification', 'herald-notification': 'incident.INC-20261204-0700.1' },
};

describe('the mailer’s own SendRawEmail', () => {
  it('posts the body the SDK posts, signed as the SDK signs it (with and without a session token)', async () => {
    for (const credentials of [
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'IQoJb3JpZ2luX2VjE//token+=' },
    ]) {
      // Prepare: the SDK's request for the mail, as it would go to SES
      const { client, captured } = capturingSesClient(credentials, 'eu-west-1');
      expect(await sesMailSender({ client, configurationSet: 'herald' }).send(mail)).toBe('sdk-1');
      const sdk = captured[0]!;

      // Act: the same request, built and signed here at the SDK's x-amz-date over the headers it signed
      const authorization = sdk.headers.authorization!;
      const signed = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
      const date = sdk.headers['x-amz-date']!;
      const at = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
      const headers = Object.fromEntries(signed.filter((name) => name !== 'x-amz-date' && name !== 'x-amz-security-token').map((name) => [name, sdk.headers[name]!]));
      const ours = signRequest({ method: 'POST', path: sdk.path, headers, body: sdk.body, region: 'eu-west-1', service: 'ses', credentials, at });

      // Assess
      expect(sendRawEmailBody(mail, 'herald')).toBe(sdk.body);
      expect(ours.authorization).toBe(authorization);
      expect(ours['x-amz-security-token']).toBe(sdk.headers['x-amz-security-token']);
      client.destroy();
    }
  });

  describe('against the SES stand-in', () => {
    let ses: SesLocal;
    let client: SESClient;
    let received: Array<{ raw: Buffer; destinations: string[] }> = [];
    let sdkFallback: number;
    let standInMs = 0; // the stand-in's limits run on this clock
    const fallback: MailSender = {
      async send() {
        sdkFallback++;
        return 'fallback';
      },
    };
    beforeAll(async () => {
      ses = await startSesLocal({
        limits: { maxSendRate: 5, max24HourSend: 8, now: () => standInMs },
        onMessage: async (message) => void received.push({ raw: message.raw, destinations: message.destinations }),
      });
      client = new SESClient({ endpoint: ses.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials }, maxAttempts: 1 });
    });
    afterAll(async () => {
      client.destroy();
      await ses.stop();
    });

    it('sends the mail’s bytes to its one recipient, says Throttling past MaxSendRate and quota past the day’s', async () => {
      // Prepare
      received = [];
      sdkFallback = 0;
      const sender = sesRawMailSender({ client, configurationSet: 'herald' }, fallback);

      // Act: five sends pass SES's bucket (one second of sends), the sixth at once does not;
      // then the day's quota of 8 runs out
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await sender.send({ ...mail, to: `r${i}@example.com` }));
      const throttled = await sender.send(mail).catch((error: unknown) => error);
      standInMs += 1_100;
      for (let i = 5; i < 8; i++) ids.push(await sender.send({ ...mail, to: `r${i}@example.com` }));
      const overQuota = await sender.send(mail).catch((error: unknown) => error);

      // Assess
      expect(new Set(ids).size).toBe(8);
      expect(received.map((m) => m.destinations)).toEqual(Array.from({ length: 8 }, (_, i) => [`r${i}@example.com`]));
      expect(received.every((m) => m.raw.equals(mail.raw))).toBe(true);
      expect(throttled).toBeInstanceOf(SendFailure);
      expect((throttled as SendFailure).kind).toBe('throttled');
      expect((overQuota as SendFailure).kind).toBe('quota');
      expect(sdkFallback).toBe(0);
    });

    it('gets a MessageId from a stand-in that answers sends itself, which passes on the mail and counts the rate', async () => {
      // Prepare: a stand-in answering SendRawEmail in front (bench/mail-rate.ts's), at 2 a second
      const passed: Array<{ messageId: string; raw: Buffer; destinations: string[]; tags?: Record<string, string> }> = [];
      const ms = 0; // the stand-in's clock stands still: two sends fill its bucket
      const answering = await startSesLocal({ answerRawSends: true, limits: { maxSendRate: 2, now: () => ms }, onMessage: async (m) => void passed.push(m) });
      const own = new SESClient({ endpoint: answering.endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
      const sender = sesRawMailSender({ client: own, configurationSet: 'herald' }, fallback);

      // Act
      const ids = [await sender.send(mail), await sender.send({ ...mail, to: 'bo@example.com' })];
      const third = await sender.send(mail).catch((error: unknown) => error);

      // Assess
      expect(passed.map((m) => [m.messageId, m.destinations, m.raw.equals(mail.raw), m.tags])).toEqual([
        [ids[0], ['jane+test@example.com'], true, mail.tags],
        [ids[1], ['bo@example.com'], true, mail.tags],
      ]);
      expect((third as SendFailure).kind).toBe('throttled');
      own.destroy();
      await answering.stop();
    });

    it('says unknown when the connection fails (SES may have sent it), and leaves FIPS endpoints to the SDK’s sender', async () => {
      sdkFallback = 0;
      const closed = new SESClient({ endpoint: 'http://127.0.0.1:9', region: localAwsRegion, credentials: { ...localAwsCredentials } });
      const failure = await sesRawMailSender({ client: closed, configurationSet: 'herald' }, fallback)
        .send(mail)
        .catch((error: unknown) => error);
      expect((failure as SendFailure).kind).toBe('unknown');
      const fips = new SESClient({ region: 'us-east-1', useFipsEndpoint: true, credentials: { ...localAwsCredentials } });
      expect(await sesRawMailSender({ client: fips, configurationSet: 'herald' }, fallback).send(mail)).toBe('fallback');
      expect(sdkFallback).toBe(1);
      closed.destroy();
      fips.destroy();
    });
  });
});
