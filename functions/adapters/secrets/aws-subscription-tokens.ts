// Subscription tokens on AWS: the secret named by TOKEN_SECRET_NAME (a Secrets Manager secret
// ARN or name), read at start-up and fetched on first use. A function deployed without it fails
// its first subscription request, not its cold start (so that bundles load anywhere).
import { createSubscriptionTokens, type SubscriptionTokens } from '#app/subscriptions/tokens';
import { secretsManagerTokenKey } from './secrets-manager-token-key';

export function awsSubscriptionTokens(env: Record<string, string | undefined> = process.env): SubscriptionTokens {
  const name = env.TOKEN_SECRET_NAME;
  if (!name) return createSubscriptionTokens(() => Promise.reject(new Error('Missing environment variable TOKEN_SECRET_NAME')));
  return createSubscriptionTokens(secretsManagerTokenKey(name));
}
