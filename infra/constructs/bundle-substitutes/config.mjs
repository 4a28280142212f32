// What `#config/config` (functions/config/config.ts) resolves to in the Lambda bundles
// (infra/constructs/bundling.ts): the same configuration, validated when the bundle is built
// rather than on every cold start. A bundle holds herald.config.json as it was when it was built,
// so the check gives the same answer at build time as at run time; doing it then keeps zod (about
// 140 KiB) out of every bundle that needed it only for this (the publisher, the rebuild, the
// mailer …), and a config zod refuses now fails `cdk synth` instead of each cold start.
// infra/constructs/bundle-config.ts writes the validated file (parseConfig's answer without the
// PAGE_URL override) before each build; test/handlers/bundled-config.test.ts holds loadConfig
// here to the source's for every environment. parseConfig is left out on purpose: a bundled module
// that imported it would fail the build instead of running without validation.
/* global process, structuredClone */
import validated from '../../../dist/bundle-config/herald.config.json' with { type: 'json' };

/** The validated herald.config.json, with PAGE_URL from the environment taking precedence. */
export function loadConfig(env = process.env) {
  const config = structuredClone(validated);
  // config.ts: `overrides.pageUrl ? { ...parsed.page, url: overrides.pageUrl } : parsed.page`,
  // then the trailing slashes go (the file's own url already lost them when it was validated).
  if (env.PAGE_URL) config.page = { ...config.page, url: env.PAGE_URL.replace(/\/+$/, '') };
  return config;
}
