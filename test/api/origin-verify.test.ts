import { describe, expect, it } from 'vitest';
import { awsOriginSecret, parseOriginSecret } from '#adapters/secrets/aws-origin-secret';
import { createOriginVerifier, type OriginSecret } from '#api/origin-verify';
import { testClock } from '../support/clock';

/** A secret store that counts its reads and can be rotated like a deploy does. */
function rotatingSecret(first: string) {
  const state = { value: { current: first, previous: null } as OriginSecret, reads: 0 };
  return {
    state,
    source: async () => {
      state.reads++;
      return state.value;
    },
    rotate(next: string) {
      state.value = { current: next, previous: state.value.current };
    },
  };
}

describe('createOriginVerifier', () => {
  it('accepts the current value, refuses others and an empty header', async () => {
    // Prepare
    const clock = testClock();
    const secret = rotatingSecret('alpha-value');
    const verify = createOriginVerifier({ secret: secret.source, now: clock.now });

    // Act / Assess
    expect(await verify('alpha-value')).toBe(true);
    expect(await verify('alpha-valuE')).toBe(false);
    expect(await verify('alpha-value-and-more')).toBe(false);
    expect(await verify('')).toBe(false);
  });

  it('keeps a read for at most 60 s', async () => {
    const clock = testClock();
    const secret = rotatingSecret('alpha-value');
    const verify = createOriginVerifier({ secret: secret.source, now: clock.now });

    await verify('alpha-value');
    clock.advance(59_999);
    await verify('alpha-value');
    expect(secret.state.reads).toBe(1);
    clock.advance(1);
    await verify('alpha-value');
    expect(secret.state.reads).toBe(2);
  });

  it('accepts the previous value after a rotation, and the new one at once (a mismatch re-reads)', async () => {
    // Prepare: the verifier holds a read from before the deploy
    const clock = testClock();
    const secret = rotatingSecret('before-deploy');
    const verify = createOriginVerifier({ secret: secret.source, now: clock.now });
    expect(await verify('before-deploy')).toBe(true);

    // Act: the deploy rotates; CloudFront sends the new value 10 s later, the old one from some edges
    clock.advance(10_000);
    secret.rotate('after-deploy');

    // Assess
    expect(await verify('after-deploy')).toBe(true);
    expect(secret.state.reads).toBe(2);
    expect(await verify('before-deploy')).toBe(true);
    expect(secret.state.reads).toBe(2);
  });

  it('re-reads on a mismatch at most once per 5 s, so wrong values cannot flood Secrets Manager', async () => {
    const clock = testClock();
    const secret = rotatingSecret('alpha-value');
    const verify = createOriginVerifier({ secret: secret.source, now: clock.now });
    await verify('alpha-value');

    for (let i = 0; i < 50; i++) expect(await verify(`guess-${i}`)).toBe(false);
    expect(secret.state.reads).toBe(1);
    clock.advance(5_000);
    expect(await verify('guess-x')).toBe(false);
    expect(await verify('guess-y')).toBe(false);
    expect(secret.state.reads).toBe(2);
  });

  it('trusts nobody while the secret cannot be read, and tells the log', async () => {
    const clock = testClock();
    const errors: string[] = [];
    const verify = createOriginVerifier({
      secret: () => Promise.reject(new Error('AccessDenied')),
      now: clock.now,
      onError: (error) => errors.push(error.message),
    });
    expect(await verify('anything')).toBe(false);
    expect(errors).toEqual(['AccessDenied']);
  });
});

describe('parseOriginSecret', () => {
  it('reads the SecretString the deploy writes', () => {
    expect(parseOriginSecret('{"current":"a-value","previous":null}')).toEqual({ current: 'a-value', previous: null });
    expect(parseOriginSecret('{"current":"b-value","previous":"a-value"}')).toEqual({ current: 'b-value', previous: 'a-value' });
  });

  it('refuses a secret without a current value', () => {
    expect(() => parseOriginSecret('{"previous":"a"}')).toThrow(/current/);
    expect(() => parseOriginSecret(undefined)).toThrow(/current/);
  });

  it('names the missing variable when a function is deployed without it', async () => {
    await expect(awsOriginSecret({})()).rejects.toThrow('HERALD_ORIGIN_VERIFY_SECRET_ARN');
  });
});
