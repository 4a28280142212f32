// /_local/webhooks: the local stack's own webhook receiver, like /_local/mail. Every request POSTed
// to /_local/webhooks (or a path under it: /_local/webhooks/<anything>, so that several endpoints
// can point at it) is recorded with its headers, body and signature verdict — checked with the
// `standardwebhooks` library against the secrets of the endpoint(s) whose URL targets that path —
// and answered 204. GET /_local/webhooks lists them (JSON, oldest first), DELETE empties the list,
// /_local/webhooks.html shows them to a person (newest first). Kept in memory (the last 500).
// Local mode only.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import type { ChannelEndpoint } from '#app/channels/endpoint';

/** valid: a signature of one of the endpoint's secrets matches. invalid: none does (or a stale or
 *  malformed timestamp). unsigned: no webhook-signature header (Slack and Teams requests are not
 *  signed). no_endpoint: no endpoint targets this path, so nothing to check against. */
export type SignatureVerdict = 'valid' | 'invalid' | 'unsigned' | 'no_endpoint';

export interface ReceivedWebhook {
  n: number;
  received_at: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  signature: SignatureVerdict;
  /** The endpoints whose URL targets this path. */
  endpoint_ids: string[];
}

const KEEP = 500;

export interface WebhookReceiverOptions {
  /** Every endpoint (store.channelEndpoints.list). */
  endpoints: () => Promise<ChannelEndpoint[]>;
  now: () => string;
}

/** Standard Webhooks' tolerance between `webhook-timestamp` and the receiver's clock. */
const TOLERANCE_S = 5 * 60;

/**
 * The verdict on a request, with `standardwebhooks` computing each secret's signature (its
 * `sign`, so the comparison is the library's HMAC); the timestamp's tolerance is judged by the
 * stack's own clock (the library's `verify` reads the system's, which an injected clock need not be).
 */
export function verifySignature(endpoints: readonly ChannelEndpoint[], body: string, headers: Record<string, string>, nowMs: number): SignatureVerdict {
  if (endpoints.length === 0) return 'no_endpoint';
  const signatures = headers['webhook-signature'];
  if (!signatures) return 'unsigned';
  const id = headers['webhook-id'] ?? '';
  const timestamp = Number(headers['webhook-timestamp']);
  if (!id || !Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > TOLERANCE_S) return 'invalid';
  const offered = signatures.split(' ').filter((s) => s.startsWith('v1,'));
  for (const endpoint of endpoints) {
    for (const { secret } of endpoint.secrets) {
      try {
        const expected = Buffer.from(new Webhook(secret).sign(id, new Date(timestamp * 1000), body));
        if (offered.some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected))) return 'valid';
      } catch {
        // a malformed secret: the next one
      }
    }
  }
  return 'invalid';
}

export function webhookReceiverRoutes(options: WebhookReceiverOptions) {
  const received: ReceivedWebhook[] = [];
  let n = 0;
  const record = async (path: string, req: Request) => {
    const body = await req.text();
    const headers: Record<string, string> = {};
    req.headers.forEach((value, name) => (headers[name] = value));
    const targeting = (await options.endpoints()).filter((endpoint) => pathOf(endpoint.url) === path);
    received.push({
      n: ++n,
      received_at: options.now(),
      path,
      headers,
      body,
      signature: verifySignature(targeting, body, headers, Date.parse(options.now())),
      endpoint_ids: targeting.map((e) => e.id),
    });
    if (received.length > KEEP) received.splice(0, received.length - KEEP);
  };
  return new Hono()
    .post('/_local/webhooks', async (c) => {
      await record(new URL(c.req.url).pathname + new URL(c.req.url).search, c.req.raw);
      return c.body(null, 204);
    })
    .post('/_local/webhooks/*', async (c) => {
      await record(new URL(c.req.url).pathname + new URL(c.req.url).search, c.req.raw);
      return c.body(null, 204);
    })
    .get('/_local/webhooks', (c) => c.json(received))
    .delete('/_local/webhooks', (c) => {
      received.splice(0);
      return c.body(null, 204);
    })
    .get('/_local/webhooks.html', (c) => {
      c.header('Cache-Control', 'no-store');
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      return c.html(renderPage(received));
    });
}

function pathOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function renderPage(list: readonly ReceivedWebhook[]): string {
  const items = [...list]
    .reverse()
    .map(
      (w) => `<article>
<h2>#${w.n} ${escapeHtml(w.path)} <span class="v-${w.signature}">${w.signature.replace('_', ' ')}</span></h2>
<p>${escapeHtml(w.received_at)}${w.endpoint_ids.length ? ` · endpoint ${w.endpoint_ids.map(escapeHtml).join(', ')}` : ''}</p>
<details><summary>Headers</summary><dl>${Object.entries(w.headers)
        .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
        .join('')}</dl></details>
<pre>${escapeHtml(pretty(w.body))}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Received webhooks (${list.length})</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1f24; }
  article { border: 1px solid #d0d7de; border-radius: 6px; margin: 1rem 0; padding: 0 1rem 1rem; }
  h2 { font-size: 1.1rem; margin: 1rem 0 .25rem; overflow-wrap: anywhere; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: .5rem 0; }
  dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
  pre { background: #f6f8fa; padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
  span { font-size: .85rem; padding: 0 .4rem; border-radius: 4px; border: 1px solid currentColor; }
  .v-valid { color: #1a7f37; } .v-invalid { color: #cf222e; } .v-unsigned, .v-no_endpoint { color: #57606a; }
</style>
</head>
<body>
<h1>Received webhooks</h1>
<p>${list.length} request${list.length === 1 ? '' : 's'}, newest first. JSON at <code>GET /_local/webhooks</code> (oldest first); empty it with <code>DELETE /_local/webhooks</code>.</p>
${items || '<p>Nothing received yet.</p>'}
</body>
</html>
`;
}
