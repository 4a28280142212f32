import { describe, expect, it } from 'vitest';
import { checkChannelUrl } from '#core/channel-url';
import { localWebhookHosts } from '#local/webhook-hosts';

describe('localWebhookHosts', () => {
  it('allows the listed hosts over http, and the stack\'s own /_local/webhooks only', () => {
    // Prepare
    const options = localWebhookHosts({ HERALD_ALLOW_WEBHOOK_HOSTS: ' 127.0.0.1 , receiver.test:9000,' }, 'http://localhost:3000');
    const ok = (url: string, kind: 'webhook' | 'slack' = 'webhook') => checkChannelUrl(kind, url, options).ok;
    // Assess
    expect(options.allowHttp).toBe(true);
    expect(ok('http://127.0.0.1:8080/hook')).toBe(true);
    expect(ok('http://receiver.test:9000/hook')).toBe(true);
    expect(ok('http://receiver.test:9001/hook')).toBe(false);
    expect(ok('http://localhost:3000/_local/webhooks')).toBe(true);
    expect(ok('http://localhost:3000/_local/webhooks/services/T1/B2/x', 'slack')).toBe(true);
    expect(ok('http://localhost:3000/v1/incidents')).toBe(false);
    expect(ok('http://10.0.0.1/hook')).toBe(false);
  });

  it('allows only the stack\'s own receiver when the variable is unset', () => {
    const options = localWebhookHosts({}, 'http://localhost:4000');
    expect(options.allowHosts).toEqual(['localhost:4000/_local/webhooks', '127.0.0.1:4000/_local/webhooks']);
    expect(checkChannelUrl('webhook', 'http://127.0.0.1:8080/hook', options).ok).toBe(false);
  });
});
