// What the console needs: the use cases' dependencies, the link signer, and how to set cookies.
import type { SubscriptionDeps } from '#app/subscriptions/deps';

export interface ConsoleDeps extends SubscriptionDeps {
  /** `Secure` cookies and the `__Host-` prefix: on behind HTTPS (AWS), off on http://localhost. */
  secureCookies: boolean;
  /** Where locally captured mail can be read (the local stack only): the sign-in screen says so. */
  localMailUrl?: string;
  /** Makes sure herald.config.json's first admins exist before anyone asks to sign in (on AWS,
   *  once per API process; the local stack does it at start). */
  ensureAdmins?: () => Promise<unknown>;
}
