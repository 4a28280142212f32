// What the use cases need from storage. The DynamoDB adapter implements it; nothing here
// knows about keys or transactions, only about what must happen together.
import type { ApiKeyScope } from '#core/api-key-scopes';
import type { ComponentStatus } from '#core/component-status';
import type {
  ApiKey,
  Component,
  Incident,
  IncidentUpdate,
  IncidentWithUpdates,
  Maintenance,
  MaintenanceUpdate,
  MaintenanceWithUpdates,
} from '#core/model';
import type { StatusSpan } from '#core/uptime';
import type { Template } from '#core/templates';
import type { TimelineEvent } from '#core/timeline';
import type { ChannelEndpoint } from '../channels/endpoint';
import type { BatchTally, LedgerEntry, Notification } from '../notifications/notification';
import type { Person } from '../people/person';
import type { Session, SignInRequest } from '../sessions/session';
import type { Subscriber, SubscriberLeft, SubscriberStatus } from '../subscriptions/subscriber';

/** The first response to a request with an Idempotency-Key, stored with the change it made. */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  fingerprint: string;
  status: number;
  body: unknown;
  /** Epoch seconds after which the record may be forgotten. */
  expiresAt: number;
}

export interface WriteOptions {
  /** Written in the same transaction as the change, so a replay can never repeat it. */
  idempotency?: IdempotencyRecord;
}

/** A component's status set as part of a change (incident update, PATCH, maintenance). */
export interface ComponentStatusWrite {
  id: string;
  status: ComponentStatus;
  at: string;
  /** What caused it, e.g. `INC-20261127-1118#3`: makes the history item unique. */
  cause: string;
}

/** An incident change's options: also its internal timeline events, written in the same transaction. */
export interface IncidentWriteOptions extends WriteOptions {
  events?: readonly TimelineEvent[];
}

export type CreateResult = 'created' | 'exists';
export type SaveResult = 'saved' | 'stale';

export interface ComponentRepository {
  list(): Promise<Component[]>;
  get(id: string): Promise<Component | null>;
  create(component: Component, options?: WriteOptions): Promise<CreateResult>;
  /** Replaces the component if its stored version is still `expectedVersion`. */
  save(component: Component, expectedVersion: number, statusWrite: ComponentStatusWrite | null): Promise<SaveResult>;
  delete(id: string): Promise<boolean>;
  /** The component's status history, oldest first; with `since`, from the status it had then. */
  statusHistory(id: string, since?: string): Promise<StatusSpan[]>;
}

/** Where a newest-first listing of incidents stopped: the last incident it gave. */
export interface ListPosition {
  created_at: string;
  id: string;
}

export interface IncidentRepository {
  get(id: string): Promise<IncidentWithUpdates | null>;
  /** Newest first; with `before`, only the incidents listed after that one (the next page). */
  list(state: 'open' | 'resolved' | 'all', limit: number, before?: ListPosition): Promise<IncidentWithUpdates[]>;
  /** The same, without their updates: an index listing (eventually consistent), newest first. */
  summaries(state: 'open' | 'resolved' | 'all', limit: number): Promise<Incident[]>;
  /** Incidents declared in a UTC month (`2026-11`), newest first. */
  declaredIn(month: string): Promise<IncidentWithUpdates[]>;
  /** The same, without their updates: one query, whatever the month holds (history pages). */
  summariesDeclaredIn(month: string): Promise<Incident[]>;
  /** When the first incident was declared, or null when there is none. */
  firstDeclaredAt(): Promise<string | null>;
  /** Every incident with its updates, in no particular order (full rebuilds). */
  all(): Promise<IncidentWithUpdates[]>;
  /** The same, a batch at a time as they are read, each incident once and whole: a full rebuild
   * never holds them all (the next batch is read only once the reader asks for it). */
  allInBatches(options?: { pageItems?: number; highWater?: number }): AsyncIterable<IncidentWithUpdates[]>;
  /** Incidents declared in [from, to), oldest first, with their updates (metrics). */
  declaredBetween(from: string, to: string): Promise<IncidentWithUpdates[]>;
  /** 'exists' when the id is taken (the caller tries the next suffix). */
  create(
    incident: Incident,
    update: IncidentUpdate,
    components: ComponentStatusWrite[],
    options?: IncidentWriteOptions,
  ): Promise<CreateResult>;
  /** Appends an update and saves the incident it produced, if nobody changed the incident since `expectedVersion`. */
  append(
    incident: Incident,
    expectedVersion: number,
    update: IncidentUpdate,
    components: ComponentStatusWrite[],
    options?: IncidentWriteOptions,
  ): Promise<SaveResult>;
  /** Saves the incident's own fields (title, severity, roles, postmortem). */
  save(incident: Incident, expectedVersion: number, options?: IncidentWriteOptions): Promise<SaveResult>;
}

/** An incident's internal timeline (responders only; never on the public page). */
export interface TimelineRepository {
  /** Oldest first. */
  list(incidentId: string): Promise<TimelineEvent[]>;
  /** Records one event on its own (an internal note); 'exists' when its key was taken. */
  record(event: TimelineEvent, options?: WriteOptions): Promise<CreateResult>;
}

/** One overdue spell of an incident, as the scheduler records it. */
export interface OverdueSpell {
  incident_id: string;
  /** The last update the spell started from: what identifies it. */
  last_update_at: string;
  /** When the next update was due. */
  since: string;
  /** When the scheduler first saw it. */
  recorded_at: string;
}

export interface ReminderRepository {
  /** Records the spell and its timeline event once (conditional put); 'exists' when recorded before. */
  recordOverdue(spell: OverdueSpell, event: TimelineEvent): Promise<CreateResult>;
}

export interface MaintenanceRepository {
  get(id: string): Promise<MaintenanceWithUpdates | null>;
  /** By start time, soonest first. */
  list(): Promise<MaintenanceWithUpdates[]>;
  /** Windows not completed yet (scheduled, in progress, verifying), soonest start first. */
  open(): Promise<MaintenanceWithUpdates[]>;
  /** The `limit` latest windows by start (any status), newest first, from an index (no updates;
   * read each with `get` for its updates and the last word on its status). */
  latest(limit: number): Promise<Maintenance[]>;
  /** The `limit` latest completed windows by start, newest first, likewise from an index. */
  latestCompleted(limit: number): Promise<Maintenance[]>;
  /** Windows scheduled to start in a UTC month (`2026-11`), without their updates: one query. */
  summariesStartingIn(month: string): Promise<Maintenance[]>;
  /** The scheduled start of the earliest completed window, or null when none is completed. */
  firstCompletedStart(): Promise<string | null>;
  /** Saves the window's own fields (an edit), if it is still at `expectedVersion`. */
  save(maintenance: Maintenance, expectedVersion: number, options?: WriteOptions): Promise<SaveResult>;
  create(
    maintenance: Maintenance,
    update: MaintenanceUpdate,
    options?: WriteOptions,
  ): Promise<CreateResult>;
  append(
    maintenance: Maintenance,
    expectedVersion: number,
    update: MaintenanceUpdate,
    components: ComponentStatusWrite[],
    options?: WriteOptions,
  ): Promise<SaveResult>;
}

/** Incident and maintenance templates (all in one small partition). */
export interface TemplateRepository {
  /** Every template, by kind then name, and whether the seeds were ever written (see seed). */
  list(): Promise<{ templates: Template[]; seeded: boolean }>;
  get(id: string): Promise<Template | null>;
  /** 'exists' when the id is taken. */
  create(template: Template, options?: WriteOptions): Promise<CreateResult>;
  /** Replaces the template if its stored version is still `expectedVersion`. */
  save(template: Template, expectedVersion: number): Promise<SaveResult>;
  delete(id: string): Promise<boolean>;
  /** Writes the seeds and a marker that they were written, all or nothing, once ever: 'exists'
   *  when they were written before (by this call's racer too), so deleted seeds stay deleted. */
  seed(templates: readonly Template[]): Promise<CreateResult>;
}

/** Channel endpoints (webhooks, Slack, Teams): one small partition, listed whole. */
export interface ChannelEndpointRepository {
  get(id: string): Promise<ChannelEndpoint | null>;
  /** Every endpoint, oldest first. */
  list(): Promise<ChannelEndpoint[]>;
  /** 'exists' when the id is taken. `expiresAt` (epoch seconds): a pending endpoint is forgotten then unless confirmed. */
  create(endpoint: ChannelEndpoint, options?: WriteOptions & { expiresAt?: number }): Promise<CreateResult>;
  /** Replaces the endpoint if its stored version is still `expectedVersion`. */
  save(next: ChannelEndpoint, expectedVersion: number): Promise<SaveResult>;
  /** False when there was none. */
  delete(id: string): Promise<boolean>;
}

export interface IdempotencyRepository {
  find(scope: string, key: string): Promise<IdempotencyRecord | null>;
}

export interface StoredApiKey extends ApiKey {
  hash: string;
  /** What the key may do; absent on keys created before scopes, which keep every scope. */
  scopes?: ApiKeyScope[];
  /** The person the key belongs to (an email, free text); absent or null: nobody named. */
  owner?: string | null;
  /** When the key last authenticated a request, written at most once an hour (so up to an hour
   *  behind); absent: not used since last use was recorded. */
  last_used_at?: string | null;
}

export interface ApiKeyRepository {
  findByHash(hash: string): Promise<StoredApiKey | null>;
  create(key: StoredApiKey): Promise<CreateResult>;
  list(): Promise<StoredApiKey[]>;
  revoke(prefix: string, at: string): Promise<boolean>;
  /** Records that the key was used at `at`, unless it was recorded after `notAfter` already (so at
   *  most one write per interval, across processes); false when nothing was written. */
  recordUse(hash: string, at: string, notAfter: string): Promise<boolean>;
}

/** A people change that would leave no admin is refused by the store itself (race-safe). */
export type PersonSaveResult = SaveResult | 'last_admin';
export type PersonDeleteResult = 'deleted' | 'stale' | 'last_admin';

export interface PersonRepository {
  /** One person by normalised email. */
  get(email: string): Promise<Person | null>;
  /** Everyone, by email. */
  list(): Promise<Person[]>;
  /** 'exists' when someone has that address already. */
  create(person: Person, options?: WriteOptions): Promise<CreateResult>;
  /** Writes `next` if the stored person is still `current` (its version); 'last_admin' when it
   *  would take the role from the only admin. */
  save(next: Person, current: Person): Promise<PersonSaveResult>;
  /** Removes the person if still at `current`'s version; 'last_admin' when they are the only admin. */
  delete(current: Person): Promise<PersonDeleteResult>;
}

// ---- subscribers and mail ----

export interface SubscriberWriteOptions extends WriteOptions {
  /** Epoch seconds after which the table may forget the subscriber (pending ones); none: kept. */
  expiresAt?: number;
  /** Clears the record that the address left (SubscriberLeft) in the same write: only the
   *  person's own confirmation does this. */
  clearLeft?: boolean;
}

export interface SubscriberPage {
  subscribers: Subscriber[];
  /** Opaque; null on the last page. */
  cursor: string | null;
}

export interface SubscriberRepository {
  get(id: string): Promise<Subscriber | null>;
  /** Strongly consistent reads of many (absent ids are left out). */
  getMany(ids: readonly string[]): Promise<Map<string, Subscriber>>;
  /** Writes the subscriber if the stored version is still `expectedVersion` (0: it must not exist yet). */
  save(subscriber: Subscriber, expectedVersion: number, options?: SubscriberWriteOptions): Promise<SaveResult>;
  /** Creates the ones that do not exist yet, in as few writes as possible; the rest are left as they are. */
  createMany(
    items: ReadonlyArray<{ subscriber: Subscriber; expiresAt?: number }>,
    options?: WriteOptions,
  ): Promise<{ created: string[]; existed: string[] }>;
  /** Forgets a subscriber; false if there was none. With `left`, records in the same write (only
   *  when there was one) that the address left, so that imports skip it. */
  delete(id: string, left?: SubscriberLeft): Promise<boolean>;
  /** Which of these subscribers left the list (unsubscribed or removed) and have not confirmed since. */
  leftAmong(ids: readonly string[]): Promise<Map<string, SubscriberLeft>>;
  /** One status's subscribers, oldest first, a page at a time (a bad cursor is a ValidationError). */
  page(status: SubscriberStatus, limit: number, cursor: string | null): Promise<SubscriberPage>;
  /**
   * Subscribers by status at `now`, from counters kept with every write: O(1), however many there
   * are. Pending ones are counted until the UTC day their confirmation window closes.
   */
  counts(now: string): Promise<Record<SubscriberStatus, number>>;
}

export interface Suppression {
  email: string;
  reason: 'bounce' | 'complaint';
  detail: string | null;
  feedback_id: string | null;
  at: string;
}

export interface SuppressionRepository {
  /** Records (or refreshes) the suppression; it never lapses. */
  suppress(suppression: Suppression): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  /** Which of these addresses are suppressed. */
  suppressedAmong(emails: readonly string[]): Promise<Set<string>>;
  /** Counts a transient bounce once per feedback id; returns the address's count so far. */
  countTransientBounce(email: string, feedbackId: string | null, at: string): Promise<number>;
}

export interface RateLimitRepository {
  /** Counts one request in the window; returns the window's count including it. */
  hit(key: string, windowStart: number, expiresAt: number): Promise<number>;
}

export interface PlanStep {
  /** The plan_step the caller read: the step is written only if nobody took it meanwhile. */
  step: number;
  /** Recipient lists, numbered on from the notification's `batches`. */
  batches: string[][];
  cursor: string | null;
  planned: boolean;
}

export interface NotificationRepository {
  get(id: string): Promise<Notification | null>;
  /** 'exists' when the notification was created before (a replayed stream record). */
  create(notification: Notification): Promise<CreateResult>;
  /** Writes a planning step's batch items and the cursor after them in one transaction. */
  appendBatches(notification: Notification, step: PlanStep, at: string): Promise<SaveResult>;
  /** Counts what SES reported about one of its mails, once per (message, kind): false when it was
   *  counted before (a redelivered event) or the notification is not (or no longer) kept. */
  countReceipt(notificationId: string, kind: MailReceiptKind, messageId: string, at: string): Promise<boolean>;
  /** Records what became of batch `n`'s recipients after a try. A replayed batch writes the same
   *  tally again; a final one (nothing pending) is never replaced. */
  settleBatch(notificationId: string, n: number, tally: BatchTally, at: string): Promise<void>;
  /** The tallies of every batch that has ended a try. */
  batchTallies(notificationId: string): Promise<BatchTally[]>;
}

/** What SES reports about a sent mail (its delivery events). */
export type MailReceiptKind = 'delivered' | 'bounced' | 'complained';

export interface SendLedgerRepository {
  /** The entries of these keys that exist (strongly consistent). */
  read(keys: readonly string[]): Promise<Map<string, LedgerEntry>>;
  /** Claims every key that is unclaimed or whose claim's lease has run out; returns the keys `owner` now holds. */
  claim(keys: readonly string[], owner: string, nowMs: number, leaseUntilMs: number, at: string): Promise<Set<string>>;
  /** Records sends SES accepted (many at a time: the mailer coalesces them). */
  markSent(marks: ReadonlyArray<{ key: string; owner: string; messageId: string }>, at: string): Promise<void>;
  /** SES refused this one message for good: it is not tried again. */
  markRejected(key: string, owner: string, detail: string, at: string): Promise<void>;
  /** Gives up a claim that is known not to have been sent, so a retry can take it at once. */
  release(key: string, owner: string): Promise<void>;
}

/** Console sign-in links and sessions (app/sessions). */
export interface SessionRepository {
  /** Stores a sign-in request until it expires (TTL) or is used. */
  createSignInRequest(request: SignInRequest): Promise<void>;
  /** Deletes the request and returns it, if it is still there (a link works once). */
  consumeSignInRequest(id: string): Promise<SignInRequest | null>;
  create(session: Session, endsAt: string): Promise<void>;
  get(idHash: string): Promise<Session | null>;
  /** Records a use; `endsAt` moves the table's TTL along. */
  touch(idHash: string, lastSeenAt: string, endsAt: string): Promise<void>;
  /** Every stored session (expired ones included until the table forgets them). */
  list(): Promise<Session[]>;
  delete(idHash: string): Promise<boolean>;
}

// ---- imports (app/imports) ----

/** Which Herald record a source record became: kept so that an import run twice finds what it wrote. */
export interface ImportMapping {
  system: string;
  kind: string;
  source_id: string;
  herald_id: string;
}

/** One entry of a component's status history as stored: in force from `at`; `cause` makes it unique. */
export interface StatusHistoryEntry {
  component_id: string;
  at: string;
  cause: string;
  status: ComponentStatus;
}

/** One record's write, as ImportRepository.putComponent/putIncident/putMaintenance/putTemplate take it. */
export type ImportWrite = { expectedVersion: number; mapping: ImportMapping } & (
  | { kind: 'component'; component: Component; history: readonly StatusHistoryEntry[] }
  | {
      kind: 'incident';
      incident: Incident;
      updates: readonly IncidentUpdate[];
      history: readonly StatusHistoryEntry[];
      /** A new incident whose id no declaration can take any more (declared over an hour before
       *  now: a declaration takes the id of its own minute): putMany may claim the id, write its
       *  children unconditionally and the incident last, instead of one transaction. */
      childrenFirst?: boolean;
    }
  | { kind: 'maintenance'; maintenance: Maintenance; updates: readonly MaintenanceUpdate[] }
  | { kind: 'template'; template: Template }
);

/**
 * Writes imported records whole, as they were in their source. Each put writes the record's
 * children first (updates, status history: invisible until their parent exists, and rewritten
 * alike by a re-run), then the record and its mapping in one transaction, conditioned on
 * `expectedVersion` (0: it must not exist yet): a reader never sees half a record.
 */
export interface ImportRepository {
  /** The Herald id a source record was imported as, or null. */
  find(system: string, kind: string, sourceId: string): Promise<string | null>;
  putComponent(component: Component, expectedVersion: number, mapping: ImportMapping, history: readonly StatusHistoryEntry[]): Promise<SaveResult>;
  putIncident(
    incident: Incident,
    updates: readonly IncidentUpdate[],
    expectedVersion: number,
    mapping: ImportMapping,
    history: readonly StatusHistoryEntry[],
  ): Promise<SaveResult>;
  putMaintenance(
    maintenance: Maintenance,
    updates: readonly MaintenanceUpdate[],
    expectedVersion: number,
    mapping: ImportMapping,
  ): Promise<SaveResult>;
  putTemplate(template: Template, expectedVersion: number, mapping: ImportMapping): Promise<SaveResult>;
  /** The Herald ids many source records of one kind were imported as (absent: never imported). */
  findMany(system: string, kind: string, sourceIds: readonly string[]): Promise<Map<string, string>>;
  /** Many records at once (a batch import), each all or nothing: several go in one transaction
   *  when they fit, each with its mapping conditioned as well; per write, in order, 'stale' when
   *  its record or mapping changed since it was read (the caller retries it on its own). */
  putMany(writes: readonly ImportWrite[]): Promise<SaveResult[]>;
  /** Whether an incident id is free for this source record: no incident has it, and no other
   *  source record's import claimed it (putMany's children-first writes). */
  incidentIdFree?(id: string, system: string, sourceId: string): Promise<boolean>;
  /** A component's status history as stored, oldest first (exports). */
  componentHistory(componentId: string): Promise<StatusHistoryEntry[]>;
  /** Asks the publisher for one full rebuild of the site. */
  requestRebuild(at: string): Promise<void>;
}

export interface Store {
  components: ComponentRepository;
  incidents: IncidentRepository;
  maintenances: MaintenanceRepository;
  idempotency: IdempotencyRepository;
  apiKeys: ApiKeyRepository;
  people: PersonRepository;
  subscribers: SubscriberRepository;
  suppressions: SuppressionRepository;
  rateLimits: RateLimitRepository;
  notifications: NotificationRepository;
  sendLedger: SendLedgerRepository;
  timeline: TimelineRepository;
  reminders: ReminderRepository;
  templates: TemplateRepository;
  sessions: SessionRepository;
  /** The channels' delivery ledger (app/channels/delivery.ts). */
  channelDeliveries: import('#app/channels/delivery').ChannelDeliveryRepository;
  channelEndpoints: ChannelEndpointRepository;
  imports: ImportRepository;
}
