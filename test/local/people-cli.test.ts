// `npm run people` as a person runs it, on a temporary data folder whose stack.json names the
// run's DynamoDB Local (as a running `npm start` would), so no emulator is started per command.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDynamoDbEndpoint } from '../support/dynamodb';

let dataDir: string;
let runtimeDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'herald-people-cli-'));
  runtimeDir = mkdtempSync(join(tmpdir(), 'herald-people-cli-runtime-'));
  writeFileSync(join(dataDir, 'stack.json'), JSON.stringify({ dynamodb_endpoint: testDynamoDbEndpoint() }));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(runtimeDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function people(...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_DATA_DIR: dataDir, HERALD_RUNTIME_DIR: runtimeDir };
  delete env.TABLE_NAME;
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'people', '--', ...args], { env, cwd: process.cwd() }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const USAGE = 'usage: npm run people -- add --email EMAIL --role viewer|responder|admin [--name NAME] | list';

describe('npm run people', () => {
  it('adds people, lists them, changes a role and removes one', async () => {
    // Prepare
    const lu = `lu-${randomUUID().slice(0, 8)}@example.org`;
    const max = `max-${randomUUID().slice(0, 8)}@example.org`;

    // Act, Assess
    const added = await people('add', '--email', lu.toUpperCase(), '--role', 'admin', '--name', 'Lu');
    expect(added).toMatchObject({ code: 0, stdout: `Added ${lu} as admin.\n` });
    expect(added.stderr).toContain(`using the data folder ${dataDir} (HERALD_DATA_DIR`);
    expect((await people('add', '--email', max, '--role', 'viewer')).code).toBe(0);

    const listed = await people('list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines.find((l) => l.startsWith(lu))).toMatch(new RegExp(`^${lu}  admin  Lu  added \\S+ by npm run people$`));
    expect(lines.find((l) => l.startsWith(max))).toMatch(/ {2}viewer {2}added /);

    expect(await people('role', '--email', max, '--role', 'responder')).toMatchObject({ code: 0, stdout: `${max} is now responder.\n` });
    expect(await people('remove', '--email', max)).toMatchObject({ code: 0, stdout: `Removed ${max}.\n` });
    expect((await people('list')).stdout).not.toContain(max);

    const again = await people('add', '--email', lu, '--role', 'viewer');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${lu} is already a person here`);
  }, 120_000);

  it.each([
    [['promote', '--email', 'a@example.org']],
    [['add', '--email', 'a@example.org']],
    [['add', '--email', 'a@example.org', '--role', 'owner']],
    [['list', '--colour', 'red']],
  ])('exits 2 with the usage line for %j', async (args) => {
    const run = await people(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(USAGE);
    expect(run.stdout).toBe('');
  });
});
