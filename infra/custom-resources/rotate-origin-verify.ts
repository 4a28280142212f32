// Custom resource: rotates the origin-verify secret on every deployment. The stack passes a
// property that changes with each synth, so CloudFormation sends an Update each deploy; this
// handler then draws a new random value, keeps the old one as `previous` (edges still send it
// until the distribution's new header has spread) and answers with the new value as the
// attribute `Current`, which the distribution's origin header reads. The answer is NoEcho, and
// nothing here logs a value or the presigned response URL.
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';

/** The parts of a CloudFormation custom resource request this handler reads. */
export interface RotationEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: { SecretId: string };
}

/** The secret's SecretString, as functions/adapters/secrets/aws-origin-secret.ts reads it. */
export interface OriginVerifyValue {
  current: string;
  previous: string | null;
}

/** Where the secret is kept (Secrets Manager in Lambda, a map in tests). */
export interface SecretStore {
  read(secretId: string): Promise<string | undefined>;
  write(secretId: string, value: string): Promise<void>;
}

export interface RotationDeps {
  store: SecretStore;
  /** A fresh secret value. @default 32 random bytes, base64url */
  generate?: () => string;
  /** Delivers the answer to CloudFormation. @default an HTTPS PUT to the presigned ResponseURL */
  respond?: (url: string, body: string) => Promise<void>;
}

/** The next SecretString: a new current, the old current kept as previous (null on first use). */
export function rotateValue(storedText: string | undefined, fresh: string): OriginVerifyValue {
  let previous: string | null = null;
  try {
    const stored = JSON.parse(storedText ?? 'null') as Partial<OriginVerifyValue> | null;
    if (typeof stored?.current === 'string' && stored.current !== '') previous = stored.current;
  } catch {
    // Not JSON (hand-edited?): start over with no previous value.
  }
  return { current: fresh, previous };
}

const newValue = () => randomBytes(32).toString('base64url');

/** The presigned URL was signed without a content type: send none. */
async function putResponse(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation refused the response: HTTP ${response.status}`);
}

export function createRotationHandler(deps: RotationDeps): (event: RotationEvent) => Promise<void> {
  const generate = deps.generate ?? newValue;
  const respond = deps.respond ?? putResponse;
  return async (event) => {
    const secretId = event.ResourceProperties.SecretId;
    const answer = {
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      // Stable: an Update never replaces the resource (so CloudFormation never sends a Delete for it).
      PhysicalResourceId: event.PhysicalResourceId ?? `origin-verify-rotation:${secretId}`,
      NoEcho: true,
    };
    let body: string;
    try {
      if (event.RequestType === 'Delete') {
        body = JSON.stringify({ ...answer, Status: 'SUCCESS' });
      } else {
        const next = rotateValue(await deps.store.read(secretId), generate());
        await deps.store.write(secretId, JSON.stringify(next));
        body = JSON.stringify({ ...answer, Status: 'SUCCESS', Data: { Current: next.current } });
        console.log(`rotated the origin-verify secret (${event.RequestType}); previous value kept: ${next.previous !== null}`);
      }
    } catch (error) {
      const reason = `Could not rotate the origin-verify secret: ${(error as Error).name}: ${(error as Error).message}`;
      console.error(reason);
      body = JSON.stringify({ ...answer, Status: 'FAILED', Reason: reason });
    }
    await respond(event.ResponseURL, body);
  };
}

export function secretsManagerStore(client = new SecretsManagerClient({})): SecretStore {
  return {
    async read(secretId) {
      return (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    },
    async write(secretId, value) {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value }));
    },
  };
}

export const handler = createRotationHandler({ store: secretsManagerStore() });
