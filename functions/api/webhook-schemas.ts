// The request and response shapes of /v1/webhooks (kept apart from schemas.ts, which they extend).
import { z } from '@hono/zod-openapi';
import { ENDPOINT_KINDS, ENDPOINT_STATES } from '#app/channels/endpoint';
import { MAX_CHANNEL_URL_LENGTH } from '#core/channel-url';

const url = z
  .string()
  .min(1)
  // Longer URLs reach the policy so the refusal names the reason (too_long); the body limit bounds them.
  .max(MAX_CHANNEL_URL_LENGTH * 4)
  .openapi({
    description:
      `https only, no credentials, at most ${MAX_CHANNEL_URL_LENGTH} characters, never a loopback, private, link-local, ` +
      'metadata (169.254.169.254), CGNAT, multicast or IPv6 ULA address (nor a name resolving to one, nor their IPv4-mapped forms). ' +
      'Slack: https://hooks.slack.com/services/…; Teams: a Workflows URL (…logic.azure.com/workflows/… or …powerplatform.com/…/workflows/…). ' +
      'Refusals are 400 with errors[].path "url" and the reason.',
    example: 'https://example.com/herald-hook',
  });
const components = z
  .array(z.string().min(1).max(64))
  .max(200)
  .openapi({ description: 'Only changes touching these component ids (none: every change).' });
const contactEmail = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'not an email address')
  .nullable()
  .openapi({ format: 'email', description: 'Told once when the endpoint is quarantined; can reactivate it by a link.' });
const internal = z.boolean().openapi({ description: "The team's incident channel: every change, public or not, in the internal shape." });

export const CreateWebhookBody = z
  .object({
    kind: z.enum(ENDPOINT_KINDS).default('webhook'),
    url,
    components: components.optional(),
    contact_email: contactEmail.optional(),
    internal: internal.optional(),
  })
  .strict()
  .openapi('CreateWebhook');

export const UpdateWebhookBody = z
  .object({ url: url.optional(), components: components.optional(), contact_email: contactEmail.optional(), internal: internal.optional() })
  .strict()
  .openapi('UpdateWebhook');

export const WebhookSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ENDPOINT_KINDS),
    url: z.string(),
    components: z.array(z.string()),
    internal: z.boolean(),
    contact_email: z.string().nullable(),
    state: z.enum(ENDPOINT_STATES),
    state_reason: z.string().nullable(),
    consecutive_failures: z.number().int(),
    signed: z.boolean().openapi({ description: 'Whether requests carry Standard Webhooks signatures (webhooks only).' }),
    secret_created_at: z.string().nullable().openapi({ description: 'When the current signing secret was made.' }),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: 'During a rotation: when the previous secret stops signing beside the new one.' }),
    created_at: z.string(),
    updated_at: z.string(),
    created_by: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('Webhook');

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z
    .string()
    .nullable()
    .openapi({ description: 'The signing secret (`whsec_…`), shown in this answer only; null for Slack and Teams.' }),
}).openapi('WebhookWithSecret');
