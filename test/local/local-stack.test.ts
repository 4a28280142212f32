import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentSchema } from '#api/schemas';
import { startLocalStack, type LocalStack } from '#local/local-stack';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function start(dataDir: string, seen: DynamoDBRecord[]): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    dataDir,
    apiKey: 'hk_test_local_stack_key',
    consumers: () => [
      {
        name: 'publisher',
        handler: async (event) => {
          seen.push(...event.Records);
          return { batchItemFailures: [] };
        },
      },
    ],
  });
}

const post = (stack: LocalStack, path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the local stack', () => {
  it('serves the API on a real port, streams a write to the consumer, and keeps its data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-stack-'));
    dirs.push(dataDir);
    const seen: DynamoDBRecord[] = [];
    let stack = await start(dataDir, seen);
    let incidentId: string;
    try {
      expect(await (await fetch(`${stack.url}/v1/health`)).json()).toEqual({ status: 'ok' });
      const res = await post(stack, '/v1/incidents', { title: 'Queue backlog', severity: 'SEV2', message: 'Looking into it.' });
      expect(res.status).toBe(201);
      incidentId = IncidentSchema.parse(await res.json()).id;
      await stack.poller.waitForIdle(15_000);
      const meta = seen.find((r) => r.dynamodb?.NewImage?.pk?.S === `INCIDENT#${incidentId}` && r.dynamodb?.NewImage?.sk?.S === 'META');
      expect(meta?.eventName).toBe('INSERT');
      expect(meta?.eventSource).toBe('aws:dynamodb');
      expect(meta?.dynamodb?.NewImage?.title).toEqual({ S: 'Queue backlog' });
    } finally {
      await stack.stop();
    }

    const delivered = seen.length;
    stack = await start(dataDir, seen);
    try {
      const res = await fetch(`${stack.url}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
      expect(res.status).toBe(200);
      expect(IncidentSchema.parse(await res.json()).title).toBe('Queue backlog');
      await post(stack, `/v1/incidents/${incidentId}/updates`, { status: 'identified', message: 'Found it.' });
      await stack.poller.waitForIdle(15_000);
      const after = seen.slice(delivered);
      // Nothing delivered before the restart comes again; the new write does.
      expect(after.some((r) => r.dynamodb?.NewImage?.sk?.S === 'META' && r.dynamodb?.NewImage?.status?.S === 'identified')).toBe(true);
      expect(after.some((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.title?.S === 'Queue backlog' && r.dynamodb?.NewImage?.status?.S === 'investigating')).toBe(false);
    } finally {
      await stack.stop();
    }
  }, 90_000);

  it('publishes a complete page before the first incident and serves it at / with the CDN headers', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-stack-'));
    dirs.push(dataDir);
    const stack = await start(dataDir, []);
    try {
      const res = await fetch(`${stack.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('All Systems Operational');
      const json = await fetch(`${stack.url}/api/v2/status.json`);
      expect(json.headers.get('access-control-allow-origin')).toBe('*');
      expect(await json.json()).toMatchObject({ status: { indicator: 'none', description: 'All Systems Operational' } });
      const mail = await fetch(`${stack.url}/_local/mail`);
      expect(await mail.json()).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});
