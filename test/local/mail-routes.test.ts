import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMailCapture, type MailCapture } from '#local/mail-capture';
import { mailRoutes } from '#local/mail-routes';

/** A raw message with the given subject and HTML part. */
function aMessage(subject: string, html: string, to = 'reader@example.org'): Buffer {
  const boundary = 'b1';
  return Buffer.from(
    [
      'From: Herald <status@example.com>',
      `To: ${to}`,
      `Subject: ${subject}`,
      'List-Unsubscribe: <https://status.example.com/v1/subscriptions/unsubscribe?token=t>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'plain <text>',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

describe('mail-routes', () => {
  let dataDir: string;
  let capture: MailCapture;
  let app: ReturnType<typeof mailRoutes>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-mail-routes-'));
    capture = await openMailCapture({ dataDir });
    app = mailRoutes(capture);
  });

  afterEach(async () => {
    await capture.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers GET /_local/mail with every mail, oldest first, in the contract shape', async () => {
    // Prepare
    await capture.record({ messageId: 'ses-1', raw: aMessage('first', '<p>1</p>'), destinations: [] });
    await capture.record({ messageId: 'ses-2', raw: aMessage('second', '<p>2</p>'), destinations: [] });

    // Act
    const res = await app.request('/_local/mail');

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Array<Record<string, unknown>>;
    expect(body.map((mail) => mail.message_id)).toEqual(['ses-1', 'ses-2']);
    expect(Object.keys(body[0]!).sort()).toEqual(
      ['from', 'headers', 'html', 'message_id', 'subject', 'text', 'to'].sort(),
    );
    expect(body[0]).toMatchObject({
      from: 'status@example.com',
      to: ['reader@example.org'],
      subject: 'first',
      text: 'plain <text>',
      html: '<p>1</p>',
      headers: { 'List-Unsubscribe': '<https://status.example.com/v1/subscriptions/unsubscribe?token=t>' },
    });
  });

  it('empties the mail on DELETE /_local/mail', async () => {
    // Prepare
    await capture.record({ messageId: 'ses-1', raw: aMessage('first', '<p>1</p>'), destinations: [] });

    // Act
    const res = await app.request('/_local/mail', { method: 'DELETE' });

    // Assess
    expect(res.status).toBe(204);
    expect(await (await app.request('/_local/mail')).json()).toEqual([]);
  });

  it('shows the mail to a person with everything escaped and the HTML part sandboxed', async () => {
    // Prepare
    await capture.record({
      messageId: 'ses-1',
      raw: aMessage('<script>alert("subject")</script>', '<p onclick="x()">hi</p><script>alert(1)</script>'),
      destinations: [],
    });

    // Act
    const res = await app.request('/_local/mail.html');

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const page = await res.text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
    expect(page).toContain(
      'sandbox="" referrerpolicy="no-referrer" loading="lazy" title="&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;" srcdoc="&lt;p onclick=&quot;x()&quot;&gt;hi&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
    );
    expect(page).toContain('plain &lt;text&gt;');
  });

  it('says so when there is no mail', async () => {
    // Act
    const page = await (await app.request('/_local/mail.html')).text();

    // Assess
    expect(page).toContain('No mail yet.');
  });
});
