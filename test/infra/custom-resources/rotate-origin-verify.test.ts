// The rotation handler end to end except Secrets Manager (no local stand-in exists; the store is
// an in-memory map with the same two operations): it answers CloudFormation over a real HTTP PUT
// to a local server, as it answers the presigned ResponseURL in AWS.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createRotationHandler,
  rotateValue,
  type RotationEvent,
  type SecretStore,
} from '../../../infra/custom-resources/rotate-origin-verify';
import { parseOriginSecret } from '../../../functions/adapters/secrets/aws-origin-secret';

const SECRET_ID = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:OriginVerifySecret-AbCdEf';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

function mapStore(initial?: string): SecretStore & { value: string | undefined; writes: number } {
  return {
    value: initial,
    writes: 0,
    async read() {
      return this.value;
    },
    async write(_id, value) {
      this.value = value;
      this.writes += 1;
    },
  };
}

describe('rotate-origin-verify custom resource', () => {
  let server: Server;
  let responseUrl: string;
  let received: Received[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(text) as Record<string, unknown> });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/presigned?X-Amz-Signature=abc`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received = [];
  });

  const anEvent = (overrides: Partial<RotationEvent> = {}): RotationEvent => ({
    RequestType: 'Update',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Herald-App/1',
    RequestId: 'request-1',
    LogicalResourceId: 'OriginVerifyRotation',
    PhysicalResourceId: `origin-verify-rotation:${SECRET_ID}`,
    ResourceProperties: { SecretId: SECRET_ID },
    ...overrides,
  });

  it('moves current to previous and stores a new current', async () => {
    // Prepare
    const store = mapStore(JSON.stringify({ current: 'old-value', previous: 'older-value' }));
    const handler = createRotationHandler({ store, generate: () => 'new-value' });
    // Act
    await handler(anEvent());
    // Assess
    expect(parseOriginSecret(store.value)).toEqual({ current: 'new-value', previous: 'old-value' });
  });

  it('answers CloudFormation with the new value as the Current attribute, hidden (NoEcho)', async () => {
    const handler = createRotationHandler({ store: mapStore(JSON.stringify({ current: 'a', previous: null })), generate: () => 'b' });
    await handler(anEvent());
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({
      Status: 'SUCCESS',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Herald-App/1',
      RequestId: 'request-1',
      LogicalResourceId: 'OriginVerifyRotation',
      PhysicalResourceId: `origin-verify-rotation:${SECRET_ID}`,
      NoEcho: true,
      Data: { Current: 'b' },
    });
  });

  it('sends no content type (the presigned URL was signed without one)', async () => {
    await createRotationHandler({ store: mapStore(), generate: () => 'x' })(anEvent());
    expect(received[0]!.headers['content-type'] ?? '').toBe('');
  });

  it('keeps the same physical id on create and update, so an update never replaces the resource', async () => {
    await createRotationHandler({ store: mapStore(), generate: () => 'x' })(anEvent({ RequestType: 'Create', PhysicalResourceId: undefined }));
    expect(received[0]!.body.PhysicalResourceId).toBe(`origin-verify-rotation:${SECRET_ID}`);
  });

  it('starts with no previous value when the secret holds its generated first value', async () => {
    const store = mapStore(JSON.stringify({ previous: null, current: 'generated' }));
    await createRotationHandler({ store, generate: () => 'first' })(anEvent({ RequestType: 'Create' }));
    expect(parseOriginSecret(store.value)).toEqual({ current: 'first', previous: 'generated' });
  });

  it('draws a different, long random value on every rotation by default', async () => {
    const store = mapStore();
    const handler = createRotationHandler({ store });
    await handler(anEvent());
    const first = parseOriginSecret(store.value).current;
    await handler(anEvent());
    const second = parseOriginSecret(store.value);
    expect(second.previous).toBe(first);
    expect(second.current).not.toBe(first);
    expect(second.current.length).toBeGreaterThanOrEqual(43); // 32 bytes, base64url
  });

  it('changes nothing on delete and answers SUCCESS without a value', async () => {
    const store = mapStore(JSON.stringify({ current: 'kept', previous: null }));
    await createRotationHandler({ store, generate: () => 'unused' })(anEvent({ RequestType: 'Delete' }));
    expect(store.writes).toBe(0);
    expect(received[0]!.body).toMatchObject({ Status: 'SUCCESS' });
    expect(received[0]!.body.Data).toBeUndefined();
  });

  it('answers FAILED with the reason, and no secret value, when the secret cannot be written', async () => {
    const store: SecretStore = {
      read: () => Promise.resolve(JSON.stringify({ current: 'live-value', previous: null })),
      write: () => Promise.reject(Object.assign(new Error('User is not authorized to perform PutSecretValue'), { name: 'AccessDeniedException' })),
    };
    await createRotationHandler({ store, generate: () => 'never-stored' })(anEvent());
    expect(received[0]!.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('AccessDeniedException') });
    expect(JSON.stringify(received[0]!.body)).not.toMatch(/live-value|never-stored/);
  });

  describe('rotateValue', () => {
    it('treats a secret that is not JSON as having no previous value', () => {
      expect(rotateValue('not json', 'n')).toEqual({ current: 'n', previous: null });
    });

    it('treats a missing secret string as having no previous value', () => {
      expect(rotateValue(undefined, 'n')).toEqual({ current: 'n', previous: null });
    });
  });
});
