// The captured mail as a page for a person, newest first. Everything from a mail is escaped;
// its HTML part is shown in an iframe with an empty sandbox (no scripts, no forms, no
// navigation of this page), through srcdoc so it is never served from this origin.
import type { CapturedMail } from './mail-message';

export function renderMailPage(mails: readonly CapturedMail[]): string {
  const items = [...mails].reverse().map(renderMail).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Captured mail (${mails.length})</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1f24; }
  article { border: 1px solid #d0d7de; border-radius: 6px; margin: 1rem 0; padding: 0 1rem 1rem; }
  h2 { font-size: 1.1rem; margin: 1rem 0 .25rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: .5rem 0; }
  dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
  pre { background: #f6f8fa; padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  iframe { border: 1px solid #d0d7de; width: 100%; height: 28rem; background: #fff; }
  summary { cursor: pointer; color: #0969da; }
  code { font-size: .9em; }
</style>
</head>
<body>
<h1>Captured mail</h1>
<p>${mails.length} message${mails.length === 1 ? '' : 's'}, newest first. JSON at <code>GET /_local/mail</code> (oldest first); empty it with <code>DELETE /_local/mail</code>.</p>
${items || '<p>No mail yet.</p>'}
</body>
</html>
`;
}

function renderMail(mail: CapturedMail): string {
  const headerRows = Object.entries(mail.headers)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return `<article>
<h2>${escapeHtml(mail.subject || '(no subject)')}</h2>
<dl>
<dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>To</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>
<dt>Date</dt><dd>${escapeHtml(mail.headers.Date ?? '')}</dd>
<dt>Message id</dt><dd><code>${escapeHtml(mail.message_id)}</code></dd>
</dl>
<details><summary>Headers</summary><dl>${headerRows}</dl></details>
${mail.html === null ? '' : `<h3>HTML part</h3>\n<iframe sandbox="" referrerpolicy="no-referrer" loading="lazy" title="${escapeHtml(mail.subject)}" srcdoc="${escapeHtml(mail.html)}"></iframe>`}
${mail.text === null ? '' : `<h3>Text part</h3>\n<pre>${escapeHtml(mail.text)}</pre>`}
</article>`;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
