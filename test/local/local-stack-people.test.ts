import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PersonSchema } from '#api/routes/people';
import { startLocalStack } from '#local/local-stack';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the local stack and the configured admins', () => {
  it('makes each configured admin an admin at start, once across restarts', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-stack-people-'));
    dirs.push(dataDir);
    const options = { port: 0, dataDir, apiKey: 'hk_test_local_stack_people', admins: ['Root@Example.org'], consumers: () => [] };
    const people = async (url: string) =>
      PersonSchema.array().parse(await (await fetch(`${url}/v1/people`, { headers: { authorization: `Bearer ${options.apiKey}` } })).json());

    // Act, Assess
    let stack = await startLocalStack(options);
    try {
      expect(await people(stack.url)).toEqual([expect.objectContaining({ email: 'root@example.org', role: 'admin', version: 1, added_by: 'herald.config.json' })]);
    } finally {
      await stack.stop();
    }
    stack = await startLocalStack(options);
    try {
      expect(await people(stack.url)).toEqual([expect.objectContaining({ email: 'root@example.org', role: 'admin', version: 1 })]);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
