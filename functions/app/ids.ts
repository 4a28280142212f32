// Opaque ids for components and maintenances, in Statuspage's style (12 lowercase alphanumerics).
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(length = 12): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
