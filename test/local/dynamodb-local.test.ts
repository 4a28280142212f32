import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '#adapters/dynamodb/table-definition';
import { startDynamoDbLocal } from '#local/dynamodb-local';
import { localAws } from '../support/local-aws';

const moduleUrl = new URL('../../functions/local/dynamodb-local.ts', import.meta.url).href;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Pids of DynamoDB Local JVMs listening on `port`, read from /proc. */
function javaOnPort(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    const portAt = argv.indexOf('-port');
    if (argv[0]?.endsWith('java') && argv.includes('DynamoDBLocal.jar') && argv[portAt + 1] === String(port)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** A node process that starts DynamoDB Local and prints its port. */
function childThatStartsDynamoDb(env: NodeJS.ProcessEnv = process.env) {
  const code = `
    const { startDynamoDbLocal } = await import(${JSON.stringify(moduleUrl)});
    try {
      const db = await startDynamoDbLocal({});
      console.log('port ' + db.port);
    } catch (error) {
      console.log('error ' + JSON.stringify(error.message));
      process.exit(1);
    }
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (exitCode) => reject(new Error(`child exited (${exitCode}) before printing`)));
  });
  return { child, firstLine };
}

describe('dynamodb-local', () => {
  it('starts on a free port, answers, and leaves no java behind when stopped', async () => {
    // Prepare + Act
    const db = await startDynamoDbLocal({});
    const client = new DynamoDBClient({ endpoint: db.endpoint, ...localAws });
    const tables = await client.send(new ListTablesCommand({}));
    client.destroy();
    expect(javaOnPort(db.port)).toHaveLength(1);
    await db.stop();

    // Assess
    expect(tables.TableNames).toEqual([]);
    expect(javaOnPort(db.port)).toEqual([]);
  });

  it('keeps tables in dataDir across a restart', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-ddb-'));
    const first = await startDynamoDbLocal({ dataDir });
    const writer = new DynamoDBClient({ endpoint: first.endpoint, ...localAws });
    await writer.send(new CreateTableCommand(createTableInput('kept')));
    writer.destroy();
    await first.stop();

    // Act
    const second = await startDynamoDbLocal({ dataDir, port: first.port });
    const reader = new DynamoDBClient({ endpoint: second.endpoint, ...localAws });
    const tables = await reader.send(new ListTablesCommand({}));
    reader.destroy();
    await second.stop();
    await rm(dataDir, { recursive: true, force: true });

    // Assess
    expect(tables.TableNames).toEqual(['kept']);
  });

  it('takes its java with it when the node process that started it is killed', async () => {
    // Prepare
    const { child, firstLine } = childThatStartsDynamoDb();
    const port = Number((await firstLine).replace('port ', ''));
    expect(javaOnPort(port)).toHaveLength(1);

    // Act
    child.kill('SIGKILL');

    // Assess
    await expect.poll(() => javaOnPort(port), { timeout: 10_000, interval: 100 }).toEqual([]);
  });

  it('refuses a port that is taken, starting no java', async () => {
    // Prepare
    const blocker = createServer().listen(0); // every address, as the emulator binds
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;

    // Act
    const started = startDynamoDbLocal({ port });

    // Assess
    await expect(started).rejects.toThrow(`port ${port} is already in use`);
    blocker.close();
    expect(javaOnPort(port)).toEqual([]);
  });

  it('explains how to install Java when there is none', async () => {
    // Prepare + Act
    const { firstLine } = childThatStartsDynamoDb({ ...process.env, PATH: '/nonexistent' });

    // Assess
    expect(await firstLine).toContain('apt-get install -y openjdk-17-jre-headless');
  });
});
