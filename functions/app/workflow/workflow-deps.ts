// What the scheduler's sweep needs besides the use cases' dependencies: a way to mail responders.
import type { MailSender } from '#mailer/ports';
import type { AppDeps } from '../deps';

/** The scheduler acts as this actor in updates and timeline events. */
export const SYSTEM_ACTOR = 'herald';

export interface ResponderMail {
  sender: MailSender;
  /** The From header (config.email.from, or MAIL_FROM on AWS). */
  from: string;
}

export interface WorkflowLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const jsonWorkflowLog: WorkflowLog = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', component: 'scheduler', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', component: 'scheduler', message, ...fields })),
};

export interface WorkflowDeps extends AppDeps {
  /** Null: responders' reminders are recorded on the timeline but not mailed. */
  responderMail: ResponderMail | null;
  log: WorkflowLog;
  /** Who holds this process's send claims (default: random per process). */
  owner?: string;
  /** How long a claim on a reminder send is its holder's (default 2 minutes). */
  leaseMs?: number;
}
