// A notification's mail composed once and spliced per recipient (functions/mailer/compiled-mail.ts)
// against nodemailer composing each mail from scratch (compose.ts), byte for byte, given the same
// Message-ID, Date and boundary: recipients with non-ASCII names and addresses, long addresses that
// fold, quoted names, a header injection attempt; slot values of every length (they move the
// quoted-printable soft breaks); bodies that nodemailer sends as quoted-printable, base64 or 7bit,
// with '=', long lines, trailing spaces, CRLF, emoji, hostile Markdown and HTML. And what must
// differ between recipients does, and nobody's value reaches another's mail.
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import { describe, expect, it } from 'vitest';
import type { NotificationContent } from '#app/notifications/notification';
import { parseConfig } from '#config/config';
import { readMail } from '#local/mail-message';
import { compileMail, type MailFor } from '#mailer/compiled-mail';
import { composeMail, type MailUniques } from '#mailer/compose';
import { wrapRest, wrapUntil } from '#mailer/qp-wrap';
import { notificationMailFor } from '#mailer/send-batch';
import { renderNotificationMail } from '#mailer/templates/notification-mail';
import rawConfig from '../../herald.config.json' with { type: 'json' };
import { seededRandom } from '../support/seeded-random';

const config = parseConfig(rawConfig, { pageUrl: 'https://status.example.com' });
const FROM = 'Herald Status <status@example.com>';

const SLOT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-';
const rng = seededRandom(14);
const aToken = (length: number) => Array.from({ length }, () => rng.pick([...SLOT_CHARS])).join('');
/** Real manage tokens' shape, and slots from 1 to 150 characters. */
const TOKENS = [
  'm.abcdefghijklmnopqrst.0.1795000000.AbCdEfGhIjKlMnOpQrStUv',
  'm.zyxwvutsrqponmlkjihg.12.1795000000.A-_-_-_-_-_-_-_-_-_-_-',
  ...[1, 2, 3, 17, 44, 45, 46, 75, 76, 77, 150].map(aToken),
];

const RECIPIENTS = [
  'ana@example.org',
  'Ünïcødé Pérson <very.long.address.that.is.long.enough.to.fold.the.header.line@sub.example-domain.example.org>',
  '"Quoted, Name; with = signs" <quoted@example.org>',
  'user+tag@example.co.uk',
  `${'x'.repeat(64)}@${'long-label-'.repeat(6)}example.com`,
  'jörg@bücher.example',
  'name@bücher.example',
  '日本語の名前 <nihon@example.jp>',
  'Evil\r\nBcc: victim@evil.example <evil@example.com>',
];

const uniques = (n: number): MailUniques => ({
  messageId: `<${n.toString(16).padStart(8, '0')}-1111-2222-3333-444444444444@example.com>`,
  date: new Date(Date.UTC(2026, 10, 27, 9, 20, n % 60)),
  baseBoundary: n.toString(16).padStart(16, 'f'),
});

/** A mail of the caller's own shape: the slot in both bodies and in List-Unsubscribe. */
const template =
  (text: (slot: string) => string, html: (slot: string) => string, subject = 'A subject'): MailFor =>
  (slot) => ({
    from: FROM,
    subject,
    text: text(slot),
    html: html(slot),
    headers: {
      'List-Unsubscribe': `<https://status.example.com/v1/subscriptions/unsubscribe?token=${slot}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  });

const LONG_WORD = 'a'.repeat(300);
const CJK = '支払いが失敗しています。調査中です。'.repeat(12);
const TEMPLATES: Record<string, MailFor> = {
  'slot first, last and twice in a row': template(
    (s) => `${s}${s}\nmiddle ${s} line\n${s}`,
    (s) => `<a href="x?t=${s}">${s}</a>${s}`,
  ),
  'short bodies (7bit, and QP of one line)': template(
    (s) => `Hi ${s}`,
    (s) => `<p>Hé ${s}</p>`,
  ),
  "QP-sensitive: '=', trailing spaces, tabs, long lines": template(
    (s) => `a = b   \nx=y\t\n${LONG_WORD}${s}${LONG_WORD}\n=?utf-8?q?not_a_word?= ${s} =3D =\nend`,
    (s) => `<p style="a=b">${'word '.repeat(40)}<a href="https://e.example/?a=1&amp;token=${s}">x</a> ${'é'.repeat(90)}${s}</p>`,
  ),
  'CRLF, lone CR, emoji and surrogate pairs around the slot': template(
    (s) => `line one\r\nline two 🚨${s}🚨\rthree\r\n${'😀'.repeat(40)}${s}`,
    (s) => `<p>🚨${s}</p>\r\n<p>${'ß'.repeat(100)}</p>${s}`,
  ),
  'mostly non-Latin (base64), the slot on and off a 57-byte line': template(
    (s) => `${CJK}${s}${CJK}\n${s}`,
    (s) => `${'é'.repeat(57)}${s}${CJK}${s}${'日'.repeat(19)}`,
  ),
  'a body exactly 57 bytes before the slot': template(
    (s) => `${'日本'.repeat(9)}日${s}本`,
    (s) => `${'x'.repeat(57)}${s}`,
  ),
  'hostile text: boundaries, header-like lines, HTML': template(
    (s) => `----_NmP-0000000000000000-Part_1\r\nContent-Type: text/html\r\n\r\n<script>${s}</script>\nTo: someone@evil.example`,
    (s) => `<img src=x onerror="alert('${s}')">--_NmP-${s}-Part_1--`,
  ),
};

const incident: NotificationContent = {
  kind: 'incident',
  subject_id: 'INC-20261127-0905',
  seq: 2,
  title: 'Checkout = failing: “payments” <b>down</b> for everyone in the EU region, very long title that goes on',
  status: 'identified',
  message: [
    'We found the cause: a **bad deploy** of the gateway at 08:50 UTC. a=b&c=d',
    '',
    '- Card payments fail with `502 Bad Gateway`',
    '- <script>alert(1)</script> [x](javascript:alert(1))',
    '',
    `Runbook: https://runbooks.example.com/${'rollback-procedure/'.repeat(8)}`,
    '',
    '```',
    'curl -s https://api.example.com/health?x=1   # trailing spaces   ',
    '```',
    '> Next update within 30 minutes. Ünïcødé ✓ 🚨',
  ].join('\n'),
  posted_at: '2026-11-27T09:20:00.000Z',
  window: null,
  affected: [
    { name: 'Checkout', status: 'major_outage' },
    { name: 'Paiements — EU', status: 'partial_outage' },
  ],
  components: [],
  next_update_at: '2026-11-27T09:50:00.000Z',
};
const NOTIFICATIONS: Record<string, MailFor> = {
  'an incident with hostile Markdown': notificationMailFor(config.page, FROM, renderNotificationMail(incident, config.page)),
  'maintenance in Japanese': notificationMailFor(
    config.page,
    'ステータス <status@example.com>',
    renderNotificationMail(
      {
        ...incident,
        kind: 'maintenance',
        status: 'scheduled',
        title: 'データベースのメンテナンス',
        message: CJK,
        window: { from: '2026-11-28T01:00:00.000Z', until: '2026-11-28T03:00:00.000Z' },
      },
      config.page,
    ),
  ),
  'a one-word update': notificationMailFor(config.page, FROM, renderNotificationMail({ ...incident, title: 'Down', message: 'Down.', affected: [] }, config.page)),
};

describe('qp-wrap', () => {
  it('gives nodemailer’s wrap when resumed from any point before the end', () => {
    const gen = seededRandom(7);
    const alphabet = ['a', 'b', ' ', '\t', '.', ',', '=', 'é', '日', '🚨', '\n', '\r\n', '-', 'x'.repeat(30)];
    for (let round = 0; round < 150; round++) {
      const text = Array.from({ length: 20 + gen.int(200) }, () => gen.pick(alphabet)).join('');
      const encoded = qpEncode(text);
      if (encoded.length <= 76) continue;
      const whole = qpWrap(encoded, 76);
      for (let cut = 0; cut <= encoded.length; cut += 1 + gen.int(9)) {
        const head = wrapUntil(encoded.slice(0, cut));
        expect(head.out + wrapRest(encoded.slice(head.pos))).toBe(whole);
      }
    }
  });
});

describe('compiled mail', () => {
  const cases = { ...TEMPLATES, ...NOTIFICATIONS };
  for (const [name, mailFor] of Object.entries(cases)) {
    it(`is nodemailer's mail byte for byte for every recipient and slot: ${name}`, async () => {
      // Prepare
      const compiled = await compileMail(mailFor);
      expect(compiled.reason).toBeUndefined();
      expect(compiled.spliced).toBe(true);

      // Act, Assess
      let n = 0;
      for (const to of RECIPIENTS) {
        for (const token of TOKENS) {
          const u = uniques(++n);
          const spliced = await compiled.compose(to, token, u);
          const composed = await composeMail({ ...mailFor(token), to }, u);
          if (!spliced.equals(composed)) expect(spliced.toString('utf8')).toBe(composed.toString('utf8'));
        }
      }
    });
  }

  it('uses quoted-printable, base64 and 7bit bodies where nodemailer does', async () => {
    const encodings = new Set<string>();
    for (const mailFor of Object.values(cases)) {
      const mail = (await (await compileMail(mailFor)).compose('a@example.org', TOKENS[0]!, uniques(1))).toString('utf8');
      for (const match of mail.matchAll(/Content-Transfer-Encoding: (\S+)/g)) encodings.add(match[1]!);
    }
    expect([...encodings].sort()).toEqual(['7bit', 'base64', 'quoted-printable']);
  });

  it('composes in full, with the same bytes, what it cannot splice', async () => {
    const cannot: Record<string, MailFor> = {
      'the slot in the subject': template((s) => `text ${s}`, (s) => `<p>${s}</p>`, 'Subject'),
      'a body ending in a space': template((s) => `text ${s} `, (s) => `<p>${s}</p>`),
      'a body over 32 KiB': template((s) => `${'long line of text '.repeat(2000)}${s}`, (s) => `<p>${s}</p>`),
    };
    const subjectFor = cannot['the slot in the subject']!;
    cannot['the slot in the subject'] = (slot) => ({ ...subjectFor(slot), subject: `Hello ${slot}` });
    for (const mailFor of Object.values(cannot)) {
      const compiled = await compileMail(mailFor);
      expect(compiled.spliced).toBe(false);
      const mine = await compiled.compose(RECIPIENTS[1]!, TOKENS[2]!, uniques(3));
      expect(mine.equals(await composeMail({ ...mailFor(TOKENS[2]!), to: RECIPIENTS[1]! }, uniques(3)))).toBe(true);
    }
    // A slot value that HTML escaping or QP would change is composed in full too.
    const compiled = await compileMail(NOTIFICATIONS['an incident with hostile Markdown']!);
    for (const odd of ['a&b', 'a b', 'a=b', 'é', '<x>', 'a"b']) {
      const mine = await compiled.compose('ana@example.org', odd, uniques(4));
      const theirs = await composeMail({ ...NOTIFICATIONS['an incident with hostile Markdown']!(odd), to: 'ana@example.org' }, uniques(4));
      expect(mine.equals(theirs)).toBe(true);
    }
  });

  it("gives every recipient their own To, token, Message-ID and boundary, and nobody else's", async () => {
    // Prepare: one notification, many recipients, each with a token of their own
    const mailFor = NOTIFICATIONS['an incident with hostile Markdown']!;
    const compiled = await compileMail(mailFor);
    expect(compiled.spliced).toBe(true);
    const people = Array.from({ length: 60 }, (_, i) => ({
      to: i % 3 === 0 ? `Pérson ${i} <person.${i}${'x'.repeat(i)}@example.org>` : `person.${i}@example.org`,
      address: i % 3 === 0 ? `person.${i}${'x'.repeat(i)}@example.org` : `person.${i}@example.org`,
      token: `m.${aToken(20)}.${i}.1795000000.${aToken(22)}`,
    }));

    // Act: nodemailer's own random Message-IDs, dates and boundaries
    const raws = await Promise.all(people.map((p) => compiled.compose(p.to, p.token)));

    // Assess
    const messageIds = new Set<string>();
    const boundaries = new Set<string>();
    for (const [i, raw] of raws.entries()) {
      const me = people[i]!;
      const mail = await readMail('id', raw);
      expect(mail.to).toEqual([me.address]);
      expect(mail.headers['List-Unsubscribe']).toBe(`<https://status.example.com/v1/subscriptions/unsubscribe?token=${me.token}>`);
      expect(mail.text).toContain(`Manage your subscription: https://status.example.com/v1/subscriptions/manage?token=${me.token}\n`);
      expect(mail.text).toContain(`Unsubscribe: https://status.example.com/v1/subscriptions/unsubscribe?token=${me.token}\n`);
      expect(mail.html).toContain(`href="https://status.example.com/v1/subscriptions/manage?token=${me.token}"`);
      expect(mail.html).toContain(`href="https://status.example.com/v1/subscriptions/unsubscribe?token=${me.token}"`);
      const everything = `${JSON.stringify(mail.headers)}${mail.text}${mail.html}`;
      for (const other of people) {
        if (other === me) continue;
        expect(everything).not.toContain(other.token);
        expect(everything).not.toContain(other.address);
      }
      // nodemailer's own shapes: a UUID-like id at the From's domain, 16 hex digits in the boundary
      expect(mail.headers['Message-ID']).toMatch(/^<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@example\.com>$/);
      expect(mail.headers['Content-Type']).toMatch(/^multipart\/alternative; boundary="--_NmP-[0-9a-f]{16}-Part_1"$/);
      messageIds.add(mail.headers['Message-ID']!);
      boundaries.add(mail.headers['Content-Type']!);
    }
    expect(messageIds.size).toBe(people.length);
    expect(boundaries.size).toBe(people.length);
  });
});
