// Subscriber addresses: what is accepted, how it is normalised, and the id derived from it.
import { createHash } from 'node:crypto';

const MAX_LENGTH = 254;
// A pragmatic address: a dot-atom local part and a domain with a TLD. Quoted local parts and IP
// literals are legal but are nearly always typos or abuse on a public form, so they are refused.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Trimmed and lower-cased (mailbox names are case-insensitive at every provider that matters). */
export function normalizeEmail(input: string): string {
  return input.trim().toLowerCase();
}

export function isValidEmail(input: string): boolean {
  const email = normalizeEmail(input);
  if (email.length > MAX_LENGTH) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (!LOCAL.test(local) || labels.length < 2) return false;
  if (!labels.every((label) => LABEL.test(label))) return false;
  return /^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(labels.at(-1)!);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A stable id for an address (20 base32 characters of its SHA-256): imports and repeated
 *  sign-ups of one address land on one subscriber without a lookup table. */
export function subscriberIdFor(email: string): string {
  const digest = createHash('sha256').update(normalizeEmail(email)).digest();
  let id = '';
  for (let bit = 0; id.length < 20; bit += 5) {
    const byte = bit >> 3;
    const value = ((digest[byte]! << 8) | (digest[byte + 1] ?? 0)) >> (11 - (bit & 7));
    id += BASE32[value & 31];
  }
  return id;
}
