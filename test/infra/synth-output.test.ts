// `cdk synth --quiet` prints nothing but errors. The CDK CLI runs the app (cdk.json's "app") with
// the cloud assembly directory and the context in its environment and passes the app's output
// through; this test runs the app the same way, bundling included, and reads what it prints.
// (For an app of several stacks the CLI itself adds one "Successfully synthesized to …" note,
// which the app cannot turn off; `node infra/bin/run-quietly.mjs cdk synth --quiet` drops it too.)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';
import { cdkJsonContext } from './support/synth-herald';

const run = promisify(execFile);
const TSX = join(REPO_ROOT, 'node_modules/.bin/tsx');
const RUN_QUIETLY = join(REPO_ROOT, 'infra/bin/run-quietly.mjs');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function outcome(command: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('cdk synth output', () => {
  const outdirs: string[] = [];
  const synth = (context: Record<string, unknown> = {}) => {
    const outdir = mkdtempSync(join(tmpdir(), 'herald-synth-'));
    outdirs.push(outdir);
    return outcome(TSX, ['infra/bin/app.ts'], {
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), ...context }),
    });
  };
  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  it('prints nothing when the app synthesizes and bundles cleanly', async () => {
    const result = await synth();
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  }, 240_000);

  it('still fails loudly, saying why, on a bad setting', async () => {
    const result = await synth({ domainName: 'status.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/certificateArn must be an ACM certificate in us-east-1/);
  }, 120_000);

  describe('run-quietly', () => {
    const node = process.execPath;

    it('prints nothing for a command that succeeds, however much it says', async () => {
      const result = await outcome(node, [RUN_QUIETLY, node, '-e', 'console.log("built"); console.error("done in 3 s")']);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('prints everything a failing command said, and fails with its exit code', async () => {
      const result = await outcome(node, [RUN_QUIETLY, node, '-e', 'console.log("step 1"); console.error("it broke"); process.exit(3)']);
      expect(result.code).toBe(3);
      expect(result.stderr).toBe('step 1\nit broke\n');
    });
  });
});
