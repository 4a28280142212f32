// Lambda entry point: the responder API behind API Gateway (HTTP API, payload v2).
import { handle } from 'hono/aws-lambda';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { awsOriginSecret } from '#adapters/secrets/aws-origin-secret';
import { awsSubscriptionTokens } from '#adapters/secrets/aws-subscription-tokens';
import { createApp } from '#api/app';

export const handler = handle(createApp(awsAppDeps(), { tokens: awsSubscriptionTokens(), originSecret: awsOriginSecret(), console: { secureCookies: true, ensureAdmins: true } }));
