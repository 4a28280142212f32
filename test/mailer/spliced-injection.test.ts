// Header and MIME injection through the per-recipient parts a compiled mail splices in
// (compiled-mail.ts): a recipient address or a token carrying CR, LF, NUL or MIME boundary text
// adds no header field and no part, and gives the bytes nodemailer gives composing from scratch;
// and an address that passed Herald's own validation can't carry any of them.
import { describe, expect, it } from 'vitest';
import { isValidEmail } from '#app/subscriptions/email-address';
import { parseConfig } from '#config/config';
import { headerFields, readMail } from '#local/mail-message';
import { compileMail } from '#mailer/compiled-mail';
import { composeMail, type MailUniques } from '#mailer/compose';
import { notificationMailFor } from '#mailer/send-batch';
import { renderNotificationMail } from '#mailer/templates/notification-mail';
import rawConfig from '../../herald.config.json' with { type: 'json' };

const config = parseConfig(rawConfig, { pageUrl: 'https://status.example.com' });
const mailFor = notificationMailFor(
  config.page,
  'Herald Status <status@example.com>',
  renderNotificationMail(
    {
      kind: 'incident',
      subject_id: 'INC-20261127-0905',
      seq: 1,
      title: 'Checkout is failing',
      status: 'investigating',
      message: 'Payments fail. We are investigating.',
      posted_at: '2026-11-27T09:20:00.000Z',
      window: null,
      affected: [{ name: 'Checkout', status: 'major_outage' }],
      components: [],
      next_update_at: null,
    },
    config.page,
  ),
);

const uniques = (n: number): MailUniques => ({
  messageId: `<${n.toString(16).padStart(8, '0')}-1111-2222-3333-444444444444@example.com>`,
  date: new Date(Date.UTC(2026, 10, 27, 9, 20, n % 60)),
  baseBoundary: n.toString(16).padStart(16, 'f'),
});
const TOKEN = 'm.abcdefghijklmnopqrst.0.1795000000.AbCdEfGhIjKlMnOpQrStUv';
const BOUNDARY_TEXT = '----_NmP-ffffffffffffffff-Part_1';

const HOSTILE_ADDRESSES = [
  'a@example.com\r\nBcc: victim@evil.example',
  'a@example.com\nBcc: victim@evil.example',
  'a@example.com\rBcc: victim@evil.example',
  'a@example.com\0Bcc: victim@evil.example',
  `Evil\r\n\r\n${BOUNDARY_TEXT}\r\nContent-Type: text/html\r\n\r\n<h1>phish</h1> <a@example.com>`,
  '"x\r\nBcc: victim@evil.example" <a@example.com>',
  `a@example.com\r\n\r\n${BOUNDARY_TEXT}--`,
];
/** Tokens with control characters: composeMail writes List-Unsubscribe as given, so these are refused. */
const HOSTILE_TOKENS = [
  `${TOKEN}\r\nBcc: victim@evil.example`,
  `${TOKEN}\nX-Evil: 1`,
  `${TOKEN}\rX-Evil: 1`,
  `${TOKEN}\0`,
  `${TOKEN}\r\n\r\n${BOUNDARY_TEXT}\r\nContent-Type: text/html\r\n\r\n<h1>phish</h1>`,
];
/** Tokens of the slot's own alphabet that spell the boundary: spliced, harmlessly. */
const BOUNDARY_TOKENS = [BOUNDARY_TEXT, `${BOUNDARY_TEXT}--`, `--_NmP-${'f'.repeat(16)}-Part_1`];
/** Addresses Herald accepts, with the boundary's text and encoded-word look-alikes in them. */
const VALID_LOOKALIKES = ['--_nmp-ffffffffffffffff-part_1@example.com', '=?utf-8?q?=0d=0abcc=3a_v?=@evil.example', "o'brien+{x}|~=&%@example.com"];

/** What a reader's mail program sees: header names, recipients, and the parts. */
async function shape(raw: Buffer) {
  const headerSection = raw.subarray(0, raw.indexOf('\r\n\r\n'));
  const parsed = await readMail('id', raw);
  const boundary = /boundary="([^"]+)"/.exec(headerFields(raw)['Content-Type']!)![1]!;
  return {
    names: Object.keys(headerFields(raw)).sort(),
    nulInHeaders: headerSection.includes(0),
    delimiters: raw.toString('latin1').split('\r\n').filter((line) => line.startsWith(`--${boundary}`)).length,
    parts: [parsed.text !== null, parsed.html !== null],
    phish: raw.toString('latin1').includes('<h1>phish</h1>') && parsed.html?.includes('<h1>phish</h1>'),
  };
}

describe('the per-recipient parts of a spliced mail', () => {
  it('add no header field and no part for an address or token carrying CR, LF, NUL or boundary text, as nodemailer from scratch', async () => {
    // Prepare
    const compiled = await compileMail(mailFor);
    expect(compiled.spliced).toBe(true);
    const benign = await shape(await compiled.compose('ana@example.org', TOKEN, uniques(1)));
    expect(benign).toEqual({ names: expect.arrayContaining(['To', 'List-Unsubscribe']), nulInHeaders: false, delimiters: 3, parts: [true, true], phish: false });

    let n = 2;
    const cases = [
      ...HOSTILE_ADDRESSES.map((to) => [to, TOKEN] as const),
      ...BOUNDARY_TOKENS.map((token) => ['ana@example.org', token] as const),
      ...VALID_LOOKALIKES.map((to) => [to, TOKEN] as const),
    ];
    for (const [to, token] of cases) {
      // Act
      const spliced = await compiled.compose(to, token, uniques(n));
      const scratch = await composeMail({ ...mailFor(token), to }, uniques(n));
      n++;

      // Assess: nodemailer's bytes, and the benign mail's shape
      expect(spliced.toString('latin1'), JSON.stringify([to, token])).toBe(scratch.toString('latin1'));
      expect(await shape(spliced), JSON.stringify([to, token])).toEqual(benign);
    }
  });

  it('refuses a token with CR, LF or NUL rather than write it into List-Unsubscribe, spliced or composed in full', async () => {
    const compiled = await compileMail(mailFor);
    const unspliceable = await compileMail((slot) => ({ ...mailFor(slot), from: `${slot} <status@example.com>` }));
    expect([compiled.spliced, unspliceable.spliced]).toEqual([true, false]);
    for (const token of HOSTILE_TOKENS) {
      await expect(compiled.compose('ana@example.org', token, uniques(1)), JSON.stringify(token)).rejects.toThrow(/control character/);
      await expect(unspliceable.compose('ana@example.org', token, uniques(1)), JSON.stringify(token)).rejects.toThrow(/control character/);
    }
  });

  it('refuses, in any mail composed in full, a header field written as given that holds a control character', async () => {
    const mail = { from: 'Status <status@example.com>', to: 'ana@example.org', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' };
    for (const value of ['<https://status.example.com/x>\r\nBcc: victim@evil.example', 'ok\n', 'ok\u0000', 'tab\there']) {
      await expect(composeMail({ ...mail, headers: { 'List-Id': value } }), JSON.stringify(value)).rejects.toThrow(/control character/);
    }
    await expect(composeMail({ ...mail, headers: { 'X-A: 1\r\nBcc': 'v@evil.example' } })).rejects.toThrow(/control character/);
    await expect(composeMail({ ...mail, headers: { 'List-Id': 'Herald Status <status.example.com>' } })).resolves.toBeInstanceOf(Buffer);
  });

  it('can’t be given such an address by a subscriber: Herald’s validation refuses every one', () => {
    for (const address of HOSTILE_ADDRESSES) expect([address, isValidEmail(address)]).toEqual([address, false]);
    for (const address of ['a@exa\tmple.com', 'a\u0000@example.com', 'a b@example.com', '"a"@example.com', 'a@exa\nmple.com', 'jörg@bücher.example']) {
      expect([address, isValidEmail(address)]).toEqual([address, false]);
    }
    // The look-alikes pass, and the test above shows they add nothing
    for (const address of VALID_LOOKALIKES) expect([address, isValidEmail(address)]).toEqual([address, true]);
  });
});
