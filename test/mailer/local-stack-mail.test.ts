// CONTRACT §4 and §5 for a new user of `npm start`: subscribe, read the confirm link from
// /_local/mail, confirm, declare an incident, find exactly one notification with its headers;
// the token secret is generated in the data folder and survives a restart.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_SECRET_FILE } from '#adapters/secrets/file-token-key';
import type { CapturedMail } from '#local/mail-message';
import { startLocalStack, type LocalStack } from '#local/local-stack';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const mail = async (stack: LocalStack) => (await (await fetch(`${stack.url}/_local/mail`)).json()) as CapturedMail[];

describe('mail on the local stack', () => {
  it('takes a new user from subscribing to one notification, and keeps its links working across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-mail-stack-'));
    dirs.push(dataDir);
    let stack = await startLocalStack({ port: 0, dataDir, apiKey: 'hk_test_mail_stack_key' });
    const auth = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
    let unsubscribe: string;
    try {
      // Subscribe with a form post, as the page's form does
      const res = await fetch(`${stack.url}/v1/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=new.user%40example.com',
      });
      expect(res.status).toBe(202);
      const [confirmation] = await until('the confirmation mail', async () => ((await mail(stack)).length > 0 ? mail(stack) : undefined));
      expect(confirmation!.to).toEqual(['new.user@example.com']);
      const confirm = /(http\S+\/v1\/subscriptions\/confirm\?token=\S+)/.exec(confirmation!.text ?? '')![1]!;
      // The link shows a button (a scanner's GET confirms nothing); pressing it POSTs the token
      expect((await fetch(confirm)).status).toBe(200);
      const token = new URL(confirm).searchParams.get('token')!;
      const pressed = await fetch(`${stack.url}/v1/subscriptions/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(pressed.status).toBe(200);
      expect(await pressed.text()).toContain('You are subscribed');

      // Declare: exactly one notification
      expect((await fetch(`${stack.url}/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Checkout is failing', severity: 'SEV1', message: 'Payments fail.' }) })).status).toBe(201);
      const all = await until('the notification', async () => {
        const got = await mail(stack);
        return got.length >= 2 ? got : undefined;
      });
      await stack.poller.waitForIdle(30_000);
      const notifications = (await mail(stack)).filter((m) => m.subject === '[Investigating] Checkout is failing');
      expect(notifications).toHaveLength(1);
      expect(all).toHaveLength(2);
      const [notification] = notifications;
      expect(notification!.text).toBeTruthy();
      expect(notification!.html).toBeTruthy();
      unsubscribe = notification!.headers['List-Unsubscribe']!.slice(1, -1);
      expect(unsubscribe.startsWith(`${stack.url}/v1/subscriptions/unsubscribe?token=`)).toBe(true);
      expect(notification!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(await (await fetch(`${stack.url}/_local/mail.html`)).text()).toContain('Checkout is failing');
    } finally {
      await stack.stop();
    }

    // The secret is in the data folder; after a restart the mailed link still works
    expect((await readFile(join(dataDir, TOKEN_SECRET_FILE), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    stack = await startLocalStack({ port: 0, dataDir, apiKey: 'hk_test_mail_stack_key' });
    try {
      const path = new URL(unsubscribe).pathname + new URL(unsubscribe).search;
      const res = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(200);
      const { count } = (await (await fetch(`${stack.url}/v1/subscribers`, { headers: { authorization: `Bearer ${stack.apiKey}` } })).json()) as { count: number };
      expect(count).toBe(0);
      expect((await fetch(`${stack.url}/_local/mail`, { method: 'DELETE' })).status).toBe(204);
      expect(await mail(stack)).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
