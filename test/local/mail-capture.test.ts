import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMailCapture, type MailCapture } from '#local/mail-capture';
import { localAwsCredentials, startSesLocal, type SesLocal } from '#local/ses-local';

const unsubscribe = '<https://status.example.com/v1/subscriptions/unsubscribe?token=abc>';

/** A notification as the mailer builds it: text + HTML parts and the List-Unsubscribe headers. */
function aNotification(to = 'subscriber@example.org', subject = 'Incident: API down [investigating]') {
  return new MailComposer({
    from: 'Herald <status@example.com>',
    to,
    subject,
    text: 'The API is down.',
    html: '<p>The API is <strong>down</strong>.</p>',
    headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  })
    .compile()
    .build();
}

function sesClient(endpoint: string) {
  return new SESClient({ endpoint, region: 'us-east-1', credentials: localAwsCredentials });
}

describe('mail-capture', () => {
  let dataDir: string;
  let capture: MailCapture;
  let ses: SesLocal;
  let client: SESClient;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-mail-'));
    capture = await openMailCapture({ dataDir });
    ses = await startSesLocal({ onMessage: (message) => capture.record(message) });
    client = sesClient(ses.endpoint);
  });

  afterEach(async () => {
    client.destroy();
    await ses.stop();
    await capture.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('captures a raw message exactly as SES received it, headers included', async () => {
    // Prepare
    const raw = await aNotification();

    // Act
    const sent = await client.send(
      new SendRawEmailCommand({ RawMessage: { Data: raw }, Destinations: ['subscriber@example.org'] }),
    );

    // Assess
    const [mail] = capture.list();
    expect(mail).toStrictEqual({
      message_id: sent.MessageId,
      from: 'status@example.com',
      to: ['subscriber@example.org'],
      subject: 'Incident: API down [investigating]',
      text: 'The API is down.',
      html: '<p>The API is <strong>down</strong>.</p>',
      headers: expect.objectContaining({
        From: 'Herald <status@example.com>',
        To: 'subscriber@example.org',
        'List-Unsubscribe': unsubscribe,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'MIME-Version': '1.0',
        'Content-Type': expect.stringMatching(/^multipart\/alternative;/),
      }),
    });
    expect(capture.raw(sent.MessageId!)?.equals(raw)).toBe(true);
  });

  it('captures a simple SendEmail as SES would compose it', async () => {
    // Act
    const sent = await client.send(
      new SendEmailCommand({
        Source: 'status@example.com',
        Destination: { ToAddresses: ['someone@example.org'] },
        Message: { Subject: { Data: 'Confirm your subscription' }, Body: { Text: { Data: 'Click the link' } } },
      }),
    );

    // Assess
    expect(capture.list()).toMatchObject([
      {
        message_id: sent.MessageId,
        from: 'status@example.com',
        to: ['someone@example.org'],
        subject: 'Confirm your subscription',
        html: null,
        headers: { Subject: 'Confirm your subscription' },
      },
    ]);
  });

  it('keeps the mail when the capture is reopened from the same data folder', async () => {
    // Prepare
    await client.send(new SendRawEmailCommand({ RawMessage: { Data: await aNotification('a@example.org') } }));
    await client.send(new SendRawEmailCommand({ RawMessage: { Data: await aNotification('b@example.org') } }));
    const before = capture.list();
    await capture.close();

    // Act
    capture = await openMailCapture({ dataDir });

    // Assess
    expect(capture.list()).toStrictEqual(before);
    expect(capture.list().map((mail) => mail.to)).toEqual([['a@example.org'], ['b@example.org']]);
  });

  it('drops a line torn by a crash and keeps everything before it', async () => {
    // Prepare
    await client.send(new SendRawEmailCommand({ RawMessage: { Data: await aNotification() } }));
    await capture.close();
    await appendFile(join(dataDir, 'mail.jsonl'), '{"message_id":"ses-torn","fro');

    // Act
    capture = await openMailCapture({ dataDir });
    await capture.record({ messageId: 'ses-next', raw: await aNotification('next@example.org'), destinations: [] });
    await capture.close();
    capture = await openMailCapture({ dataDir });

    // Assess
    expect(capture.list().map((mail) => mail.message_id)).toEqual([expect.any(String), 'ses-next']);
    const lines = (await readFile(join(dataDir, 'mail.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).message_id)).toHaveLength(2);
  });

  it('empties the capture on clear, on disk too', async () => {
    // Prepare
    await client.send(new SendRawEmailCommand({ RawMessage: { Data: await aNotification() } }));

    // Act
    await capture.clear();
    await capture.close();
    capture = await openMailCapture({ dataDir });

    // Assess
    expect(capture.list()).toEqual([]);
  });
});

describe('mail-capture after a crash of the stack', () => {
  it('keeps every mail SES acknowledged before the process was killed', async () => {
    // Prepare: a child process runs the SES stand-in with capture and sends one mail.
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-mail-crash-'));
    const url = (path: string) => new URL(`../../functions/local/${path}.ts`, import.meta.url).href;
    const code = `
      const { openMailCapture } = await import(${JSON.stringify(url('mail-capture'))});
      const { startSesLocal, localAwsCredentials } = await import(${JSON.stringify(url('ses-local'))});
      const { SESClient, SendRawEmailCommand } = await import('@aws-sdk/client-ses');
      const capture = await openMailCapture({ dataDir: ${JSON.stringify(dataDir)} });
      const ses = await startSesLocal({ onMessage: (m) => capture.record(m) });
      const client = new SESClient({ endpoint: ses.endpoint, region: 'us-east-1', credentials: localAwsCredentials });
      const raw = 'From: status@example.com\\r\\nTo: crash@example.org\\r\\nSubject: before the crash\\r\\n\\r\\nbody\\r\\n';
      const sent = await client.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) } }));
      console.log(sent.MessageId);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const messageId = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );

    // Act
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const reopened = await openMailCapture({ dataDir });

    // Assess
    expect(reopened.list()).toMatchObject([
      { message_id: messageId, to: ['crash@example.org'], subject: 'before the crash', text: 'body\n' },
    ]);
    await reopened.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
