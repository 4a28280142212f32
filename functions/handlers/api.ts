// Lambda entry point: the responder API behind API Gateway (HTTP API, payload v2). Its route sets
// are loaded on the first request under their group (functions/api/lazy-routes.ts).
import { handle } from 'hono/aws-lambda';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { awsOriginSecret } from '#adapters/secrets/aws-origin-secret';
import { awsSubscriptionTokens } from '#adapters/secrets/aws-subscription-tokens';
import { createApp } from '#api/app';

const app = createApp(awsAppDeps(), { tokens: awsSubscriptionTokens(), originSecret: awsOriginSecret(), console: { secureCookies: true, ensureAdmins: true } });

export const handler = handle(app);

/** Loads every route set and builds the OpenAPI document, as a first GET /v1/openapi.json does:
 *  the most a first request loads (bench:bundle times it after the cold import). */
export async function loadRoutes(): Promise<void> {
  const answer = await app.request('/v1/openapi.json');
  if (answer.status !== 200) throw new Error(`GET /v1/openapi.json answered ${answer.status}`);
}
