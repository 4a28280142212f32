// Every handler as Lambda runs it: the asset `cdk synth` bundles (in a temporary directory outside
// the repository, so nothing resolves from node_modules), imported by a fresh Node process with
// the function's own environment variables and invoked with a real event shape, against the
// local stand-ins (DynamoDB Local, s3rver); every other AWS endpoint points nowhere, so a handler
// can never reach a real account from here. A bundling mistake, or a variable the handler needs
// and the stack forgot, fails here rather than in production.
import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/config';
import { HANDLERS, esbuildOptions, type HandlerName } from '../../infra/constructs/bundling';
import { HeraldFunction } from '../../infra/constructs/herald-function';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localS3ClientConfig, startS3Local, type S3Local } from '../../functions/local/s3-local';
import { NOWHERE, invokeBundled } from '../support/bundled-handler';
import { createTestTable, type TestTable } from '../support/dynamodb';
import { synthHerald, type SynthesizedHerald } from './support/synth-herald';

const run = promisify(execFile);
const SITE_BUCKET = 'herald-test-site';

interface Bundle {
  dir: string;
  file: string;
  environment: Record<string, string>;
}

function apiGatewayV2Event(method: string, path: string, headers: Record<string, string> = {}) {
  const host = 'abc123def4.execute-api.us-east-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: 'ANY /v1/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      host,
      'user-agent': 'Amazon CloudFront',
      via: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)',
      'x-forwarded-for': '203.0.113.7, 130.176.0.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      'cloudfront-viewer-address': '203.0.113.7:51234',
      // CloudFront's origin header (infra/constructs/origin-verify-secret.ts): only with it may the
      // API trust the viewer address; these routes never ask for the client address.
      'x-herald-origin-verify': 'value-cloudfront-sends',
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123def4',
      domainName: host,
      domainPrefix: 'abc123def4',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: 'ANY /v1/{proxy+}',
      stage: '$default',
      time: '01/Jan/2025:12:00:00 +0000',
      timeEpoch: 1735732800000,
    },
    pathParameters: { proxy: path.replace(/^\/v1\/?/, '') },
    isBase64Encoded: false,
  };
}

const EMPTY_STREAM_EVENT = { Records: [] };

const SES_TRANSIENT_BOUNCE_EVENT = {
  version: '0',
  id: '3f0c6c1a-8b5e-4d0e-9a51-2d6c5b7f0e11',
  'detail-type': 'Email Bounced',
  source: 'aws.ses',
  account: '123456789012',
  time: '2025-01-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ses:us-east-1:123456789012:configuration-set/herald'],
  detail: {
    eventType: 'Bounce',
    bounce: {
      feedbackId: '0100019470a1b2c3-00000000-0000-0000-0000-000000000000-000000',
      bounceType: 'Transient',
      bounceSubType: 'MailboxFull',
      bouncedRecipients: [{ emailAddress: 'reader@example.net', action: 'failed', status: '4.2.2' }],
      timestamp: '2025-01-01T12:00:00.000Z',
      reportingMTA: 'dns; a1-2.smtp-out.amazonses.com',
    },
    mail: {
      timestamp: '2025-01-01T11:59:58.000Z',
      source: 'status@example.com',
      sendingAccountId: '123456789012',
      messageId: '0100019470a1b2c3-11111111-1111-1111-1111-111111111111-000000',
      destination: ['reader@example.net'],
      headersTruncated: false,
      tags: { 'ses:configuration-set': ['herald'] },
    },
  },
};

const SCHEDULED_EVENT = {
  version: '0',
  id: '5b3f3a0e-0000-4000-8000-000000000000',
  'detail-type': 'Scheduled Event',
  source: 'aws.scheduler',
  time: '2025-01-01T12:00:00Z',
  resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/herald-every-minute'],
  detail: { attempt: '1' },
};

describe('handler bundles', () => {
  let herald: SynthesizedHerald;
  let table: TestTable;
  let s3: S3Local;
  const bundles = new Map<HandlerName, Bundle>();
  let s3DataDir: string | undefined;
  const scratchDir = mkdtempSync(join(tmpdir(), 'herald-invoke-'));

  beforeAll(async () => {
    herald = synthHerald({ bundle: true });
    s3DataDir = mkdtempSync(join(tmpdir(), 'herald-s3-'));
    [table, s3] = await Promise.all([
      createTestTable(),
      startS3Local({ port: 0, dataDir: s3DataDir, buckets: [SITE_BUCKET] }),
    ]);
    const testValues: Record<string, string> = {
      TABLE_NAME: table.tableName,
      SITE_BUCKET,
      PAGE_URL: 'https://status.example.test',
      TOKEN_SECRET_NAME: 'herald-test-token-key',
      HERALD_ORIGIN_VERIFY_SECRET_ARN: 'herald-test-origin-verify',
      SES_CONFIGURATION_SET: herald.settings.configurationSetName,
    };
    const functions = herald.stacks.app.node.findAll().filter((c): c is HeraldFunction => c instanceof HeraldFunction);
    for (const fn of functions) {
      const cfn = fn.node.defaultChild as CfnFunction;
      const stack = Stack.of(fn);
      const code = stack.resolve(cfn.code) as { s3Key: string };
      const dir = join(herald.outdir, `asset.${code.s3Key.replace(/\.zip$/, '')}`);
      const variables = (stack.resolve(cfn.environment) as { variables: Record<string, unknown> }).variables;
      const environment = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => {
          if (typeof value === 'string') return [key, value];
          const testValue = testValues[key];
          if (!testValue) throw new Error(`no test value for ${key} (set from a token in the stack)`);
          return [key, testValue];
        }),
      );
      bundles.set(fn.entryName, { dir, file: join(dir, 'index.mjs'), environment });
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all([table?.drop(), s3?.stop()]);
    for (const dir of [scratchDir, s3DataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    herald?.dispose();
  });

  const invoke = (name: HandlerName, event: unknown): Promise<unknown> => {
    const bundle = bundles.get(name)!;
    return invokeBundled({
      bundle: bundle.file,
      event,
      name: `herald-${name}`,
      timeoutMs: 30_000,
      endpoints: { dynamodb: table.endpoint, s3: s3.endpoint },
      env: bundle.environment,
    });
  };

  it('bundles every handler as an ES module with its source map', () => {
    for (const name of HANDLERS) {
      const bundle = bundles.get(name);
      expect(bundle, `no function for ${name}`).toBeDefined();
      expect([existsSync(bundle!.file), existsSync(`${bundle!.file}.map`)], name).toEqual([true, true]);
    }
  });

  it('builds outside the repository, where no node_modules can fill a gap in a bundle', () => {
    const dirs: string[] = [];
    for (let dir = herald.outdir; dir !== parse(dir).root; dir = dirname(dir)) dirs.push(dir);
    expect(herald.outdir.startsWith(REPO_ROOT)).toBe(false);
    expect(dirs.filter((dir) => existsSync(join(dir, 'node_modules')))).toEqual([]);
  });

  it('produces, through the shared esbuild options, the very bytes the construct uploads', async () => {
    const outfile = join(scratchDir, 'esbuild', 'index.mjs');
    await build({ ...esbuildOptions('api', outfile), logLevel: 'silent' });
    expect(readFileSync(outfile, 'utf8')).toBe(readFileSync(bundles.get('api')!.file, 'utf8'));
  });

  it('answers GET /v1/health from the API bundle (API Gateway HTTP API v2 event)', async () => {
    const response = (await invoke('api', apiGatewayV2Event('GET', '/v1/health'))) as {
      statusCode: number;
      body: string;
    };
    expect({ statusCode: response.statusCode, body: JSON.parse(response.body) }).toEqual({
      statusCode: 200,
      body: { status: 'ok' },
    });
  });

  it('refuses GET /v1/components without an API key from the API bundle', async () => {
    const response = (await invoke('api', apiGatewayV2Event('GET', '/v1/components'))) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect([response.statusCode, response.headers['content-type']]).toEqual([401, expect.stringMatching(/^application\/problem\+json/)]);
  });

  it.each(['publisher', 'mailer'] as const)('takes an empty DynamoDB stream batch in the %s bundle', async (name) => {
    const result = (await invoke(name, EMPTY_STREAM_EVENT)) as { batchItemFailures?: unknown[] } | null;
    expect(result?.batchItemFailures ?? []).toEqual([]);
  });

  // For these the claim is that the invocation completes: `invoke` rejects when the handler throws.
  it('publishes a complete page from the rebuild bundle, invoked as the deployment trigger does (empty payload)', async () => {
    await invoke('rebuild', {});
    const client = new S3Client(localS3ClientConfig(s3.endpoint));
    const found = await Promise.all(
      ['index.html', 'api/v2/summary.json', 'history.rss'].map((key) =>
        client.send(new HeadObjectCommand({ Bucket: SITE_BUCKET, Key: key })).then(() => key, () => `missing ${key}`),
      ),
    );
    client.destroy();
    expect(found).toEqual(['index.html', 'api/v2/summary.json', 'history.rss']);
  });

  it('takes an SES transient-bounce EventBridge event in the bounces bundle', async () => {
    await expect(invoke('bounces', SES_TRANSIENT_BOUNCE_EVENT)).resolves.toSatisfy(() => true);
  });

  it('takes a scheduler tick in the scheduler bundle', async () => {
    await expect(invoke('scheduler', SCHEDULED_EVENT)).resolves.toSatisfy(() => true);
  });
  it('answers CloudFormation from the origin-verify rotation bundle (a Delete changes nothing)', async () => {
    // Prepare: the bundle the construct uploads, and a stand-in for the presigned response URL.
    const rotate = herald.stacks.app.originVerify.node.findChild('Rotate') as NodejsFunction;
    const code = Stack.of(rotate).resolve((rotate.node.defaultChild as CfnFunction).code) as { s3Key: string };
    const file = join(herald.outdir, `asset.${code.s3Key.replace(/\.zip$/, '')}`, 'index.js');
    const received: { contentType: string | undefined; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ contentType: request.headers['content-type'], body });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const event = {
        RequestType: 'Delete',
        ResponseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/presigned`,
        StackId: 'stack',
        RequestId: 'request',
        LogicalResourceId: 'OriginVerifyRotation',
        PhysicalResourceId: 'origin-verify-rotation:secret',
        ResourceProperties: { SecretId: 'secret' },
      };
      const script = `require(process.argv[1]).handler(JSON.parse(process.argv[2])).catch((e) => { console.error(e); process.exit(1); })`;
      // Act
      await run(process.execPath, ['-e', script, file, JSON.stringify(event)], {
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: NOWHERE },
      });
      // Assess
      expect(received).toHaveLength(1);
      expect(received[0]!.contentType ?? '').toBe('');
      expect(JSON.parse(received[0]!.body)).toMatchObject({ Status: 'SUCCESS', NoEcho: true, PhysicalResourceId: 'origin-verify-rotation:secret' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
