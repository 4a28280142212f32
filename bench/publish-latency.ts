// Publish latency: from the API's answer to the updated incident page in the bucket, over 50
// updates, with 1,000 and with 10,000 past incidents in the table (target: median ≤ 300 ms on the
// local stack, and no growth with history size).
// Run: npm run bench:publish   (BENCH_HISTORY=1000,10000 BENCH_UPDATES=50; BENCH_MAINTENANCES=10000
// also seeds that many completed maintenance windows, which a publish must not read either)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { startLocalStack } from '#local/local-stack';
import { createPublisherHandler } from '#publisher/stream-handler';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { seedPastIncidents } from './support/seed-incidents';
import { seedPastMaintenances } from './support/seed-maintenances';

quietSdkNodeWarning();
const histories = (process.env.BENCH_HISTORY ?? '1000,10000').split(',').map(Number);
const updates = Number(process.env.BENCH_UPDATES ?? 50);
const maintenances = Number(process.env.BENCH_MAINTENANCES ?? 0);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

for (const history of histories) {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-publish-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    inMemory: true,
    apiKey: 'hk_bench_publish_key',
    // BENCH_PUBLISHER_ONLY=1 leaves the mailer out, to see the publisher's own latency.
    consumers: process.env.BENCH_PUBLISHER_ONLY
      ? (deps) => {
          const publish = createPublisherHandler(deps.publisher);
          return [
            {
              name: 'publisher',
              handler: async (event) => {
                if (process.env.BENCH_TRACE) console.log('TRACE', Date.now() % 100000, event.Records.map((r) => `${r.eventName}:${r.dynamodb?.Keys?.sk?.S}`).join(','));
                return publish(event);
              },
            },
          ];
        }
      : undefined,
  });
  try {
    const stackFile = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dataDir, 'stack.json'), 'utf8')));
    const doc = createDocumentClient({ endpoint: stackFile.dynamodb_endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
    const seeded = performance.now();
    await seedPastIncidents({ doc, tableName: stack.deps.tableName }, history);
    if (maintenances > 0) await seedPastMaintenances({ doc, tableName: stack.deps.tableName }, maintenances, { end: Date.now(), updatesEach: 2 });
    const seedSeconds = (performance.now() - seeded) / 1000;
    await stack.poller.waitForIdle(600_000);

    const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
    const declared = await fetch(`${stack.url}/v1/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Bench incident', severity: 'SEV2', message: 'Declared for the benchmark.' }),
    });
    const { id } = (await declared.json()) as { id: string };
    await stack.poller.waitForIdle(60_000);

    const key = `incidents/${id}/index.html`;
    const pageContains = async (marker: string) => {
      try {
        const res = await stack.deps.s3.send(new GetObjectCommand({ Bucket: stack.deps.bucket, Key: key }));
        return (await res.Body!.transformToString()).includes(marker);
      } catch (error) {
        if (process.env.BENCH_TRACE) console.log('TRACE read failed', Date.now() % 100000, (error as Error).name, (error as Error).message);
        return false;
      }
    };
    const latencies: number[] = [];
    for (let n = 0; n < updates; n++) {
      const marker = `progress-marker-${n}-${Date.now()}`;
      const res = await fetch(`${stack.url}/v1/incidents/${id}/updates`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ status: 'investigating', message: `Still looking (${marker}).` }),
      });
      if (res.status !== 201) throw new Error(`update ${n}: ${res.status}`);
      const answered = performance.now();
      if (process.env.BENCH_TRACE) console.log('TRACE answered', Date.now() % 100000, n);
      let polls = 0;
      while (!(await pageContains(marker))) {
        polls++;
        if (performance.now() - answered > 30_000) throw new Error('page never updated');
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - answered);
      if (process.env.BENCH_TRACE) console.log('TRACE seen after polls', polls, Date.now() % 100000);
    }
    if (process.env.BENCH_VERBOSE) console.log(latencies.map((l) => l.toFixed(0)).join(" "));
    latencies.sort((a, b) => a - b);
    console.log(
      `history ${history} incidents${maintenances > 0 ? ` and ${maintenances} maintenance windows` : ''} (seeded in ${seedSeconds.toFixed(1)} s): publish latency over ${updates} updates: ` +
        `median ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
    );
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
