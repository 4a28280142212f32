// Herald's key design: the one place that knows how items are addressed in the table.
// pk/sk address an item; gsi1/gsi2 are overloaded secondary indexes (see table-definition.ts).

const pad = (n: number) => String(n).padStart(6, '0');

export type ItemType =
  | 'component'
  | 'component_status'
  | 'incident'
  | 'incident_update'
  | 'maintenance'
  | 'maintenance_update'
  | 'idempotency'
  | 'api_key'
  | 'person'
  | 'people_admins'
  | 'subscriber'
  | 'subscriber_count'
  | 'subscriber_left'
  | 'suppression'
  | 'transient_bounces'
  | 'rate_limit'
  | 'notification'
  | 'notification_receipt'
  | 'notification_batch'
  | 'notification_tally'
  | 'send_ledger'
  | 'incident_event'
  | 'reminder'
  | 'template'
  | 'template_seeds'
  | 'sign_in_request'
  | 'session'
  | 'channel_endpoint'
  | 'channel_change'
  | 'channel_delivery'
  | 'channel_queue'
  | 'channel_due'
  | 'channel_attempt'
  | 'channel_fanout'
  | 'channel_fanout_due'
  | 'import_source'
  | 'import_claim'
  | 'site_rebuild';

/** Fan-out markers share the due partition with the endpoints' markers (endpoint ids never start so). */
export const CHANNEL_FANOUT_DUE_PREFIX = 'FANOUT#';

export const keys = {
  /** All components share one partition so a listing is one strongly consistent query. */
  component: (id: string) => ({ pk: 'COMPONENTS', sk: `COMPONENT#${id}` }),
  componentsPartition: () => 'COMPONENTS',

  /** A component's status history, oldest first: the source of its uptime bar. */
  componentStatus: (componentId: string, at: string, discriminator: string) => ({
    pk: `COMPONENT_STATUS#${componentId}`,
    sk: `${at}#${discriminator}`,
  }),
  componentStatusPartition: (componentId: string) => `COMPONENT_STATUS#${componentId}`,

  incident: (id: string) => ({ pk: `INCIDENT#${id}`, sk: 'META' }),
  incidentUpdate: (incidentId: string, seq: number) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `UPDATE#${pad(seq)}`,
  }),
  incidentPartition: (id: string) => `INCIDENT#${id}`,
  /** gsi1: incidents by state, newest first. */
  incidentsByState: (state: 'open' | 'resolved', createdAt: string, id: string) => ({
    gsi1pk: `INCIDENTS#${state}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  incidentsByStatePartition: (state: 'open' | 'resolved') => `INCIDENTS#${state}`,

  maintenance: (id: string) => ({ pk: `MAINTENANCE#${id}`, sk: 'META' }),
  maintenanceUpdate: (maintenanceId: string, seq: number) => ({
    pk: `MAINTENANCE#${maintenanceId}`,
    sk: `UPDATE#${pad(seq)}`,
  }),
  maintenancePartition: (id: string) => `MAINTENANCE#${id}`,
  /** gsi1: every maintenance by start time. */
  maintenancesByStart: (scheduledFor: string, id: string) => ({
    gsi1pk: 'MAINTENANCES',
    gsi1sk: `${scheduledFor}#${id}`,
  }),
  maintenancesPartition: () => 'MAINTENANCES',
  /** gsi1 (maintenancesByStart): the windows scheduled to start in a UTC month (`2026-11`) are the
   * sort keys beginning with this, so a month's windows are one query, however long the history. */
  maintenancesStartingInPrefix: (month: string) => `${month}-`,

  /** Scoped by the caller's key so two clients' Idempotency-Keys never collide. */
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),

  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' }),
  /** gsi1: every API key by creation time. */
  apiKeysByCreation: (createdAt: string) => ({ gsi1pk: 'APIKEYS', gsi1sk: createdAt }),
  apiKeysPartition: () => 'APIKEYS',

  /** A person, by normalised email. Everyone shares one small partition: a listing is one
   *  strongly consistent query (begins_with PEOPLE_SK_PREFIX). */
  person: (email: string) => ({ pk: 'PEOPLE', sk: `${PEOPLE_SK_PREFIX}${email}` }),
  peoplePartition: () => 'PEOPLE',
  /** How many people are admins, written in the same transaction as every admin's arrival or
   *  departure; a departure is conditional on it staying above zero (the last-admin rule). */
  peopleAdmins: () => ({ pk: 'PEOPLE', sk: 'ADMINS' }),

  // ---- subscribers and mail ----

  /** A subscriber, by the id derived from its address (app/subscriptions/email-address.ts). */
  subscriber: (id: string) => ({ pk: `SUBSCRIBER#${id}`, sk: 'SUBSCRIBER' }),
  /** gsi1: subscribers of one status (pending, confirmed, suppressed), oldest first. */
  subscribersByStatus: (status: string, createdAt: string, id: string) => ({
    gsi1pk: `SUBSCRIBERS#${status}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  subscribersByStatusPartition: (status: string) => `SUBSCRIBERS#${status}`,
  /**
   * One shard of a subscriber counter (adapters/dynamodb/subscriber-counts.ts): `bucket` is a status,
   * or `pending#<expiry day>`. Every counter sits in one small partition, read whole in one query.
   */
  subscriberCount: (bucket: string, shard: number) => ({ pk: 'SUBSCRIBER_COUNTS', sk: `${bucket}#${shard}` }),
  subscriberCountsPartition: () => 'SUBSCRIBER_COUNTS',
  /** That an address left the list (unsubscribed, or removed by a responder), beside its subscriber
   *  item (same id, so per normalised address; no address stored): imports skip it until the
   *  person confirms a new subscription. */
  subscriberLeft: (id: string) => ({ pk: `SUBSCRIBER#${id}`, sk: 'LEFT' }),

  /** An address SES reported as permanently bouncing or complaining: never mailed again. */
  suppression: (email: string) => ({ pk: `SUPPRESSION#${email}`, sk: 'SUPPRESSION' }),
  /** The count of an address's transient bounces (counted, never suppressing). */
  transientBounces: (email: string) => ({ pk: `SUPPRESSION#${email}`, sk: 'TRANSIENT' }),

  /** One client's requests in one fixed window (expired by TTL). Counters are named by the app:
   *  `subscribe:<client address>`, and `confirmation-mails` for every client's confirmation
   *  mails in one hour (subscriptions.confirmations_per_hour; see app/subscriptions/rate-limit.ts). */
  rateLimit: (key: string, windowStart: number) => ({ pk: `RATELIMIT#${key}#${windowStart}`, sk: 'RATELIMIT' }),

  /** A notifying change's fan-out: its META (content and planning cursor) and its BATCH#… items. */
  notification: (notificationId: string) => ({ pk: `NOTIFICATION#${notificationId}`, sk: 'META' }),
  /** One SES event about one of a notification's mails, counted once. */
  notificationReceipt: (notificationId: string, kind: string, messageId: string) => ({
    pk: `NOTIFICATION#${notificationId}`,
    sk: `RECEIPT#${kind}#${messageId}`,
  }),
  notificationBatch: (notificationId: string, n: number) => ({
    pk: `NOTIFICATION#${notificationId}`,
    sk: `BATCH#${pad(n)}`,
  }),
  /** What became of one batch's recipients after its last try (sent, failed, skipped, pending): the mail receipts. */
  notificationTally: (notificationId: string, n: number) => ({
    pk: `NOTIFICATION#${notificationId}`,
    sk: `TALLY#${pad(n)}`,
  }),
  notificationTallyPrefix: () => 'TALLY#',

  /** The send ledger: one item per (mail, recipient), spread over partitions. */
  sendLedger: (sendKey: string) => ({ pk: `SEND#${sendKey}`, sk: 'SEND' }),

  /** An incident or maintenance template. All share one small partition: a listing is one strongly
   *  consistent query (begins_with TEMPLATE_SK_PREFIX). */
  template: (id: string) => ({ pk: 'TEMPLATES', sk: `${TEMPLATE_SK_PREFIX}${id}` }),
  templatesPartition: () => 'TEMPLATES',
  /** That the shipped templates were written once (so deleting them all does not bring them back). */
  templateSeeds: () => ({ pk: 'TEMPLATES', sk: 'SEEDS' }),

  // ---- console sign-in ----

  /** A mailed sign-in link's request, by its random id; deleted when used, forgotten by TTL. */
  signInRequest: (id: string) => ({ pk: `SIGNIN#${id}`, sk: 'SIGNIN' }),
  /** A console session by the SHA-256 of its cookie id. All sessions share one small partition
   *  (people × browsers), so the list for a person or an admin is one query. */
  session: (idHash: string) => ({ pk: 'SESSIONS', sk: `${SESSION_SK_PREFIX}${idHash}` }),
  sessionsPartition: () => 'SESSIONS',

  // ---- channels: endpoints ----

  /** A channel endpoint (webhook, Slack, Teams). All share one small partition: a listing is one
   *  strongly consistent query (begins_with ENDPOINT_SK_PREFIX). */
  channelEndpoint: (id: string) => ({ pk: 'ENDPOINTS', sk: `${ENDPOINT_SK_PREFIX}${id}` }),
  channelEndpointsPartition: () => 'ENDPOINTS',

  /** The lease that lets one publisher at a time write the site. */
  publishLock: () => ({ pk: 'PUBLISH_LOCK', sk: 'PUBLISH_LOCK' }),

  /** A padded sequence number, as stored in update sort keys. */
  seq: pad,

  // ---- workflow: internal timeline, scheduler ----

  /**
   * An incident's internal timeline event, in the incident's partition. `EVENT#` sorts before
   * `META` and `UPDATE#`, so the incident itself is read with `sk >= META` and never reads them.
   */
  incidentEvent: (incidentId: string, at: string, n: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `${EVENT_SK_PREFIX}${at}#${n}`,
  }),
  /** gsi2 (sparse: set only while a window is not completed): open maintenance by start time. */
  maintenancesOpen: (scheduledFor: string, id: string) => ({
    gsi2pk: 'MAINTENANCES#open',
    gsi2sk: `${scheduledFor}#${id}`,
  }),
  maintenancesOpenPartition: () => 'MAINTENANCES#open',
  /** One overdue spell of an incident, identified by the last update it started from. */
  overdueReminder: (incidentId: string, lastUpdateAt: string) => ({
    pk: `REMINDER#overdue#${incidentId}#${lastUpdateAt}`,
    sk: 'REMINDER',
  }),

  // ---- channels: delivery ledger (app/channels/delivery.ts) ----

  /** A change as the channel worker read it from the stream, once. */
  channelChange: (changeId: string) => ({ pk: `CHANNEL_CHANGE#${changeId}`, sk: 'CHANGE' }),
  /** One delivery per (change, endpoint); a change's deliveries are one query (receipts). */
  channelDelivery: (changeId: string, endpointId: string) => ({ pk: `CHANNEL_CHANGE#${changeId}`, sk: `DELIVERY#${endpointId}` }),
  /** An endpoint's queue of pending deliveries, oldest change first. */
  channelQueue: (endpointId: string, changeAt: string, changeId: string) => ({
    pk: `CHANNEL_QUEUE#${endpointId}`,
    sk: `${changeAt}#${changeId}`,
  }),
  channelQueuePartition: (endpointId: string) => `CHANNEL_QUEUE#${endpointId}`,
  /** That an endpoint has queued work (not before next_at), and which worker holds it: one small partition. */
  channelDue: (endpointId: string) => ({ pk: 'CHANNEL_DUE', sk: endpointId }),
  channelDuePartition: () => 'CHANNEL_DUE',
  /** A change's fan-out to the endpoints with nothing queued: the plan, who sends it, and which were delivered. */
  channelFanOut: (changeId: string) => ({ pk: `CHANNEL_CHANGE#${changeId}`, sk: 'FANOUT' }),
  /** That a change's fan-out is under way (due for recovery at next_at, its owner's lease), in the due partition. */
  channelFanOutDue: (changeId: string) => ({ pk: 'CHANNEL_DUE', sk: `${CHANNEL_FANOUT_DUE_PREFIX}${changeId}` }),
  /** An endpoint's attempts, newest last (read newest first, 50 at most). */
  channelAttempt: (endpointId: string, at: string, deliveryId: string, n: number) => ({
    pk: `CHANNEL_ATTEMPTS#${endpointId}`,
    sk: `${at}#${deliveryId}#${pad(n)}`,
  }),
  channelAttemptsPartition: (endpointId: string) => `CHANNEL_ATTEMPTS#${endpointId}`,

  // ---- imports (app/imports) ----

  /** Which Herald record a source system's record was imported as (one per system, kind and source id). */
  importSource: (system: string, kind: string, sourceId: string) => ({ pk: `IMPORT#${system}#${kind}#${sourceId}`, sk: 'IMPORT' }),
  /** That one source record's import holds a Herald id while it writes the record's children before
   *  the record (ImportRepository.putMany); kept, so a resumed import finds it is its own. Its own
   *  partition: no incident read or scan (INCIDENT#…) ever sees it. */
  importClaim: (kind: string, heraldId: string) => ({ pk: `IMPORT_CLAIM#${kind}#${heraldId}`, sk: 'CLAIM' }),
  /** A request for one full rebuild of the site (the end of an import); the publisher reads its INSERT
   *  from the stream. Forgotten by TTL. */
  siteRebuild: (at: string, n: string) => ({ pk: 'SITE_REBUILD', sk: `${at}#${n}` }),
};

export const UPDATE_SK_PREFIX = 'UPDATE#';
export const META_SK = 'META';
export const EVENT_SK_PREFIX = 'EVENT#';
export const TEMPLATE_SK_PREFIX = 'TEMPLATE#';
export const PEOPLE_SK_PREFIX = 'PERSON#';
export const SESSION_SK_PREFIX = 'SESSION#';
export const ENDPOINT_SK_PREFIX = 'ENDPOINT#';
