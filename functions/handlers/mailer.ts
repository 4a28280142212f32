// Lambda entry point: the mailer, on the table's stream (confirmation and incident mail via SES).
import { awsAppDeps } from '#adapters/aws/app-deps';
import { awsSubscriptionTokens } from '#adapters/secrets/aws-subscription-tokens';
import { sesMailerDeps } from '#adapters/ses/mailer-deps';
import { createMailerHandler } from '#mailer/stream-handler';

export const handler = createMailerHandler(
  sesMailerDeps({
    app: awsAppDeps(),
    tokens: awsSubscriptionTokens(),
    from: process.env.MAIL_FROM,
    configurationSet: process.env.SES_CONFIGURATION_SET,
    // Only if GetSendQuota fails: SES's sandbox rate, the slowest an account can have.
    fallbackSendRate: 1,
  }),
);
