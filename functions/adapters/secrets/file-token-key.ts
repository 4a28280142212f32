// The subscription-token secret of the local stack: generated on first start and kept in the data
// folder (`token-secret`, readable by its owner only), so links mailed before a restart still work.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenKey } from '#app/subscriptions/tokens';

export const TOKEN_SECRET_FILE = 'token-secret';

/** Reads the secret, creating it first if the data folder has none. */
export async function ensureFileTokenSecret(dataDir: string): Promise<string> {
  const path = join(dataDir, TOKEN_SECRET_FILE);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('hex');
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(path, 'utf8')).trim();
    throw error;
  }
}

export function fileTokenKey(dataDir: string): TokenKey {
  return () => ensureFileTokenSecret(dataDir);
}
