// How every Lambda handler is bundled: one definition, used by the functions construct and by the
// bundle tests, so what CI loads and invokes is byte for byte what `cdk deploy` uploads.
import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from '../config';
import { writeBundledConfig } from './bundle-config';

/** Entry points under functions/handlers/, one Lambda function each. */
export const HANDLERS = ['api', 'publisher', 'rebuild', 'mailer', 'bounces', 'scheduler', 'channels'] as const;
export type HandlerName = (typeof HANDLERS)[number];

export const handlerEntry = (name: HandlerName): string => `functions/handlers/${name}.ts`;

/** ESM needs `require` for the CommonJS dependencies esbuild inlines (nodemailer, sanitize-html …). */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __heraldCreateRequire } from 'node:module'; const require = __heraldCreateRequire(import.meta.url);";

/**
 * Packages replaced in the bundles by a smaller module of the same behaviour for what Herald uses
 * (each file says why, and test/infra/bundle-substitutes.test.ts holds them to it): zod without
 * its locales, sanitize-html's htmlparser2 without the DOM tools and its postcss without postcss.
 * Together about 460 KiB of every bundle that sanitizes (255 KiB of the others), which Lambda would
 * otherwise parse on each cold start.
 */
export const BUNDLE_SUBSTITUTES: Record<string, string> = {
  zod: join(REPO_ROOT, 'infra/constructs/bundle-substitutes/zod.mjs'),
  htmlparser2: join(REPO_ROOT, 'infra/constructs/bundle-substitutes/htmlparser2.mjs'),
  postcss: join(REPO_ROOT, 'infra/constructs/bundle-substitutes/postcss.mjs'),
  // The SDK credential providers a Lambda function never reaches (environment credentials come
  // first), and the STS/SSO clients they bring: about 90 KiB of every bundle.
  ...Object.fromEntries(
    ['ini', 'sso', 'process', 'web-identity'].map((source) => [
      `@aws-sdk/credential-provider-${source}`,
      join(REPO_ROOT, 'infra/constructs/bundle-substitutes/aws-credential-providers.mjs'),
    ]),
  ),
};

/**
 * `#config/config` in the bundles: herald.config.json validated when the bundle is built
 * (bundle-config.ts writes it before each build), not on every cold start, which keeps zod out
 * of the bundles that needed it only for that: about 140 KiB of the publisher, the rebuild and
 * the functions besides the API. The substitute says why that is the same check.
 */
export const BUNDLED_CONFIG: Record<string, string> = {
  '#config/config': join(REPO_ROOT, 'infra/constructs/bundle-substitutes/config.mjs'),
};

/**
 * `@smithy/core/event-streams` in the bundles: stand-ins that throw for the event-stream
 * operations Herald never calls (the file says which), about 14 KiB of every bundle.
 */
export const LEFT_OUT_OF_BUNDLES: Record<string, string> = {
  '@smithy/core/event-streams': join(REPO_ROOT, 'infra/constructs/bundle-substitutes/smithy-event-streams.mjs'),
};

const ALIASES: Record<string, string> = { ...BUNDLE_SUBSTITUTES, ...BUNDLED_CONFIG, ...LEFT_OUT_OF_BUNDLES };

/**
 * esbuild runs locally (the project's pinned esbuild, never Docker). Everything is bundled,
 * the AWS SDK included: the versions CI tests are the versions that run, not whatever SDK the
 * Lambda runtime happens to ship this month.
 */
export const HANDLER_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_SHIM,
  bundleAwsSDK: true,
  externalModules: [],
  // Given to the esbuild CLI as --alias:zod=… (one per entry).
  esbuildArgs: { '--alias': Object.entries(ALIASES).map(([name, file]) => `${name}=${file}`) },
  forceDockerBundling: false,
  // esbuild's size table (and its "large bundle" warnings) on every synth is noise; errors still print.
  logLevel: LogLevel.ERROR,
  // The publisher imports the precompiled Astro renderer (dist/renderer/entry.mjs); build it
  // first when site/src changed, so that `cdk synth` works on a fresh clone. Silent unless it fails.
  // The validated config (BUNDLED_CONFIG) is written here, in the synth process, as the bundling
  // commands are put together: before esbuild runs, and throwing (failing the synth) on a bad config.
  commandHooks: {
    beforeBundling: (inputDir: string) => {
      writeBundledConfig();
      return [`node "${inputDir}/infra/bin/run-quietly.mjs" node "${inputDir}/site/scripts/build-renderer.mjs" --if-stale`];
    },
    beforeInstall: () => [],
    afterBundling: () => [],
  },
} satisfies BundlingOptions;

/**
 * The same build through esbuild's JS API (benchmarks, ad-hoc builds); the bundle test checks
 * that it produces the very bytes the construct uploads. NodejsFunction passes them
 * to the esbuild CLI as `--format=esm --target=node22 --minify --sourcemap …`.
 */
export function esbuildOptions(name: HandlerName, outfile: string): BuildOptions {
  writeBundledConfig(); // as the construct's beforeBundling hook does
  return {
    absWorkingDir: REPO_ROOT, // NodejsFunction runs esbuild in the project root
    entryPoints: [join(REPO_ROOT, handlerEntry(name))],
    outfile,
    bundle: true,
    platform: 'node', // NodejsFunction always bundles with --platform=node
    format: 'esm',
    target: HANDLER_BUNDLING.target,
    minify: HANDLER_BUNDLING.minify,
    sourcemap: HANDLER_BUNDLING.sourceMap,
    sourcesContent: HANDLER_BUNDLING.sourcesContent,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    banner: { js: HANDLER_BUNDLING.banner },
    external: [...HANDLER_BUNDLING.externalModules],
    alias: { ...ALIASES },
    logLevel: 'error',
  };
}
