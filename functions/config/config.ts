// Herald's configuration: herald.config.json, validated once at start-up (fail fast).
// In the Lambda bundles `#config/config` is infra/constructs/bundle-substitutes/config.mjs: this
// file's parseConfig answer, computed when the bundle is built (a bad config fails the synth), so
// zod stays out of them; a bundle may import loadConfig only (test/handlers/bundled-config.test.ts).
import { z } from 'zod';
import { resolveSeverityPolicy, type SeverityPolicy, type Severity } from '#core/severity';
import rawConfig from '../../herald.config.json' with { type: 'json' };

const pageSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.url(),
  time_zone: z.string().default('Etc/UTC'),
  logo_url: z.string().nullable().default(null),
  links: z.array(z.object({ label: z.string(), url: z.string() })).default([]),
  colors: z.object({ accent: z.string().default('#2563eb') }).default({ accent: '#2563eb' }),
});

const configSchema = z.object({
  page: pageSchema,
  severities: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  email: z.object({
    from: z.string().min(3),
    responders: z.array(z.string()).default([]),
    configuration_set: z.string().default('herald'),
  }),
  subscriptions: z
    .object({
      rate_limit: z.object({ requests: z.number().int().positive(), window_seconds: z.number().int().positive() }),
      /** Confirmation mails per hour from all clients together (each subscribe request counts). */
      confirmations_per_hour: z.number().int().positive().default(200),
    })
    .default({ rate_limit: { requests: 20, window_seconds: 600 }, confirmations_per_hour: 200 }),
  maintenance: z.object({ reminder_minutes: z.number().int().nonnegative() }).default({ reminder_minutes: 60 }),
  /** The first admins (app/people/ensure-configured-admins.ts): each address is an admin after every start. */
  people: z.object({ admins: z.array(z.string().trim().min(3).max(320)).default([]) }).default({ admins: [] }),
  aws: z.record(z.string(), z.unknown()).default({}),
});

export type PageConfig = z.infer<typeof pageSchema>;

export interface HeraldConfig extends Omit<z.infer<typeof configSchema>, 'severities'> {
  severities: Record<Severity, SeverityPolicy>;
}

/** Validates a config object (herald.config.json's shape) and resolves the severity policy. */
export function parseConfig(input: unknown, overrides: { pageUrl?: string } = {}): HeraldConfig {
  const parsed = configSchema.parse(input);
  const page = overrides.pageUrl ? { ...parsed.page, url: overrides.pageUrl } : parsed.page;
  return {
    ...parsed,
    page: { ...page, url: page.url.replace(/\/+$/, '') },
    severities: resolveSeverityPolicy(parsed.severities as Parameters<typeof resolveSeverityPolicy>[0]),
  };
}

/** The bundled herald.config.json, with PAGE_URL from the environment taking precedence. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HeraldConfig {
  return parseConfig(rawConfig, { pageUrl: env.PAGE_URL });
}
