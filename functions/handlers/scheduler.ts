// Lambda entry point: scheduler. EventBridge Scheduler invokes it every minute with a
// ScheduledEvent whose `time` is the scheduled minute (a retried tick still knows its minute);
// the sweep does what is due at that time (app/workflow/run-scheduled-work.ts).
import { SESClient } from '@aws-sdk/client-ses';
import type { ScheduledEvent } from 'aws-lambda';
import { awsAppDeps } from '#adapters/aws/app-deps';
import { sesMailSender } from '#adapters/ses/ses-mail-sender';
import { runScheduledWork } from '#app/workflow/run-scheduled-work';
import { jsonWorkflowLog, type WorkflowDeps } from '#app/workflow/workflow-deps';

const app = awsAppDeps();
const deps: WorkflowDeps = {
  ...app,
  // maxAttempts 1: a retried SendRawEmail after a lost answer would be a second mail (see the adapter).
  responderMail: {
    sender: sesMailSender({
      client: new SESClient({ maxAttempts: 1 }),
      configurationSet: process.env.SES_CONFIGURATION_SET ?? app.config.email.configuration_set,
    }),
    from: process.env.MAIL_FROM ?? app.config.email.from,
  },
  log: jsonWorkflowLog,
};

export const handler = async (event: Partial<ScheduledEvent>) => {
  const time = event.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time).toISOString() : app.now();
  const report = await runScheduledWork(deps, time);
  // A failed item makes the invocation fail (retried, then the failure queue and its alarm);
  // the next tick catches up on it either way.
  if (report.errors.length > 0) throw new Error(`scheduled work failed for ${report.errors.map((e) => e.subject).join(', ')}`);
  return { transitions: report.transitions.length, maintenance_reminders: report.maintenance_reminders.length, overdue: report.overdue.length };
};
