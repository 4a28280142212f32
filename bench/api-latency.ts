// Local-stack API latency for POST /v1/incidents/{id}/updates with autocannon, 50 connections.
// Two shapes of load: (a) every connection updates its own incident (50 incidents in parallel),
// (b) all 50 connections update one incident (worst-case contention: updates are serialised).
// Run: npm run bench:api   (prints p50, p99 and req/s for each)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startLocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';

quietSdkNodeWarning();
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_key_0123456789', consumers: () => [] });
const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };

async function declare(n: number): Promise<string> {
  const res = await fetch(`${stack.url}/v1/incidents`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: `Bench ${n}`, severity: 'SEV2', message: 'Declared for the benchmark.' }),
  });
  return ((await res.json()) as { id: string }).id;
}

async function run(label: string, pathFor: (connection: number) => string) {
  let next = 0;
  const result = await autocannon({
    url: stack.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req, context) => {
          const state = context as { connection?: number };
          state.connection ??= next++;
          return { ...req, path: pathFor(state.connection), body: JSON.stringify({ status: 'investigating', message: 'Still looking.' }) };
        },
      },
    ],
  });
  const ok = result['2xx'];
  console.log(
    `${label}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s ` +
      `(${ok} × 2xx, ${result.non2xx} other, ${result.errors} errors, ${seconds} s, ${connections} connections)`,
  );
}

try {
  const ids = await Promise.all(Array.from({ length: connections }, (_, n) => declare(n)));
  await run('(a) one incident per connection', (c) => `/v1/incidents/${ids[c % ids.length]}/updates`);
  const hot = await declare(999);
  await run('(b) one incident, all connections', () => `/v1/incidents/${hot}/updates`);
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
