// The request and response shapes of the /v1 API: they validate requests and generate
// /v1/openapi.json, so the document cannot drift from what the API accepts.
import { z } from '@hono/zod-openapi';
import { SKIP_REASONS } from '#app/subscriptions/import-subscribers';
import { MAX_COMPONENTS_PER_CHANGE } from '#core/change-limits';
import { COMPONENT_STATUSES } from '#core/component-status';
import { INCIDENT_STATUSES } from '#core/incident-lifecycle';
import { MAINTENANCE_STATUSES } from '#core/maintenance-lifecycle';
import { IMPACTS, SEVERITIES } from '#core/severity';
import { TIMELINE_EVENT_KINDS } from '#core/timeline';

const SEVERITY_INPUTS = [...SEVERITIES, 'P0', 'P1', 'P2', 'P3', 'P4'] as const;

export const ComponentStatusSchema = z.enum(COMPONENT_STATUSES).openapi('ComponentStatus');
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES).openapi('IncidentStatus');
export const MaintenanceStatusSchema = z.enum(MAINTENANCE_STATUSES).openapi('MaintenanceStatus');
export const SeverityInputSchema = z
  .enum(SEVERITY_INPUTS)
  .openapi({ description: 'SEV0 (worst) to SEV4; P0–P4 are accepted as aliases.' });

const title = z.string().trim().min(1).max(200);
const markdown = z.string().trim().min(1).max(20_000).openapi({ description: 'Markdown; sanitised wherever shown.' });
const tooMany = `at most ${MAX_COMPONENTS_PER_CHANGE} components: one change is saved all or nothing`;
const componentMap = z
  .record(z.string().min(1).max(64), ComponentStatusSchema)
  .refine((map) => Object.keys(map).length <= MAX_COMPONENTS_PER_CHANGE, { message: tooMany })
  .openapi({
    description: `Component id → the status this change puts it in; at most ${MAX_COMPONENTS_PER_CHANGE}.`,
    maxProperties: MAX_COMPONENTS_PER_CHANGE,
    example: { '2fgsmjrb2vdb': 'major_outage' },
  });
const nextUpdateAtInput = z.iso
  .datetime({ offset: true })
  .optional()
  .openapi({
    description:
      '"Next update by", shown on the public page and in the mail: after now and at most 24 hours ahead. ' +
      "Default: now + the severity's update cadence (none for SEV3/SEV4). Not allowed on a resolved update.",
  });
const componentList = z
  .array(z.string().min(1).max(64))
  .max(MAX_COMPONENTS_PER_CHANGE, { message: tooMany })
  .openapi({ description: `Component ids; at most ${MAX_COMPONENTS_PER_CHANGE}.` });

// ---- requests ----

export const CreateComponentBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).nullable().optional(),
    group_name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .openapi({ description: 'The name of the group to place it in (created when missing); null: in no group.' }),
    group: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .openapi({ description: 'Alias of `group_name`, kept for existing clients.', deprecated: true }),
    status: ComponentStatusSchema.optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    showcase: z.boolean().optional(),
    only_show_if_degraded: z.boolean().optional(),
  })
  .strict()
  .openapi('CreateComponent');

export const UpdateComponentBody = CreateComponentBody.partial().strict().openapi('UpdateComponent');

export const DeclareIncidentBody = z
  .object({
    title,
    severity: SeverityInputSchema,
    message: markdown,
    status: IncidentStatusSchema.optional(),
    components: componentMap.optional(),
    notify: z.boolean().optional(),
    started_at: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'When the impact began, if before the declaration (default: now). Drives time-to-first-update metrics.' }),
    next_update_at: nextUpdateAtInput,
  })
  .strict()
  .openapi('DeclareIncident');

export const RolesSchema = z
  .object({
    commander: z.string().max(100).nullable().optional(),
    comms: z.string().max(100).nullable().optional(),
    scribe: z.string().max(100).nullable().optional(),
    tech_lead: z.string().max(100).nullable().optional(),
  })
  .strict()
  .openapi('IncidentRoles');

export const EditIncidentBody = z
  .object({
    title: title.optional(),
    severity: SeverityInputSchema.optional(),
    roles: RolesSchema.optional(),
    started_at: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the impact began (a correction).' }),
  })
  .strict()
  .openapi('EditIncident');

export const PostIncidentUpdateBody = z
  .object({
    status: IncidentStatusSchema,
    message: markdown,
    components: componentMap.optional(),
    restore_components: z
      .boolean()
      .optional()
      .openapi({ description: "True: every component of the incident goes back to operational in this update (those named in `components` take the status given there; components under maintenance are left alone)." }),
    notify: z.boolean().optional(),
    next_update_at: nextUpdateAtInput,
  })
  .strict()
  .openapi('PostIncidentUpdate');

export const PutPostmortemBody = z
  .object({ body: z.string().trim().min(1).max(60_000), published: z.boolean().optional() })
  .strict()
  .openapi('PutPostmortem');

export const ScheduleMaintenanceBody = z
  .object({
    title,
    message: markdown,
    scheduled_for: z.iso.datetime({ offset: true }),
    scheduled_until: z.iso.datetime({ offset: true }),
    components: componentList,
    auto_transition: z.boolean().optional(),
    notify: z.boolean().optional(),
  })
  .strict()
  .openapi('ScheduleMaintenance');

export const PostMaintenanceUpdateBody = z
  .object({ status: MaintenanceStatusSchema, message: markdown, notify: z.boolean().optional() })
  .strict()
  .openapi('PostMaintenanceUpdate');

export const CancelMaintenanceBody = z
  .object({
    message: markdown.optional().openapi({ description: 'The final update; default "This maintenance has been cancelled."' }),
    notify: z.boolean().optional(),
  })
  .strict()
  .openapi('CancelMaintenance');

export const IdParam = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/).openapi({ param: { name: 'id', in: 'path' } }),
});

export const IncidentListQuery = z.object({
  state: z.enum(['open', 'resolved', 'all']).default('all'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .openapi({ description: 'Incidents per page; a page holds at most 100 (and at most ~4 MB), whatever is asked: follow the `Link: rel="next"` header.' }),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: 'The `X-Next-Cursor` of the previous page (also in its `Link: <…>; rel="next"` header).' }),
});

export const MaintenanceListQuery = z.object({
  state: z.enum(['upcoming', 'active', 'completed', 'all']).default('all'),
});

export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/)
    .optional()
    .openapi({ description: 'The version the change applies to; a stale version is 412.' }),
});

// ---- responses ----

const timestamp = z.string().openapi({ format: 'date-time' });

export const ComponentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    is_group: z.boolean().openapi({ description: 'True for a group: its status is derived from its components.' }),
    group_id: z.string().nullable().openapi({ description: 'The id of the group it is in; null: none.' }),
    group_name: z.string().nullable().openapi({ description: 'The name of the group it is in; null: none.' }),
    status: ComponentStatusSchema,
    position: z.number(),
    showcase: z.boolean(),
    only_show_if_degraded: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
    version: z.number(),
  })
  .openapi('Component');

export const ComponentChangeSchema = z.object({
  id: z.string(),
  name: z.string(),
  old_status: ComponentStatusSchema,
  new_status: ComponentStatusSchema,
});

export const IncidentUpdateSchema = z
  .object({
    id: z.string(),
    incident_id: z.string(),
    seq: z.number(),
    status: IncidentStatusSchema,
    message: z.string(),
    component_changes: z.array(ComponentChangeSchema),
    notify: z.boolean(),
    created_at: timestamp,
    posted_by: z.string().nullable().openapi({ description: 'The API key that posted it (responders only).' }),
    next_update_at: timestamp.nullable().openapi({ description: '"Next update by" this update promised; null: none (resolved, or no fixed cadence and none given).' }),
  })
  .openapi('IncidentUpdate');

export const IncidentSchema = z
  .object({
    id: z.string().openapi({ example: 'INC-20261127-1118' }),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    impact: z.enum(IMPACTS),
    status: IncidentStatusSchema,
    components: z.array(z.string()),
    roles: RolesSchema,
    created_at: timestamp,
    updated_at: timestamp,
    started_at: timestamp,
    identified_at: timestamp.nullable(),
    monitoring_at: timestamp.nullable(),
    resolved_at: timestamp.nullable(),
    last_update_at: timestamp,
    next_update_at: timestamp.nullable().openapi({ description: "The latest update's promise of the next one (\"next update by\"); null when it made none." }),
    postmortem: z
      .object({
        body: z.string(),
        published: z.boolean(),
        published_at: timestamp.nullable(),
        updated_at: timestamp,
        notified_at: timestamp.nullable().optional().openapi({ description: 'When subscribers were told of its publication (once).' }),
      })
      .nullable(),
    declared_by: z.string().nullable(),
    updates: z.array(IncidentUpdateSchema),
    version: z.number(),
  })
  .openapi('Incident');

export const PostedUpdateSchema = IncidentSchema.extend({
  warnings: z.array(z.string()).openapi({ description: 'Practices the change went against, e.g. resolving early.' }),
}).openapi('IncidentWithWarnings');

export const MaintenanceSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: MaintenanceStatusSchema,
    components: z.array(z.string()),
    scheduled_for: timestamp,
    scheduled_until: timestamp,
    auto_transition: z.boolean(),
    auto_transition_error: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'Why the scheduler turned auto_transition off (a move it could not save); absent: it never did.' }),
    created_at: timestamp,
    updated_at: timestamp,
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    cancelled_at: timestamp
      .nullable()
      .optional()
      .openapi({ description: 'Set when the window was cancelled before it started (its status is then completed).' }),
    updates: z.array(
      z.object({
        id: z.string(),
        status: MaintenanceStatusSchema,
        message: z.string(),
        notify: z.boolean(),
        created_at: timestamp,
        posted_by: z.string().nullable(),
      }),
    ),
    version: z.number(),
  })
  .openapi('Maintenance');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

// ---- subscriptions and subscribers ----

const componentIds = z.array(z.string().min(1).max(64)).max(200);
const email = z.string().trim().min(3).max(320).openapi({ format: 'email', example: 'jane@example.com' });

export const SubscribeBody = z
  .object({ email, components: componentIds.optional().openapi({ description: 'Only hear about these components (none: all).' }) })
  .strict()
  .openapi('Subscribe');

/** The page's subscribe form: works without JavaScript; `components` repeats once per ticked box. */
export const SubscribeForm = z
  .object({ email: z.string().max(320), components: z.union([z.string().max(64), z.array(z.string().max(64)).max(200)]).optional() })
  .openapi('SubscribeForm');

export const SubscribeAnswerSchema = z
  .object({ status: z.literal('accepted'), message: z.string() })
  .openapi('SubscribeAnswer', { description: 'The same answer whether the address is new, pending or confirmed.' });

export const TokenQuery = z.object({
  token: z.string().max(200).optional().openapi({ description: 'The signed token from the mail.' }),
});

/** The confirm page's button: the token in the body (or in the query). */
export const ConfirmForm = z
  .object({ token: z.string().max(200).optional().openapi({ description: 'The signed token from the confirmation mail.' }) })
  .openapi('ConfirmSubscriptionForm');

/** RFC 8058 one-click (`List-Unsubscribe=One-Click`) or the unsubscribe page's button. */
export const UnsubscribeForm = z.object({ 'List-Unsubscribe': z.string().max(100).optional() }).openapi('UnsubscribeForm');

export const ManageForm = z
  .object({ components: z.union([z.string().max(64), z.array(z.string().max(64)).max(200)]).optional() })
  .openapi('ManageSubscriptionForm');

export const HtmlPage = z.string().openapi({ description: 'An HTML page' });

export const SubscriberSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    status: z.enum(['pending', 'confirmed', 'suppressed']),
    components: z.array(z.string()).openapi({ description: 'Component filter; empty: everything.' }),
    source: z.enum(['form', 'import']),
    created_at: timestamp,
    updated_at: timestamp,
    confirmed_at: timestamp.nullable(),
  })
  .openapi('Subscriber');

export const SubscriberListSchema = z
  .object({
    count: z.number().openapi({ description: 'Every subscriber of the statuses asked for.' }),
    subscribers: z.array(SubscriberSchema),
    next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page.' }),
  })
  .openapi('SubscriberList');

export const SubscriberListQuery = z.object({
  status: z.enum(['pending', 'confirmed', 'suppressed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  cursor: z.string().max(2000).optional(),
});

export const SubscriberLookupQuery = z.object({
  email: z.string().max(320).openapi({ description: 'The address to look up (any case, surrounding spaces ignored).', example: 'jane@example.com' }),
});

export const SubscriberLookupSchema = z
  .object({
    email: z.string().openapi({ description: 'The address, normalised.' }),
    id: z.string().openapi({ description: 'The subscriber id the address has (or would have).' }),
    subscriber: SubscriberSchema.nullable().openapi({ description: 'Null: the address is on no list.' }),
    left: z
      .object({ reason: z.enum(['unsubscribed', 'removed']), at: timestamp })
      .nullable()
      .openapi({ description: 'Set when the address left the list and has not confirmed since: imports skip it.' }),
    suppressed: z.boolean().openapi({ description: 'Its mail bounced or it complained: never mailed again.' }),
  })
  .openapi('SubscriberLookup');

export const SubscriberIdParam = z.object({
  id: z.string().min(1).max(64).regex(/^[a-z0-9]+$/).openapi({ param: { name: 'id', in: 'path' } }),
});

export const ImportSubscribersBody = z
  .object({
    subscribers: z.array(z.object({ email: z.string().max(320), components: componentIds.optional() }).strict()).min(1).max(1000),
    confirmed: z.boolean().optional().openapi({ description: 'True: already confirmed elsewhere (e.g. Statuspage); false: each gets a confirmation mail.' }),
    dry_run: z.boolean().optional().openapi({
      description: 'True: answer how each address would be classified (would_import, skipped_addresses) and write nothing (no mail either).',
    }),
  })
  .strict()
  .openapi('ImportSubscribers');

export const ImportResultSchema = z
  .object({
    imported: z.number(),
    skipped: z.number(),
    skipped_addresses: z.array(
      z.object({
        email: z.string(),
        reason: z.enum(SKIP_REASONS).openapi({
          description:
            'unsubscribed: the address left by its own unsubscribe link; removed: a responder deleted it. Both stand until ' +
            'the person confirms a new subscription themselves.',
        }),
      }),
    ),
    dry_run: z.literal(true).optional().openapi({ description: 'Present on a dry run: nothing was written; `imported` counts what would be.' }),
    would_import: z.array(z.string()).optional().openapi({ description: 'On a dry run: the addresses an import would add (or confirm), in input order.' }),
  })
  .openapi('ImportResult');

// ---- workflow: update cadence, timeline, postmortems, metrics, maintenance edits ----

export const IncidentWithCadenceSchema = IncidentSchema.extend({
  next_update_due_at: timestamp.nullable().openapi({ description: "When the next public update is due (open incidents): the latest update's promise (`next_update_at`), or for incidents stored without one the severity's fixed cadence." }),
  overdue: z.boolean().openapi({ description: 'The next public update is past due.' }),
  overdue_since: timestamp.nullable().openapi({ description: 'Since when it is overdue; null when it is not.' }),
}).openapi('IncidentWithCadence');

export const TimelineEventSchema = z
  .object({
    at: timestamp,
    kind: z.enum(TIMELINE_EVENT_KINDS),
    actor: z.string().nullable().openapi({ description: "The API key's name; `herald` for the scheduler." }),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEvent');

export const PostNoteBody = z
  .object({ message: z.string().trim().min(1).max(10_000).openapi({ description: 'Markdown; internal, never published.' }) })
  .strict()
  .openapi('PostNote');

export const TimelineSchema = z
  .object({ incident_id: z.string(), events: z.array(TimelineEventSchema).openapi({ description: 'Oldest first.' }) })
  .openapi('Timeline');

export const PostmortemDraftSchema = z
  .object({
    incident_id: z.string(),
    body: z.string().openapi({ description: 'Markdown, ready to edit and PUT to /v1/incidents/{id}/postmortem.' }),
  })
  .openapi('PostmortemDraft');

export const PostmortemListQuery = z.object({
  state: z.enum(['overdue', 'due', 'published', 'all']).default('overdue'),
  limit: z.coerce.number().int().min(1).max(1000).default(200).openapi({ description: 'Resolved incidents looked at, newest first.' }),
});

export const PostmortemListingSchema = z
  .object({
    incident_id: z.string(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    resolved_at: timestamp.nullable(),
    requirement: z.enum(['required', 'optional', 'none']),
    state: z.enum(['open', 'not_required', 'published', 'optional', 'due', 'overdue']),
    due_at: timestamp.nullable(),
    published_at: timestamp.nullable(),
  })
  .openapi('PostmortemListing');

export const MetricsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Window start (default: `to` minus 30 days).' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Window end, exclusive (default: now).' }),
});

const distribution = z
  .object({ count: z.number(), median_minutes: z.number().nullable(), p90_minutes: z.number().nullable() })
  .openapi('Distribution');

const promisesKept = z
  .object({
    measured: z.number().openapi({ description: 'Updates that followed an update carrying a "next update by" promise.' }),
    kept: z.number().openapi({ description: 'Of those, the ones posted at or before the promised time.' }),
    percentage: z.number().nullable().openapi({ description: 'kept / measured × 100 (2 decimals); null when nothing was measured.' }),
  })
  .openapi('PromisesKept');

export const MetricsSchema = z
  .object({
    from: timestamp,
    to: timestamp,
    incidents: z.object({ total: z.number(), by_severity: z.record(z.enum(SEVERITIES), z.number()) }),
    by_severity: z.record(
      z.enum(SEVERITIES),
      z.object({ incidents: z.number(), time_to_first_update: distribution, time_to_resolve: distribution, promises_kept: promisesKept }),
    ),
    promises_kept: promisesKept,
    maintenance: z.object({ windows: z.number(), minutes: z.number() }),
    components: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        incidents: z.number(),
        maintenance_minutes: z.number(),
        uptime_percentage: z.number(),
      }),
    ),
  })
  .openapi('Metrics');

export const EditMaintenanceBody = z
  .object({
    title: title.optional(),
    scheduled_for: z.iso.datetime({ offset: true }).optional(),
    scheduled_until: z.iso.datetime({ offset: true }).optional(),
    components: componentList.optional(),
    auto_transition: z.boolean().optional(),
  })
  .strict()
  .openapi('EditMaintenance');
