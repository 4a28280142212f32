// The subscription-token secret on AWS: the Secrets Manager secret named by TOKEN_SECRET_NAME
// (the data stack generates it; see infra/constructs/data.ts), fetched on first use and kept for
// the life of the process. Rotating it would invalidate every link already mailed, so it is not.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { TokenKey } from '#app/subscriptions/tokens';

export function secretsManagerTokenKey(secretId: string, client = new SecretsManagerClient({})): TokenKey {
  return async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString || SecretString.length < 32) throw new Error(`secret ${secretId} is empty or shorter than 32 characters`);
    return SecretString;
  };
}
