// What the subscription use cases need besides the app's own dependencies.
import type { AppDeps } from '../deps';
import type { SubscriptionTokens } from './tokens';

export interface SubscriptionDeps extends AppDeps {
  tokens: SubscriptionTokens;
}

export const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
