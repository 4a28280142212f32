// Imported history notifies nobody, on the whole local stack (publisher, mailer and channels on the
// table's stream): a confirmed subscriber and a webhook endpoint hear nothing of an import whose
// updates said deliver_notifications, the page shows it after the one rebuild, and a live incident
// declared afterwards is mailed and delivered (stream order: what the import wrote came before it).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CapturedMail } from '#local/mail-message';
import type { ReceivedWebhook } from '#local/webhook-receiver';
import { startLocalStack } from '#local/local-stack';
import { startFakeStatuspage } from '../support/fake-statuspage';
import { PAGE_ID, aComponent, aGroup, anIncident, anUpdate } from '../support/statuspage-fixtures';

const BIN = resolve(import.meta.dirname, '../../cli/bin/herald.mjs');
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('an import on the local stack', () => {
  it('mails nobody and delivers to no webhook; the page shows it after one rebuild', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-import-quiet-'));
    dirs.push(dataDir);
    const stack = await startLocalStack({ port: 0, dataDir, apiKey: 'hk_test_import_quiet_key', inMemory: true });
    const fake = await startFakeStatuspage({
      groups: [aGroup({ id: 'grp1', name: 'Store' })],
      components: [aComponent({ id: 'cmp1', name: 'Checkout', group_id: 'grp1' })],
      incidents: [
        anIncident({ id: 'inc1', name: 'Imported outage', impact: 'critical' }, [
          anUpdate({ status: 'investigating', created_at: '2026-11-26T10:00:00Z', deliver_notifications: true, affected_components: [{ code: 'cmp1', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }] }),
          anUpdate({ status: 'resolved', created_at: '2026-11-26T11:00:00Z', deliver_notifications: true, affected_components: [{ code: 'cmp1', name: 'Checkout', old_status: 'major_outage', new_status: 'operational' }] }),
        ]),
        anIncident({ id: 'inc2', name: 'Imported and still open', impact: 'major' }, [anUpdate({ status: 'investigating', created_at: '2026-11-26T12:00:00Z', deliver_notifications: true })]),
      ],
      templates: [],
      subscribers: [],
    });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    try {
      // Prepare: someone who hears of everything, by mail and by webhook
      expect((await call('POST', '/v1/subscribers', { subscribers: [{ email: 'ana@example.org' }], confirmed: true })).status).toBe(200);
      expect((await call('POST', '/v1/webhooks', { url: `${stack.url}/_local/webhooks/quiet` })).status).toBe(201);

      // Act: import, then wait for the page to show it
      const run = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [BIN, 'import', 'statuspage', '--page-id', PAGE_ID, '--api-key', fake.key, '--source-url', fake.url, '--min-interval-ms', '0'], {
          env: { PATH: process.env.PATH, HOME: dataDir, XDG_CONFIG_HOME: join(dataDir, 'config'), HERALD_RUNTIME_DIR: join(dataDir, 'runtime'), HERALD_URL: stack.url, HERALD_API_KEY: stack.apiKey },
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.on('close', (code) => done({ code, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      const page = await until('the imported incident on the page', async () => {
        const res = await fetch(`${stack.url}/incidents/INC-20261126-1000/index.html`);
        return res.status === 200 ? res.text() : undefined;
      });
      expect(page).toContain('Imported outage');

      // A live incident after it: mailed and delivered
      expect((await call('POST', '/v1/incidents', { title: 'Live outage', severity: 'SEV1', message: 'Declared live.' })).status).toBe(201);
      const mails = await until('the live incident mail', async () => {
        const all = (await (await fetch(`${stack.url}/_local/mail`)).json()) as CapturedMail[];
        return all.some((m) => m.subject.includes('Live outage')) ? all : undefined;
      });
      const hooks = await until('the live incident webhook', async () => {
        const all = (await (await fetch(`${stack.url}/_local/webhooks`)).json()) as ReceivedWebhook[];
        return all.some((h) => h.body.includes('Live outage')) ? all : undefined;
      });

      // Assess: nothing about the imported history reached anyone
      expect(mails.map((m) => m.subject).filter((s) => s.includes('Imported'))).toEqual([]);
      expect(hooks.filter((h) => h.body.includes('Imported'))).toEqual([]);
      expect(mails.filter((m) => m.subject.includes('Live outage'))).toHaveLength(1);
    } finally {
      await fake.close();
      await stack.stop();
    }
  });
});
