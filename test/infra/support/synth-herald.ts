// Synthesizes Herald's stacks the way `cdk synth` does (cdk.json's feature flags, herald.config.json,
// the given context), into a temporary directory outside the repository. Bundling is skipped
// unless asked for: assertion tests only need the template.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, REPO_ROOT, resolveSettings, type DeploySettings } from '../../../infra/config';
import { createHeraldStacks, type HeraldStacks } from '../../../infra/stacks/herald';

export interface SynthOptions {
  /** CDK context, as `-c key=value` would give it. */
  context?: Record<string, unknown>;
  /** Run esbuild for every function (slow); otherwise assets are placeholders. */
  bundle?: boolean;
  /**
   * Run the CDK's built-in CloudFormation rule validation, as `cdk synth` does. It costs about
   * five seconds of WebAssembly start-up per process, so assertion tests skip it; nag.test.ts
   * keeps it and checks its report.
   */
  validate?: boolean;
}

export interface SynthesizedHerald {
  app: App;
  stacks: HeraldStacks;
  settings: DeploySettings;
  outdir: string;
  /** The stateful stack's template. */
  data: Template;
  /** The app stack's template. */
  template: Template;
  /** Removes the temporary cloud assembly (call it in afterAll). */
  dispose(): void;
}

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export function synthHerald(options: SynthOptions = {}): SynthesizedHerald {
  const outdir = mkdtempSync(join(tmpdir(), 'herald-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const settings = resolveSettings(loadConfigFile(), (key) => app.node.tryGetContext(key));
  const stacks = createHeraldStacks(app, settings);
  const previous = process.env.CDK_VALIDATION;
  if (!options.validate) process.env.CDK_VALIDATION = 'false';
  try {
    return {
      app,
      stacks,
      settings,
      outdir,
      data: Template.fromStack(stacks.data),
      template: Template.fromStack(stacks.app),
      dispose: () => rmSync(outdir, { recursive: true, force: true }),
    };
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}
