import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseAddress, resolveSettings } from '../../infra/config';

const config = loadConfigFile();
const settings = (context: Record<string, unknown> = {}) => resolveSettings(config, (key) => context[key]);

describe('resolveSettings', () => {
  it('takes the sender address and its domain from email.from', () => {
    expect(parseAddress('Herald Status <status@example.com>')).toBe('status@example.com');
  });

  it('accepts a bare sender address', () => {
    expect(parseAddress('status@example.com')).toBe('status@example.com');
  });

  it('rejects a sender that is not an address', () => {
    expect(() => parseAddress('Herald Status')).toThrow(/not an address/);
  });

  it('prefers context over herald.config.json', () => {
    expect(settings({ alarmEmail: 'ops@example.com' }).alarmEmail).toBe('ops@example.com');
  });

  it('requires the domain and the certificate together', () => {
    expect(() => settings({ domainName: 'status.example.com' })).toThrow(/together/);
  });

  it('refuses a certificate outside us-east-1', () => {
    expect(() =>
      settings({ domainName: 'status.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }),
    ).toThrow(/us-east-1/);
  });

  it('refuses an unknown sesIdentity mode', () => {
    expect(() => settings({ sesIdentity: 'maybe' })).toThrow(/sesIdentity/);
  });
});
