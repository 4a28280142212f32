// Standard Webhooks signatures (https://www.standardwebhooks.com/, spec/standard-webhooks.md):
// `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, keyed
// with the base64-decoded part of the `whsec_…` secret; one `v1,…` per current secret, separated by
// spaces, so a receiver holding either secret accepts the request during a rotation.
import { createHmac } from 'node:crypto';

const PREFIX = 'whsec_';

export class InvalidWebhookSecretError extends Error {
  readonly code = 'invalid_webhook_secret';
  constructor() {
    super('a webhook secret is `whsec_` followed by base64');
    this.name = 'InvalidWebhookSecretError';
  }
}

function key(secret: string): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (encoded === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new InvalidWebhookSecretError();
  return Buffer.from(encoded, 'base64');
}

/** `v1,<base64>` for one secret. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three headers for `body`: `id` the delivery's (the same on every retry), `timestamp` the
 * attempt's in seconds (from the injected clock), one signature per secret in `secrets` (at least one).
 */
export function signatureHeaders(input: { id: string; timestamp: number; body: string; secrets: ReadonlyArray<string> }): SignatureHeaders {
  const { id, timestamp, body, secrets } = input;
  if (secrets.length === 0) throw new InvalidWebhookSecretError();
  if (!Number.isInteger(timestamp)) throw new RangeError('webhook-timestamp is whole seconds');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signature(secret, id, timestamp, body)).join(' '),
  };
}
