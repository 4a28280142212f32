// The local responder key: HERALD_API_KEY when set, else one generated once and kept in the
// data folder so that it survives a restart.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mintApiKey } from '#app/api-keys/api-key-secrets';

export async function localApiKey(dataDir: string, fromEnv: string | undefined): Promise<{ key: string; generated: boolean }> {
  if (fromEnv) return { key: fromEnv, generated: false };
  const file = join(dataDir, 'api-key');
  if (existsSync(file)) return { key: (await readFile(file, 'utf8')).trim(), generated: false };
  const { key } = mintApiKey();
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}
