import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#api/app';
import { IncidentSchema } from '#api/schemas';
import { createTestApi, type TestApi } from '../support/api';

let api: TestApi;
let handler: ReturnType<typeof handle>;
beforeAll(async () => {
  api = await createTestApi();
  handler = handle(createApp(api.deps));
});
afterAll(() => api.drop());

/** An API Gateway HTTP API (payload 2.0) event, as Lambda delivers it. */
function httpApiEvent(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: rawPath!,
    rawQueryString,
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', 'user-agent': 'curl/8.5.0', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath!, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '27/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795770000000,
    },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  } satisfies Omit<APIGatewayProxyEventV2, 'body'> & { body: string | null } as unknown as Parameters<typeof handler>[0];
}

const lambdaContext = { awsRequestId: 'req-1', functionName: 'herald-api' } as Context;

describe('the API under hono/aws-lambda', () => {
  it('declares an incident from an HTTP API v2 event', async () => {
    const result = await handler(
      httpApiEvent('POST', '/v1/incidents', { title: 'Via Lambda', severity: 'P1', message: 'Hello' }, {
        authorization: `Bearer ${api.key}`,
        'content-type': 'application/json',
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(201);
    const incident = IncidentSchema.parse(JSON.parse(result.body));
    expect(incident).toMatchObject({ title: 'Via Lambda', severity: 'SEV1' });
  });

  it('answers problem+json 401 without a key', async () => {
    const result = await handler(httpApiEvent('GET', '/v1/incidents?state=open'), lambdaContext);
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['content-type']).toContain('application/problem+json');
  });
});
