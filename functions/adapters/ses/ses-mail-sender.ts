// The mailer's MailSender on SES v1 SendRawEmail, through the configuration set named in
// herald.config.json on every send (so that delivery, bounce and complaint events come back).
// The client must not retry on its own: a retried SendRawEmail after a lost answer is a second
// mail. Throttling is retried by the send pool (nothing was sent); everything else is classified
// for the ledger (ports.ts says what each kind means).
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { SendFailure, type MailSender, type SendFailureKind } from '#mailer/ports';

export interface SesMailSenderOptions {
  /** Built with maxAttempts: 1 (see above). */
  client: SESClient;
  configurationSet: string;
}

export function sesMailSender({ client, configurationSet }: SesMailSenderOptions): MailSender {
  return {
    async send(mail) {
      try {
        const out = await client.send(
          new SendRawEmailCommand({
            RawMessage: { Data: mail.raw },
            Destinations: [mail.to],
            ConfigurationSetName: configurationSet,
            Tags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })),
          }),
        );
        if (!out.MessageId) throw new SendFailure('unknown', 'SES answered without a MessageId');
        return out.MessageId;
      } catch (error) {
        if (error instanceof SendFailure) throw error;
        const credentials = await client.config.credentials().catch(() => undefined);
        const message = redact(`SendRawEmail failed: ${(error as Error).name}: ${(error as Error).message}`, [credentials?.sessionToken, credentials?.secretAccessKey]);
        // The cause is left out: the SDK's error carries the same message (and the request's headers).
        throw new SendFailure(classify(error), message);
      }
    },
  };
}

/** An error's message without these secrets (SES's SignatureDoesNotMatch quotes the canonical request, session token and all). */
export const redact = (message: string, secrets: ReadonlyArray<string | undefined>) =>
  secrets.reduce<string>((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), message);

const REFUSED = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetDoesNotExist',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetSendingPausedException',
  'MailFromDomainNotVerifiedException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
]);

export function classify(error: unknown): SendFailureKind {
  const { name = '', message = '', $metadata } = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (name === 'Throttling' || name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return /daily message quota/i.test(message) ? 'quota' : 'throttled';
  }
  if (name === 'MessageRejected' || name === 'MessageRejectedException') return 'rejected';
  if (REFUSED.has(name)) return 'refused';
  const status = $metadata?.httpStatusCode;
  // Any other 4xx is SES saying no to the request: it was not sent.
  if (status !== undefined && status >= 400 && status < 500) return 'refused';
  // A 5xx, a timeout, a reset connection: SES may or may not have sent it.
  return 'unknown';
}
