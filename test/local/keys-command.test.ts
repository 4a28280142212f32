// `npm run keys`: arguments (usage errors exit 2 before any table is opened) and what create and
// list print, run against DynamoDB Local.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintApiKey } from '#app/api-keys/api-key-secrets';
import { createAuthenticator } from '#app/api-keys/authenticate';
import { createAppDeps, type AppDeps } from '#app/deps';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { createDynamoStore } from '#adapters/dynamodb/store';
import { parseConfig } from '#config/config';
import { parseKeysArgs, runKeysCommand, type KeysCommand } from '#local/keys-command';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { testClock } from '../support/clock';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { localAws } from '../support/local-aws';

const repo = fileURLToPath(new URL('../..', import.meta.url));

let table: TestTable;
let deps: AppDeps;
const clock = testClock();
beforeAll(async () => {
  table = await createTestTable();
  const doc = createDocumentClient({ endpoint: table.endpoint, region: localAws.region, credentials: localAws.credentials });
  deps = createAppDeps(createDynamoStore({ doc, tableName: table.tableName }), parseConfig(rawConfig), () => clock.iso());
});
afterAll(() => table.drop());

function commandOf(args: string[]): KeysCommand {
  const parsed = parseKeysArgs(args);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.command;
}

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runKeysCommand(deps, commandOf(args), (line) => lines.push(line));
  return { code, lines };
}

describe('parseKeysArgs', () => {
  it('reads create with scopes and an owner', () => {
    expect(parseKeysArgs(['create', '--name', 'ops', '--scopes', 'incidents,read', '--owner', 'ana@example.org'])).toEqual({
      ok: true,
      command: { command: 'create', name: 'ops', scopes: ['read', 'incidents'], owner: 'ana@example.org' },
    });
  });

  it('leaves scopes to the default when --scopes is not given', () => {
    expect(commandOf(['create', '--name', 'ops'])).toEqual({ command: 'create', name: 'ops', scopes: undefined, owner: null });
  });

  it.each([
    [['create', '--name', 'ops', '--scopes', 'incidents,write'], "Unknown scope 'write'"],
    [['create', '--name', 'ops', '--scopes', ','], 'Name at least one scope'],
    [['create', '--scopes', 'read'], '--name is required'],
    [['create', '--name', 'ops', '--colour', 'red'], "Unknown option '--colour'"],
    [['revoke'], '--prefix is required'],
    [['rotate'], 'Unknown command rotate'],
    [[], 'Name a command'],
  ])('refuses %j: %s, with the usage', (args, message) => {
    const parsed = parseKeysArgs(args);

    expect(parsed.ok).toBe(false);
    const error = parsed.ok ? '' : parsed.error;
    expect(error).toContain(message);
    expect(error).toContain('usage: npm run keys -- create --name NAME [--scopes SCOPE,…] [--owner EMAIL]');
  });
});

describe('npm run keys', () => {
  it('creates a scoped key that authenticates with those scopes, printing the key last', async () => {
    const { code, lines } = await run(['create', '--name', 'pager', '--scopes', 'incidents,read', '--owner', 'ana@example.org']);

    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Created key hk_\S{6}… for pager \(owner ana@example\.org\) with scopes read,incidents\. It is shown once; keep it safe:$/);
    expect(await createAuthenticator(deps)(lines.at(-1)!)).toMatchObject({ name: 'pager', scopes: ['read', 'incidents'], owner: 'ana@example.org' });
  });

  it('lists each key with its scopes and owner, and a key from before scopes as all', async () => {
    clock.set('2026-11-27T09:00:00.000Z');
    const old = mintApiKey();
    await deps.store.apiKeys.create({ hash: old.hash, prefix: old.prefix, name: 'from-before', created_at: clock.iso(), revoked_at: null });
    clock.set('2026-11-27T09:01:00.000Z');
    const reader = (await run(['create', '--name', 'reader', '--scopes', 'read'])).lines.at(-1)!.slice(0, 9);
    const owned = (await run(['create', '--name', 'owned', '--scopes', 'subscribers,admin', '--owner', 'bo@example.org'])).lines.at(-1)!.slice(0, 9);

    const { code, lines } = await run(['list']);

    expect(code).toBe(0);
    expect(lines).toContain(`${old.prefix}…  from-before  scopes all (created before scopes)  created 2026-11-27T09:00:00.000Z`);
    expect(lines).toContain(`${reader}…  reader  scopes read  created 2026-11-27T09:01:00.000Z`);
    expect(lines).toContain(`${owned}…  owned  scopes subscribers,admin  owner bo@example.org  created 2026-11-27T09:01:00.000Z`);
  });

  it('exits 2 with the usage on an unknown scope, before opening any table', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-keys-cli-'));
    const child = spawn(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), join(repo, 'functions/local/keys-cli.ts'), 'create', '--name', 'x', '--scopes', 'root'], {
      cwd: repo,
      // Were the arguments accepted, the CLI would open an empty folder of its own, not the repository's.
      env: { ...process.env, TABLE_NAME: '', HERALD_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const dataDirEntries = readdirSync(dataDir);
    rmSync(dataDir, { recursive: true, force: true });

    expect(code).toBe(2);
    expect(stderr).toContain("Unknown scope 'root'; scopes are read, incidents, subscribers, admin.");
    expect(stderr).toContain('usage: npm run keys');
    expect(dataDirEntries).toEqual([]);
  }, 60_000);
});
