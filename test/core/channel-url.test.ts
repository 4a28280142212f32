import { describe, expect, it } from 'vitest';
import {
  assertChannelUrl,
  checkChannelUrl,
  forbiddenAddressRange,
  isAllowedHost,
  MAX_CHANNEL_URL_LENGTH,
  type ChannelUrlCheck,
} from '#core/channel-url';
import { ValidationError } from '#core/errors';

const reason = (check: ChannelUrlCheck) => (check.ok ? 'ok' : check.reason);
const LOCAL = { allowHosts: ['127.0.0.1', 'localhost:3000/_local/webhooks'], allowHttp: true };

describe('checkChannelUrl: every refusal reason', () => {
  it.each([
    ['not a URL', 'example.com/hook', 'invalid'],
    ['plain http', 'http://example.com/hook', 'not_https'],
    ['another scheme', 'ftp://example.com/hook', 'not_https'],
    ['a file URL', 'file:///etc/passwd', 'not_https'],
    ['a user and password', 'https://user:pass@example.com/hook', 'credentials'],
    ['a user alone', 'https://user@example.com/hook', 'credentials'],
    ['localhost', 'https://localhost/hook', 'local_name'],
    ['a .localhost name', 'https://api.localhost/hook', 'local_name'],
    ['a single-label name', 'https://intranet/hook', 'local_name'],
  ])('refuses %s', (_, url, expected) => {
    expect(reason(checkChannelUrl('webhook', url))).toBe(expected);
  });

  it(`refuses a URL longer than ${MAX_CHANNEL_URL_LENGTH} characters, and takes one of exactly that length`, () => {
    const base = 'https://example.com/';
    expect(reason(checkChannelUrl('webhook', base + 'a'.repeat(MAX_CHANNEL_URL_LENGTH - base.length + 1)))).toBe('too_long');
    expect(reason(checkChannelUrl('webhook', base + 'a'.repeat(MAX_CHANNEL_URL_LENGTH - base.length)))).toBe('ok');
  });

  it.each([
    ['IPv4 loopback', 'https://127.0.0.1/h', 'loopback'],
    ['IPv4 loopback elsewhere in 127/8', 'https://127.1.2.3/h', 'loopback'],
    ['IPv4 loopback as one decimal number', 'https://2130706433/h', 'loopback'],
    ['IPv4 loopback in hex and short form', 'https://0x7f.1/h', 'loopback'],
    ['10/8', 'https://10.0.0.5/h', 'private'],
    ['172.16/12', 'https://172.20.1.1/h', 'private'],
    ['192.168/16', 'https://192.168.1.1/h', 'private'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['CGNAT', 'https://100.64.0.1/h', 'carrierGradeNat'],
    ['multicast', 'https://224.0.0.1/h', 'multicast'],
    ['unspecified', 'https://0.0.0.0/h', 'unspecified'],
    ['broadcast', 'https://255.255.255.255/h', 'broadcast'],
    ['IPv6 loopback', 'https://[::1]/h', 'loopback'],
    ['IPv6 unspecified', 'https://[::]/h', 'unspecified'],
    ['IPv6 ULA', 'https://[fd12:3456::1]/h', 'uniqueLocal'],
    ['IPv6 link-local', 'https://[fe80::1]/h', 'linkLocal'],
    ['IPv6 multicast', 'https://[ff02::1]/h', 'multicast'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/h', 'ipv4Mapped loopback'],
    ['IPv4-mapped metadata (hex)', 'https://[::ffff:a9fe:a9fe]/h', 'ipv4Mapped linkLocal'],
    ['IPv4-compatible loopback', 'https://[::127.0.0.1]/h', 'ipv4Compatible loopback'],
    ['IPv4-translated private', 'https://[::ffff:0:10.0.0.1]/h', 'rfc6145 private'],
    ['NAT64 metadata', 'https://[64:ff9b::169.254.169.254]/h', 'rfc6052 linkLocal'],
    ['local-use NAT64 private', 'https://[64:ff9b:1::10.0.0.1]/h', 'rfc6052 private'],
    ['6to4 of loopback', 'https://[2002:7f00:1::]/h', '6to4 loopback'],
    ['Teredo', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/h', 'teredo'],
  ])('refuses an address literal: %s', (_, url, range) => {
    // Act
    const check = checkChannelUrl('webhook', url);
    // Assess
    expect(reason(check)).toBe('forbidden_address');
    expect(check.ok ? '' : check.message).toContain(`(${range})`);
  });

  it.each([
    ['a public name', 'https://example.com/hook?x=1'],
    ['a public IPv4 address', 'https://8.8.8.8/hook'],
    ['a public IPv6 address', 'https://[2606:4700::1111]/hook'],
    ['the IPv4-mapped form of a public address', 'https://[::ffff:8.8.8.8]/hook'],
    ['NAT64 of a public address', 'https://[64:ff9b::8.8.8.8]/hook'],
    ['a port', 'https://example.com:8443/hook'],
  ])('accepts %s', (_, url) => {
    expect(reason(checkChannelUrl('webhook', url))).toBe('ok');
  });

  it('throws a ValidationError naming url and the reason', () => {
    let error: unknown;
    try {
      assertChannelUrl('webhook', 'http://example.com/hook');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ path: 'url', message: expect.stringMatching(/^not_https: .*https/) }]);
  });
});

describe('checkChannelUrl: Slack and Teams', () => {
  it('takes a Slack incoming webhook URL and refuses anything else for Slack', () => {
    expect(reason(checkChannelUrl('slack', 'https://hooks.slack.com/services/T0001/B0002/XXXXXXXX'))).toBe('ok');
    expect(reason(checkChannelUrl('slack', 'https://example.com/services/T0001/B0002/XXXXXXXX'))).toBe('not_slack');
    expect(reason(checkChannelUrl('slack', 'https://hooks.slack.com/other/T0001'))).toBe('not_slack');
    expect(reason(checkChannelUrl('slack', 'https://hooks.slack.com.evil.example/services/T1/B2/x'))).toBe('not_slack');
    expect(reason(checkChannelUrl('slack', 'http://hooks.slack.com/services/T1/B2/x'))).toBe('not_https');
  });

  it('takes a Teams Workflows URL (Logic Apps or Power Platform) and refuses anything else for Teams', () => {
    expect(
      reason(checkChannelUrl('teams', 'https://prod-12.westus.logic.azure.com:443/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x')),
    ).toBe('ok');
    expect(
      reason(checkChannelUrl('teams', 'https://default0a1b.02.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/0a1b/triggers/manual/paths/invoke')),
    ).toBe('ok');
    expect(reason(checkChannelUrl('teams', 'https://outlook.office.com/webhook/abc'))).toBe('not_teams');
    expect(reason(checkChannelUrl('teams', 'https://prod-12.westus.logic.azure.com/other/0a1b'))).toBe('not_teams');
    expect(reason(checkChannelUrl('teams', 'https://hooks.slack.com/services/T1/B2/x'))).toBe('not_teams');
  });

  it('a webhook may point at a Slack or Teams host too (it is just a URL)', () => {
    expect(reason(checkChannelUrl('webhook', 'https://hooks.slack.com/services/T1/B2/x'))).toBe('ok');
  });
});

describe('checkChannelUrl: the local stack\'s allowed hosts', () => {
  it('allows http and a loopback address on an allowed host, only when told so', () => {
    expect(reason(checkChannelUrl('webhook', 'http://127.0.0.1:9000/hook', LOCAL))).toBe('ok');
    expect(reason(checkChannelUrl('webhook', 'http://127.0.0.1:9000/hook'))).toBe('not_https');
    expect(reason(checkChannelUrl('webhook', 'https://127.0.0.1:9000/hook'))).toBe('forbidden_address');
    // allowed hosts without allowHttp: https to them, never http
    expect(reason(checkChannelUrl('webhook', 'http://127.0.0.1:9000/hook', { allowHosts: ['127.0.0.1'] }))).toBe('not_https');
    expect(reason(checkChannelUrl('webhook', 'https://127.0.0.1:9000/hook', { allowHosts: ['127.0.0.1'] }))).toBe('ok');
  });

  it('keeps refusing hosts that are not on the list, and credentials on those that are', () => {
    expect(reason(checkChannelUrl('webhook', 'http://10.0.0.1/hook', LOCAL))).toBe('not_https');
    expect(reason(checkChannelUrl('webhook', 'https://10.0.0.1/hook', LOCAL))).toBe('forbidden_address');
    expect(reason(checkChannelUrl('webhook', 'http://a:b@127.0.0.1/hook', LOCAL))).toBe('credentials');
  });

  it('limits an entry with a port and path to that port and path (the stack\'s own /_local/webhooks)', () => {
    expect(reason(checkChannelUrl('webhook', 'http://localhost:3000/_local/webhooks', LOCAL))).toBe('ok');
    expect(reason(checkChannelUrl('webhook', 'http://localhost:3000/_local/webhooks/abc', LOCAL))).toBe('ok');
    expect(reason(checkChannelUrl('webhook', 'http://localhost:3000/v1/incidents', LOCAL))).toBe('not_https');
    expect(reason(checkChannelUrl('webhook', 'http://localhost:3001/_local/webhooks', LOCAL))).toBe('not_https');
    expect(reason(checkChannelUrl('webhook', 'http://localhost:3000/_local/webhooksX', LOCAL))).toBe('not_https');
  });

  it('takes a Slack or Teams receiver on an allowed host when its path is shaped like theirs', () => {
    expect(reason(checkChannelUrl('slack', 'http://127.0.0.1:9000/services/T01/B02/secret', LOCAL))).toBe('ok');
    expect(reason(checkChannelUrl('slack', 'http://localhost:3000/_local/webhooks/services/T01/B02/x', LOCAL))).toBe('ok');
    expect(reason(checkChannelUrl('slack', 'http://127.0.0.1:9000/hook', LOCAL))).toBe('not_slack');
    expect(reason(checkChannelUrl('teams', 'http://127.0.0.1:9000/workflows/abc/triggers/manual', LOCAL))).toBe('ok');
    expect(reason(checkChannelUrl('teams', 'http://127.0.0.1:9000/hook', LOCAL))).toBe('not_teams');
  });

  it('matches hosts case-insensitively and IPv6 with or without brackets', () => {
    expect(isAllowedHost(['LocalHost'], 'localhost')).toBe(true);
    expect(isAllowedHost(['[::1]'], '::1')).toBe(true);
    expect(isAllowedHost(['::1'], '[::1]')).toBe(true);
    expect(isAllowedHost([], 'localhost')).toBe(false);
    expect(isAllowedHost(undefined, 'localhost')).toBe(false);
  });
});

describe('forbiddenAddressRange', () => {
  it('names the range of a forbidden address and null for a public one', () => {
    expect(forbiddenAddressRange('169.254.169.254')).toBe('linkLocal');
    expect(forbiddenAddressRange('fe80::1%eth0')).toBe('linkLocal');
    expect(forbiddenAddressRange('fec0::1')).toBe('deprecatedSiteLocal');
    expect(forbiddenAddressRange('2001:db8::1')).toBe('reserved');
    expect(forbiddenAddressRange('93.184.215.14')).toBeNull();
    expect(forbiddenAddressRange('2a00:1450:4001::200e')).toBeNull();
    expect(forbiddenAddressRange('not an address')).toBe('unparseable');
  });
});
