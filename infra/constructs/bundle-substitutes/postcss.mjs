// What `postcss` resolves to in the Lambda bundles (infra/constructs/bundling.ts). sanitize-html
// requires postcss only to filter `style` attributes, and Herald's allowlist
// (functions/content/sanitize.ts) allows no `style` attribute, so it is never called: this keeps
// postcss and source-map-js (87 KiB) out of every bundle that sanitizes. Were `style` ever
// allowed, sanitize-html catches this error and drops the attribute, so the bundles fail closed;
// test/infra/bundle-substitutes.test.ts checks both.
export function parse() {
  throw new Error('postcss is not in the Lambda bundles (infra/constructs/bundle-substitutes/postcss.mjs)');
}
