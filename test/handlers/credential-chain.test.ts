// The Lambda bundles replace the SDK credential providers a function never reaches
// (infra/constructs/bundle-substitutes/aws-credential-providers.mjs): a client in a bundle must
// still take the credentials Lambda puts in the environment, exactly, and still end the chain with
// the SDK's own error when there are none; and the STS/SSO clients must stay out of the bundle.
import { build, type Metafile } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';
import { esbuildOptions } from '../../infra/constructs/bundling';

const dir = mkdtempSync(join(tmpdir(), 'herald-credential-chain-'));
const probe = join(dir, 'probe.mjs');
let metafile: Metafile;

beforeAll(async () => {
  // The document client every handler builds (functions/adapters/dynamodb/client.ts), asked for
  // its credentials as a request would.
  const contents = [
    "import { createDocumentClient } from '#adapters/dynamodb/client';",
    'try {',
    '  const credentials = await createDocumentClient().config.credentials();',
    '  console.log(JSON.stringify({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken } }));',
    '} catch (error) {',
    '  console.log(JSON.stringify({ error: error.name, message: error.message }));',
    '}',
  ].join('\n');
  const { entryPoints: _entry, ...options } = esbuildOptions('api', probe);
  ({ metafile } = await build({ ...options, metafile: true, stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'probe.ts' }, logLevel: 'silent' }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  const out = execFileSync(process.execPath, [probe], {
    encoding: 'utf8',
    env: { ...clean, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1', AWS_REGION: 'us-east-1', HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', ...env },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { credentials?: Record<string, string>; error?: string; message?: string };
}

describe('credentials in a Lambda bundle', () => {
  it("are the environment's, as Lambda gives them", () => {
    const given = { accessKeyId: 'ASIAEXAMPLEEXAMPLE', secretAccessKey: 'secret/example', sessionToken: 'session-token-example' };
    expect(run({ AWS_ACCESS_KEY_ID: given.accessKeyId, AWS_SECRET_ACCESS_KEY: given.secretAccessKey, AWS_SESSION_TOKEN: given.sessionToken })).toEqual({
      credentials: given,
    });
  });

  it("end with the SDK's own error when there are none", () => {
    expect(run({})).toEqual({ error: 'CredentialsProviderError', message: 'Could not load credentials from any providers' });
  });

  it('leave the STS and SSO clients and the file, process and token providers out of the bundle', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => /@aws-sdk\/(nested-clients|credential-provider-(ini|sso|process|web-identity)|token-providers)\//.test(path))).toEqual([]);
    expect(inputs).toContain('node_modules/@aws-sdk/credential-provider-env/dist-es/fromEnv.js');
  });
});
