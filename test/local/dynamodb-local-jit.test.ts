// DynamoDB Local's JIT mode: C1 only ('quick', the default: the test suite's many short JVMs) or the
// JVM's full tiered JIT ('full': bench:import and other long runs), from the options or
// HERALD_DYNAMODB_LOCAL_JIT.
import { readdirSync, readFileSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { defaultJit, startDynamoDbLocal } from '#local/dynamodb-local';
import { localAws } from '../support/local-aws';

/** The command line of the DynamoDB Local JVM listening on `port`, read from /proc. */
function javaArgsOnPort(port: number): string[] | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('DynamoDBLocal.jar') && argv[argv.indexOf('-port') + 1] === String(port)) return argv;
    } catch {
      // exited meanwhile
    }
  }
  return null;
}

describe('DynamoDB Local JIT mode', () => {
  it('is quick unless HERALD_DYNAMODB_LOCAL_JIT says full, and refuses anything else', () => {
    expect(defaultJit({})).toBe('quick');
    expect(defaultJit({ HERALD_DYNAMODB_LOCAL_JIT: '' })).toBe('quick');
    expect(defaultJit({ HERALD_DYNAMODB_LOCAL_JIT: 'quick' })).toBe('quick');
    expect(defaultJit({ HERALD_DYNAMODB_LOCAL_JIT: 'full' })).toBe('full');
    expect(() => defaultJit({ HERALD_DYNAMODB_LOCAL_JIT: 'c2' })).toThrow(/HERALD_DYNAMODB_LOCAL_JIT must be 'quick' or 'full'/);
  });

  it('starts a full-JIT emulator without the C1-only flag, and it answers', async () => {
    // Act
    const db = await startDynamoDbLocal({ jit: 'full' });
    try {
      const client = new DynamoDBClient({ endpoint: db.endpoint, region: localAws.region, credentials: localAws.credentials });
      const answer = await client.send(new ListTablesCommand({}));
      client.destroy();
      // Assess
      expect(answer.TableNames).toEqual([]);
      const args = javaArgsOnPort(db.port);
      expect(args).not.toBeNull();
      expect(args).not.toContain('-XX:TieredStopAtLevel=1');
    } finally {
      await db.stop();
    }
  });
});
