// The console's speed with a long history: time to first byte of the Now and Incident screens
// with 10,000 past incidents on the local stack (median and p95 over 50 requests each; target
// median ≤ 100 ms), and each screen's weight gzipped with its CSS and script (target ≤ 30 KB).
// Run: npm run bench:console   (BENCH_HISTORY=10000 BENCH_REQUESTS=50)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { addPerson } from '#app/people/add-person';
import { newSignInRequestId } from '#app/sessions/session';
import { signInLinkExpiry } from '#core/session-policy';
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';
import { startLocalStack } from '#local/local-stack';
import { quietSdkNodeWarning } from '#local/quiet-sdk-warning';
import { seedPastIncidents } from './support/seed-incidents';

quietSdkNodeWarning();
const history = Number(process.env.BENCH_HISTORY ?? 10_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 50);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-console-'));
const stack = await startLocalStack({ port: 0, dataDir, inMemory: true, apiKey: 'hk_bench_console_key' });
try {
  const stackFile = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8'));
  const doc = createDocumentClient({ endpoint: stackFile.dynamodb_endpoint, region: localAwsRegion, credentials: { ...localAwsCredentials } });
  const seeded = performance.now();
  await seedPastIncidents({ doc, tableName: stack.deps.tableName }, history);
  console.log(`seeded ${history.toLocaleString('en')} past incidents in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  // Three open incidents, the middle one with a few updates: what a bad hour looks like.
  const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
  let incidentId = '';
  for (const [i, title] of ['Checkout errors', 'Search is slow', 'Login delays'].entries()) {
    const res = await fetch(`${stack.url}/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ title, severity: `SEV${i + 1}`, message: 'We are investigating.' }) });
    const incident = (await res.json()) as { id: string };
    if (i === 1) incidentId = incident.id;
  }
  for (const status of ['identified', 'monitoring']) {
    await fetch(`${stack.url}/v1/incidents/${incidentId}/updates`, { method: 'POST', headers, body: JSON.stringify({ status, message: `Now ${status}.` }) });
  }
  await stack.poller.waitForIdle(600_000);

  // Signed in as a person would be: a mailed link's token, then its button.
  const app = stack.deps.app;
  await addPerson(app, { email: 'bench@example.com', role: 'admin' }, { actor: 'bench', now: app.now() }).catch(() => undefined);
  const id = newSignInRequestId();
  const expires = signInLinkExpiry(app.now());
  await app.store.sessions.createSignInRequest({ id, email: 'bench@example.com', requested_at: app.now(), link_expires_at: expires, next: '/console' });
  const token = await stack.deps.tokens.signIn(id, Math.floor(Date.parse(expires) / 1000));
  const signedIn = await fetch(`${stack.url}/console/sign-in/link`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
    body: new URLSearchParams({ token }).toString(),
  });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie) throw new Error(`sign-in failed: ${signedIn.status}`);

  for (const [name, path] of [
    ['Now', '/console'],
    ['Incident', `/console/incidents/${incidentId}`],
  ] as const) {
    const ttfb: number[] = [];
    let html = '';
    for (let i = 0; i < requests + 5; i++) {
      const started = performance.now();
      const res = await fetch(`${stack.url}${path}`, { headers: { cookie } });
      const first = performance.now() - started;
      html = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      if (i >= 5) ttfb.push(first); // the first five warm the process up
    }
    ttfb.sort((a, b) => a - b);
    const assets = [...html.matchAll(/(?:href|src)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    let weight = gzipSync(html).length;
    for (const asset of assets) weight += gzipSync(Buffer.from(await (await fetch(`${stack.url}${asset}`)).arrayBuffer())).length;
    console.log(
      `${name.padEnd(8)} TTFB median ${percentile(ttfb, 0.5).toFixed(1)} ms, p95 ${percentile(ttfb, 0.95).toFixed(1)} ms over ${requests} requests ` +
        `(target median ≤ 100 ms); gzipped page + CSS + script ${(weight / 1024).toFixed(1)} KB (target ≤ 30 KB)`,
    );
  }
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
