// The whole local stack for one test: in memory, on a free port, in a data folder of its own that
// is removed afterwards; `call` is the API with the stack's key.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '#local/local-stack';

type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;
export type StackCall = (method: string, path: string, body?: unknown) => Promise<Response>;

export async function withLocalStack<T>(name: string, apiKey: string, run: (stack: LocalStack, call: StackCall) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), `herald-${name}-`));
  try {
    const stack = await startLocalStack({ port: 0, dataDir, apiKey, inMemory: true });
    const call: StackCall = (method, path, body) =>
      fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    try {
      return await run(stack, call);
    } finally {
      await stack.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
