// Lambda entry point: bounces. SES bounce and complaint events (EventBridge) become suppressions.
import { awsAppDeps } from '#adapters/aws/app-deps';
import { createFeedbackHandler } from '#mailer/feedback-handler';

const app = awsAppDeps();
export const handler = createFeedbackHandler({ store: app.store, now: app.now });
