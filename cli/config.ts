// Where the CLI finds Herald, first match wins:
//   1. HERALD_URL (+ HERALD_API_KEY, else the saved key when it was saved for that URL);
//   2. the file `herald login` writes: $XDG_CONFIG_HOME/herald/config.json (~/.config/…), mode 0600;
//   3. the one running local stack (`npm start` announces its URL and data folder) and the key
//      in that data folder (or HERALD_API_KEY).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { runningStacks, runtimeDir } from '#local/running-stacks';
import { UsageError, UnreachableError } from './errors';

type Env = Record<string, string | undefined>;

export interface Connection {
  /** The site's root, without /v1. */
  url: string;
  key: string | undefined;
  /** Where it came from, for `herald config`. */
  source: string;
}

export interface SavedConfig {
  url: string;
  key: string;
}

export function configFile(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'herald', 'config.json');
}

/** http(s)://host[/path] without a trailing slash or /v1; anything else is a usage error. */
export function normaliseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Not a URL: ${raw} (expected e.g. https://status.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`Not an http(s) URL: ${raw}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function readSavedConfig(env: Env = process.env): SavedConfig | undefined {
  let text: string;
  try {
    text = readFileSync(configFile(env), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<SavedConfig>;
    if (typeof parsed.url === 'string' && typeof parsed.key === 'string') return { url: parsed.url, key: parsed.key };
  } catch {
    // fall through
  }
  throw new UsageError(`${configFile(env)} is not {"url": …, "key": …}; run herald login again`);
}

export function saveConfig(config: SavedConfig, env: Env = process.env): string {
  const file = configFile(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its mode on write
  return file;
}

export function forgetConfig(env: Env = process.env): boolean {
  const file = configFile(env);
  try {
    rmSync(file);
    return true;
  } catch {
    return false;
  }
}

export function resolveConnection(env: Env = process.env): Connection {
  const saved = readSavedConfig(env);
  if (env.HERALD_URL) {
    const url = normaliseUrl(env.HERALD_URL);
    const key = env.HERALD_API_KEY || (saved && normaliseUrl(saved.url) === url ? saved.key : undefined);
    return { url, key, source: 'HERALD_URL' };
  }
  if (saved) return { url: normaliseUrl(saved.url), key: env.HERALD_API_KEY || saved.key, source: configFile(env) };
  const stacks = runningStacks(runtimeDir(env));
  if (stacks.length > 1) {
    const list = stacks.map((s) => `  HERALD_URL=${s.url}`).join('\n');
    throw new UsageError(`Several local Herald stacks are running; set HERALD_URL (and HERALD_API_KEY) to the one to use:\n${list}`);
  }
  const [stack] = stacks;
  if (stack) {
    return { url: normaliseUrl(stack.url), key: env.HERALD_API_KEY || localKey(stack.data_dir), source: `the local stack (data folder ${stack.data_dir})` };
  }
  throw new UnreachableError(
    'No Herald to talk to: no local stack is running (npm start), HERALD_URL is not set and nobody ran herald login --url … --key ….',
  );
}

function localKey(dataDir: string): string | undefined {
  try {
    return readFileSync(join(dataDir, 'api-key'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
