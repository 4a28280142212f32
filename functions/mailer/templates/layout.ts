// The HTML frame of every mail: one centred column in a table (what every mail client renders
// alike), inline styles only, system fonts, a hidden preheader (the inbox preview line).
import type { PageConfig } from '#config/config';
import { accentOf, escapeHtml } from './text';

export interface MailFrame {
  title: string;
  preheader: string;
  /** Trusted HTML: the template's own markup, every value in it escaped or sanitised. */
  body: string;
  /** Trusted HTML for the small print at the bottom. */
  footer: string;
}

export function mailLayout(page: PageConfig, frame: MailFrame): string {
  const accent = accentOf(page);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(frame.title)}</title>
<style>
  .content p { margin: 0 0 12px; }
  .content ul, .content ol { margin: 0 0 12px; padding-left: 22px; }
  .content a { color: ${accent}; }
  .content code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 14px; background: #f0f2f4; padding: 1px 4px; border-radius: 4px; }
  .content pre { background: #f0f2f4; padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
  .content pre code { background: none; padding: 0; }
  .content blockquote { margin: 0 0 12px; padding-left: 12px; border-left: 3px solid #d8dee4; color: #59636e; }
  .content h3, .content h4, .content h5, .content h6 { font-size: 16px; margin: 16px 0 8px; }
</style>
</head>
<body style="margin:0;padding:0;background:#f6f7f9;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent;">${escapeHtml(frame.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f7f9;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2328;font-size:16px;line-height:1.5;">
<tr><td style="padding:0 4px 12px;font-size:15px;font-weight:600;">
<a href="${escapeHtml(page.url)}/" style="color:#1f2328;text-decoration:none;">${escapeHtml(page.name)}</a>
</td></tr>
<tr><td style="background:#ffffff;border:1px solid #d8dee4;border-top:4px solid ${accent};border-radius:8px;padding:24px 28px;">
${frame.body}
</td></tr>
<tr><td style="padding:16px 4px;font-size:13px;line-height:1.5;color:#59636e;">
${frame.footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

/** A link styled as a button (a table cell, so Outlook draws it too). */
export function mailButton(page: PageConfig, href: string, text: string): string {
  const accent = accentOf(page);
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:20px 0 4px;"><tr>
<td style="border-radius:6px;background:${accent};"><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 18px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(text)}</a></td>
</tr></table>`;
}
