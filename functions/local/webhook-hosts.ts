// Where the local stack's channel endpoints may point besides public https URLs: the hosts in
// HERALD_ALLOW_WEBHOOK_HOSTS (comma-separated: `127.0.0.1`, `localhost:9000`…), over plain http
// too, and the stack's own /_local/webhooks receiver. The deployed stack never reads the variable.
import type { ChannelUrlDeps } from '#app/channels/check-endpoint-url';

export function localWebhookHosts(env: Record<string, string | undefined>, stackUrl: string): ChannelUrlDeps {
  const listed = (env.HERALD_ALLOW_WEBHOOK_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  const { port } = new URL(stackUrl);
  const own = ['localhost', '127.0.0.1'].map((host) => `${host}:${port}/_local/webhooks`);
  return { allowHttp: true, allowHosts: [...listed, ...own] };
}
