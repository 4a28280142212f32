import { describe, expect, it } from 'vitest';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';

const id = subscriberIdFor('jane@example.com');
const tokens = createSubscriptionTokens(async () => 'first-secret-0123456789-0123456789-0123');
const now = 1_800_000_000;

describe('subscription tokens', () => {
  it('verify what they signed, for its purpose only', async () => {
    const confirm = await tokens.confirm(id, now + 60);
    const manage = await tokens.manage(id);
    expect(await tokens.verify(confirm, 'confirm', now)).toEqual({ ok: true, subscriberId: id });
    expect(await tokens.verify(manage, 'manage', now)).toEqual({ ok: true, subscriberId: id });
    expect(await tokens.verify(confirm, 'manage', now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify(manage, 'confirm', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse any change to the token, and a token signed with another secret', async () => {
    const manage = await tokens.manage(id);
    const flipped = [...manage].map((c, i) => (i === 5 ? (c === 'a' ? 'b' : 'a') : c)).join('');
    const other = createSubscriptionTokens(async () => 'another-secret-0123456789-0123456789-01');
    for (const bad of [flipped, manage.slice(0, -1), `${manage}A`, manage.replace(id, subscriberIdFor('john@example.com')), await other.manage(id), 'm..', '']) {
      expect(await tokens.verify(bad, 'manage', now), bad).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuse another spelling of the same signature (base64url has spare bits in its last character)', async () => {
    const manage = await tokens.manage(id);
    const last = manage.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[(alphabet.indexOf(last) & ~15) | ((alphabet.indexOf(last) + 1) & 15)]!;
    expect(Buffer.from(manage.split('.').at(-1)!.slice(0, -1) + sameBytes, 'base64url')).toEqual(Buffer.from(manage.split('.').at(-1)!, 'base64url'));
    expect(await tokens.verify(manage.slice(0, -1) + sameBytes, 'manage', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('let a confirm token expire, and never a manage token', async () => {
    expect(await tokens.verify(await tokens.confirm(id, now - 1), 'confirm', now)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.verify(await tokens.manage(id), 'manage', now + 10 * 365 * 86400)).toMatchObject({ ok: true });
  });

  it('fetch the secret once, and again after a failure', async () => {
    let calls = 0;
    const flaky = createSubscriptionTokens(async () => {
      calls++;
      if (calls === 1) throw new Error('Secrets Manager is down');
      return 'finally-a-secret-0123456789-0123456789';
    });
    await expect(flaky.manage(id)).rejects.toThrow('Secrets Manager is down');
    await flaky.manage(id);
    await flaky.manage(id);
    expect(calls).toBe(2);
  });
});
