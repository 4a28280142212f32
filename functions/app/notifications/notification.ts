// A notifying change (an incident or maintenance update with notify) as the mailer fans it out.

export type NotificationKind = 'incident' | 'maintenance';

/** What every mail of one notification says: read once, when planning starts, so that every
 *  batch (and every retry) sends the same words even if the incident is edited meanwhile. */
export interface NotificationContent {
  kind: NotificationKind;
  /** The incident or maintenance id. */
  subject_id: string;
  /** The update's position in its timeline. */
  seq: number;
  title: string;
  /** The status the update set (incident or maintenance status). */
  status: string;
  /** The update's Markdown. */
  message: string;
  /** When the update was posted. */
  posted_at: string;
  /** Maintenance window, for maintenance mail. */
  window: { from: string; until: string } | null;
  /** Components the update names, for the mail. */
  affected: Array<{ name: string; status: string | null }>;
  /** Component ids (with their groups and a group's members) whose subscribers hear of it. */
  components: string[];
  /** An open incident's "next update by" (the update's promise); null or absent: none. */
  next_update_at?: string | null;
}

export interface Notification extends NotificationContent {
  id: string;
  /** Planning progress: steps taken, where the next page of confirmed subscribers starts. */
  plan_step: number;
  cursor: string | null;
  planned: boolean;
  batches: number;
  recipients: number;
  created_at: string;
  /** What SES reported about its mails (delivery events; AWS, or the local stack's simulation). */
  delivered_count?: number;
  bounced_count?: number;
  complained_count?: number;
}

/** `incident#INC-20261127-0905#2`: one per update, so a replayed stream record plans nothing new. */
export function notificationId(kind: NotificationKind, subjectId: string, seq: number): string {
  return `${kind}#${subjectId}#${seq}`;
}

/** Up to this many recipients per batch item: one stream record, one unit of retry. */
export const BATCH_SIZE = 50;

export interface NotificationBatch {
  notification_id: string;
  n: number;
  /** Subscriber ids. */
  recipients: string[];
}

/** What became of a batch's recipients after a try: SES accepted their mail (on this try or an
 *  earlier one), SES refused it for good, no mail was due (left, suppressed or filtered out since
 *  planning), or it waits for a retry. A tally with nothing pending is final. */
export interface BatchTally {
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
}

/** The send ledger: one entry per (mail, recipient). */
export type LedgerState = 'claimed' | 'sent' | 'rejected';

export interface LedgerEntry {
  key: string;
  state: LedgerState;
  /** Which sender holds the claim. */
  owner: string;
  /** Epoch ms until which a claim is the owner's; after it, another sender may take it over. */
  lease_until: number;
  message_id: string | null;
  updated_at: string;
  detail: string | null;
}
