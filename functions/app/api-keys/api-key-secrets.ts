// Responder API keys: minted at random, stored only as a SHA-256 hash, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'hk_';

export function mintApiKey(): { key: string; hash: string; prefix: string } {
  const key = PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), prefix: key.slice(0, PREFIX.length + 6) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A key's stable id: the start of its record's hash (the record is addressed by the hash). Unlike
 *  the holder's name it is unique, and unlike the prefix it is unique for keys chosen by hand. */
export function apiKeyId(hash: string): string {
  return `key_${hash.slice(0, 24)}`;
}

/** Equal hex hashes, compared without leaking where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
