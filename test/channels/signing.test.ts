import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { InvalidWebhookSecretError, signature, signatureHeaders } from '#channels/signing';
import { SECRET_A, SECRET_B, TIMESTAMP } from '../fixtures/channels/builders.ts';

// The library refuses timestamps more than 5 minutes from its clock: its clock is the attempt's.
beforeEach(() => {
  vi.useFakeTimers({ now: TIMESTAMP * 1000, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const body = JSON.stringify({ incident: { id: 'INC-20261127-0800', name: 'Checkout errors' } });

describe('signatureHeaders', () => {
  it('matches the Standard Webhooks reference example', () => {
    // The specification's worked example (standard-webhooks spec, "Signature scheme").
    expect(signature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('is accepted by the standardwebhooks verifier with one secret', () => {
    const headers = signatureHeaders({ id: 'msg_1', timestamp: TIMESTAMP, body, secrets: [SECRET_A] });

    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(TIMESTAMP));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(SECRET_A).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with both secrets during a rotation, each accepted by the verifier', () => {
    const headers = signatureHeaders({ id: 'msg_2', timestamp: TIMESTAMP, body, secrets: [SECRET_B, SECRET_A] });

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(SECRET_A).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(SECRET_B).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('is refused for a tampered body, another id or timestamp, or another secret', () => {
    const headers = signatureHeaders({ id: 'msg_3', timestamp: TIMESTAMP, body, secrets: [SECRET_A] });
    const verifier = new Webhook(SECRET_A);

    expect(() => verifier.verify(body.replace('Checkout', 'Checkin'), { ...headers })).toThrow();
    expect(() => verifier.verify(body, { ...headers, 'webhook-id': 'msg_4' })).toThrow();
    expect(() => verifier.verify(body, { ...headers, 'webhook-timestamp': String(TIMESTAMP + 1) })).toThrow();
    expect(() => new Webhook(SECRET_B).verify(body, { ...headers })).toThrow();
  });

  it('keeps the same id across attempts and signs each attempt at its own timestamp', () => {
    const first = signatureHeaders({ id: 'msg_5', timestamp: TIMESTAMP - 60, body, secrets: [SECRET_A] });
    const retry = signatureHeaders({ id: 'msg_5', timestamp: TIMESTAMP, body, secrets: [SECRET_A] });

    expect(retry['webhook-id']).toBe(first['webhook-id']);
    expect(retry['webhook-signature']).not.toBe(first['webhook-signature']);
    expect(() => new Webhook(SECRET_A).verify(body, { ...retry })).not.toThrow();
  });

  it('refuses to sign without a secret or with a malformed one', () => {
    expect(() => signatureHeaders({ id: 'm', timestamp: TIMESTAMP, body, secrets: [] })).toThrow(InvalidWebhookSecretError);
    expect(() => signatureHeaders({ id: 'm', timestamp: TIMESTAMP, body, secrets: ['whsec_not base64!'] })).toThrow(InvalidWebhookSecretError);
  });
});
