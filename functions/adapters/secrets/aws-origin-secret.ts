// The origin-verify secret on AWS: the Secrets Manager secret named by
// HERALD_ORIGIN_VERIFY_SECRET_ARN, whose SecretString is `{"current": "…", "previous": "…"|null}`
// (rotated on every deploy; the API keeps a read for at most a minute, see api/origin-verify.ts).
// A function deployed without the variable trusts no viewer header and says so in its log.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { OriginSecret, OriginSecretSource } from '#api/origin-verify';

export const ORIGIN_VERIFY_SECRET_ENV = 'HERALD_ORIGIN_VERIFY_SECRET_ARN';

export function awsOriginSecret(env: Record<string, string | undefined> = process.env): OriginSecretSource {
  const secretId = env[ORIGIN_VERIFY_SECRET_ENV];
  if (!secretId) return () => Promise.reject(new Error(`Missing environment variable ${ORIGIN_VERIFY_SECRET_ENV}`));
  let client: SecretsManagerClient | undefined;
  return async () => {
    client ??= new SecretsManagerClient({});
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return parseOriginSecret(SecretString);
  };
}

export function parseOriginSecret(text: string | undefined): OriginSecret {
  const value = JSON.parse(text ?? 'null') as Partial<OriginSecret> | null;
  if (typeof value?.current !== 'string' || value.current.length === 0) throw new Error('the origin-verify secret has no "current" value');
  return { current: value.current, previous: typeof value.previous === 'string' && value.previous ? value.previous : null };
}
