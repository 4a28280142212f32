import { describe, expect, it } from 'vitest';
import { subscriberIdFor } from '#app/subscriptions/email-address';
import { MANAGE_TOKEN_DAYS } from '#app/subscriptions/subscriber';
import { createSubscriptionTokens } from '#app/subscriptions/tokens';

const id = subscriberIdFor('jane@example.com');
const tokens = createSubscriptionTokens(async () => 'first-secret-0123456789-0123456789-0123');
const now = 1_800_000_000;
const epoch = 1_799_000_000_123;
const claims = { subscriberId: id, epoch, issuedAt: now };
const YEAR = MANAGE_TOKEN_DAYS * 86_400;

describe('subscription tokens', () => {
  it('verify what they signed, for its purpose only', async () => {
    const confirm = await tokens.confirm(id, now + 60);
    const manage = await tokens.manage(claims);
    expect(await tokens.verify(confirm, 'confirm', now)).toEqual({ ok: true, subscriberId: id, expiresAt: now + 60 });
    expect(await tokens.verify(manage, 'manage', now)).toEqual({ ok: true, ...claims });
    expect(await tokens.verify(confirm, 'manage', now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify(manage, 'confirm', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse any change to the token, and a token signed with another secret', async () => {
    const manage = await tokens.manage(claims);
    const flipped = [...manage].map((c, i) => (i === 5 ? (c === 'a' ? 'b' : 'a') : c)).join('');
    const other = createSubscriptionTokens(async () => 'another-secret-0123456789-0123456789-01');
    const bad = [
      flipped,
      manage.slice(0, -1),
      `${manage}A`,
      manage.replace(id, subscriberIdFor('john@example.com')),
      manage.replace(`.${epoch}.`, `.${epoch + 1}.`), // another epoch
      manage.replace(`.${now}.`, `.${now + YEAR}.`), // a younger issue time
      manage.replace(`.${epoch}.${now}.`, '.'), // the old shape, without epoch and issue time
      await other.manage(claims),
      'm..',
      '',
    ];
    for (const token of bad) {
      expect(await tokens.verify(token, 'manage', now), token).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuse another spelling of the same signature (base64url has spare bits in its last character)', async () => {
    const manage = await tokens.manage(claims);
    const last = manage.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[(alphabet.indexOf(last) & ~15) | ((alphabet.indexOf(last) + 1) & 15)]!;
    expect(Buffer.from(manage.split('.').at(-1)!.slice(0, -1) + sameBytes, 'base64url')).toEqual(Buffer.from(manage.split('.').at(-1)!, 'base64url'));
    expect(await tokens.verify(manage.slice(0, -1) + sameBytes, 'manage', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('let a confirm token expire, and a manage token a year after it was issued', async () => {
    expect(await tokens.verify(await tokens.confirm(id, now - 1), 'confirm', now)).toEqual({ ok: false, reason: 'expired' });
    const manage = await tokens.manage(claims);
    expect(await tokens.verify(manage, 'manage', now + YEAR - 1)).toMatchObject({ ok: true });
    expect(await tokens.verify(manage, 'manage', now + YEAR)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse to sign what a token cannot carry', async () => {
    for (const bad of [{ epoch: -1 }, { epoch: 1.5 }, { issuedAt: Number.NaN }, { issuedAt: 2 ** 60 }]) {
      await expect(tokens.manage({ ...claims, ...bad })).rejects.toThrow(RangeError);
    }
  });

  it('fetch the secret once, and again after a failure', async () => {
    let calls = 0;
    const flaky = createSubscriptionTokens(async () => {
      calls++;
      if (calls === 1) throw new Error('Secrets Manager is down');
      return 'finally-a-secret-0123456789-0123456789';
    });
    await expect(flaky.manage(claims)).rejects.toThrow('Secrets Manager is down');
    await flaky.manage(claims);
    await flaky.manage(claims);
    expect(calls).toBe(2);
  });
});
