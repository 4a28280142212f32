// What the mailer asks SES for: SendRawEmail through the configuration set, one recipient, tags,
// and no retries by the SDK (a retried send after a lost answer would be a second mail).
import { SESClient, type SendRawEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { sesMailerDeps } from '#adapters/ses/mailer-deps';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { createAppDeps } from '#app/deps';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';
import { parseConfig } from '#config/config';
import { SendFailure } from '#mailer/ports';
import type { Store } from '#app/ports/store';
import rawConfig from '../../herald.config.json' with { type: 'json' };

/** An SES client whose `send` is replaced: records the command, answers as told. */
function recordingClient(answer: () => Promise<unknown>) {
  const client = new SESClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const sent: SendRawEmailCommand[] = [];
  client.send = (async (command: SendRawEmailCommand) => {
    sent.push(command);
    return answer();
  }) as typeof client.send;
  return { client, sent };
}

describe('the SES sender', () => {
  it('sends raw mail through the configuration set to the one recipient, with its tags', async () => {
    const { client, sent } = recordingClient(async () => ({ MessageId: 'ses-1' }));
    const sender = sesMailSender({ client, configurationSet: 'herald' });
    const raw = new TextEncoder().encode('From: a@example.com\r\n\r\nhi');
    expect(await sender.send({ raw, to: 'jane@example.com', tags: { 'herald-mail': 'notification' } })).toBe('ses-1');
    expect(sent[0]!.input).toEqual({
      RawMessage: { Data: raw },
      Destinations: ['jane@example.com'],
      ConfigurationSetName: 'herald',
      Tags: [{ Name: 'herald-mail', Value: 'notification' }],
    });
  });

  it('turns SES errors into the failures the ledger acts on', async () => {
    const throttling = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    const { client } = recordingClient(async () => {
      throw throttling;
    });
    const failure = await sesMailSender({ client, configurationSet: 'herald' })
      .send({ raw: new Uint8Array(), to: 'x@example.com', tags: {} })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SendFailure);
    expect((failure as SendFailure).kind).toBe('throttled');
  });

  it('is built without SDK retries, from the config unless MAIL_FROM and the set are given', async () => {
    const config = parseConfig(rawConfig);
    const app = createAppDeps({} as Store, config);
    const tokens = createSubscriptionTokens(async () => 'x'.repeat(40));
    const plain = sesMailerDeps({ app, tokens, fallbackSendRate: 1, ses: { region: 'us-east-1' } });
    expect(await plain.ses.config.maxAttempts()).toBe(1);
    expect(plain.from).toBe(config.email.from);
    const deployed = sesMailerDeps({ app, tokens, fallbackSendRate: 1, ses: { region: 'us-east-1' }, from: 'Acme Status <status@acme.example>' });
    expect(deployed.from).toBe('Acme Status <status@acme.example>');
    plain.ses.destroy();
    deployed.ses.destroy();
  });
});
