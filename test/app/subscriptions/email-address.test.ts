import { describe, expect, it } from 'vitest';
import { isValidEmail, normalizeEmail, subscriberIdFor } from '#app/subscriptions/email-address';

describe('email addresses', () => {
  it('accepts ordinary addresses', () => {
    for (const email of ['jane@example.com', 'j.doe+status@mail.example.co.uk', 'o\'neil@example.ie', 'x@xn--bcher-kva.example', 'A@EXAMPLE.COM ']) {
      expect(isValidEmail(email), email).toBe(true);
    }
  });

  it('refuses what a status page should not mail', () => {
    for (const email of ['', 'jane', 'jane@', '@example.com', 'jane@example', 'jane@@example.com', 'ja ne@example.com', '"jane"@example.com', 'jane@[192.0.2.1]', 'jane.@example.com', 'jane@-example.com', 'jane@example.c0m', `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(250)}.com`]) {
      expect(isValidEmail(email), email).toBe(false);
    }
  });

  it('normalises by trimming and lower-casing, so one address is one subscriber', () => {
    expect(normalizeEmail('  Jane@Example.COM ')).toBe('jane@example.com');
    expect(subscriberIdFor('Jane@Example.COM')).toBe(subscriberIdFor('jane@example.com'));
    expect(subscriberIdFor('jane@example.com')).toMatch(/^[a-z2-7]{20}$/);
    expect(subscriberIdFor('jane@example.com')).not.toBe(subscriberIdFor('john@example.com'));
  });
});
