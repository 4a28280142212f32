// Declare: title, severity (each with the policy's meaning and cadence), components with their
// target status, a template that fills everything, the message with its preview, notify, "next
// update by" → declareIncident. A hidden per-form token is the use case's idempotency key (scoped
// by the person), so a second submit of the same form lands on the first result.
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { declareIncident } from '#app/incidents/declare-incident';
import type { RequestContext } from '#app/context';
import { listTemplates } from '#app/templates/list-templates';
import { renderTemplateDraft, type TemplateDraft } from '#app/templates/render-template';
import { IdempotencyKeyTakenError } from '#core/errors';
import { OPEN_INCIDENT_STATUSES } from '#core/incident-lifecycle';
import type { Component, IncidentWithUpdates } from '#core/model';
import { parseSeverity, SEVERITIES, type SeverityPolicy } from '#core/severity';
import type { Template } from '#core/templates';
import { DeclareIncidentBody } from '../../../api/schemas';
import type { ConsoleDeps } from '../../deps';
import type { ConsoleEnv } from '../../env';
import { fieldErrors, formOf, text, type FieldErrors } from '../../form';
import { actorOf, requireAction } from '../../permissions';
import { screen } from '../../render';
import { statusLabel } from '../../ui/badges';
import { Csrf, describedBy, ErrorSummary, Field } from '../../ui/form';
import { ComponentSelects, componentChoices, componentsInput, MessageField, NextUpdateField, NotifySelect, parseWith, utcInput } from './shared';

/** The form as typed (or as a template filled it). */
export interface DeclareForm {
  token: string;
  template: string;
  title: string;
  severity: string;
  status: string;
  components: Record<string, string>;
  message: string;
  /** '' : the severity's default (mail unless it has no user impact); 'yes' / 'no': chosen. */
  notify: '' | 'yes' | 'no';
  next_update_at: string;
}

/** The severity's default: subscribers are mailed unless the policy says it has no user impact. */
export function notifiesByDefault(deps: ConsoleDeps, severity: string): boolean {
  const policy = (deps.config.severities as Record<string, { impact: string } | undefined>)[severity];
  return policy ? policy.impact !== 'none' : true;
}

const notifyChoice = (value: string): DeclareForm['notify'] => (value === 'yes' || value === 'no' ? value : '');

const TOKEN = /^[A-Za-z0-9-]{16,64}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export function cadenceText(policy: Pick<SeverityPolicy, 'update_cadence'>): string {
  const cadence = policy.update_cadence;
  if (cadence.kind === 'fixed') return `public update every ${cadence.minutes} min`;
  if (cadence.kind === 'milestones') return 'public update at milestones';
  return 'no update cadence';
}

export function declareRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/incidents/new', async (c) => {
    requireAction(c, 'incidents');
    const templateId = c.req.query('template') ?? '';
    let draft: TemplateDraft | null = null;
    let templateError: string | undefined;
    if (templateId) {
      try {
        draft = await renderTemplateDraft(deps, templateId, {});
        if (draft.kind !== 'incident') {
          templateError = 'That is a maintenance template; choose an incident one.';
          draft = null;
        }
      } catch (error) {
        templateError = error instanceof Error ? error.message : String(error);
      }
    }
    const form: DeclareForm = {
      token: randomUUID(),
      template: templateId,
      title: draft?.title ?? '',
      severity: draft?.severity ?? '',
      status: draft?.status ?? 'investigating',
      components: { ...draft?.components },
      message: draft?.message ?? '',
      // A template says for itself; otherwise the severity decides when the form is posted.
      notify: draft ? (draft.notify ? 'yes' : 'no') : '',
      next_update_at: '',
    };
    const errors = templateError ? { summary: 'The template could not be used.', fields: { template: templateError } } : null;
    return render(c, form, { errors, preview: false, warnings: draft?.warnings ?? [] });
  });

  app.post('/incidents/new', async (c) => {
    requireAction(c, 'incidents');
    const posted = await formOf(c);
    const form: DeclareForm = {
      token: TOKEN.test(text(posted, 'form_token')) ? text(posted, 'form_token') : randomUUID(),
      template: text(posted, 'template'),
      title: text(posted, 'title'),
      severity: text(posted, 'severity'),
      status: text(posted, 'status') || 'investigating',
      components: componentChoices(posted),
      message: text(posted, 'message', { raw: true }),
      notify: notifyChoice(text(posted, 'notify')),
      next_update_at: text(posted, 'next_update_at'),
    };
    if (text(posted, 'action') === 'preview') return render(c, form, { errors: null, preview: true, warnings: [] });

    const scope = `console:${actorOf(c)}`;
    const earlier = async () => {
      const record = await deps.store.idempotency.find(scope, form.token);
      const id = (record?.body as { id?: string } | undefined)?.id;
      return id ? c.redirect(`/console/incidents/${encodeURIComponent(id)}?done=declared`, 303) : null;
    };
    const replay = await earlier();
    if (replay) return replay;
    try {
      const body = parseWith(DeclareIncidentBody, {
        title: form.title,
        severity: form.severity,
        message: form.message,
        status: form.status,
        components: componentsInput(form.components),
        notify: form.notify === '' ? notifiesByDefault(deps, form.severity) : form.notify === 'yes',
        next_update_at: utcInput(form.next_update_at),
      });
      const now = deps.now();
      const ctx: RequestContext = {
        actor: actorOf(c),
        now,
        idempotency: {
          scope,
          key: form.token,
          fingerprint: 'console:declare',
          expiresAt: Math.floor(Date.parse(now) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          respond: (result) => ({ status: 303, body: { id: (result as IncidentWithUpdates).id } }),
        },
      };
      const incident = await declareIncident(deps, { ...body, severity: parseSeverity(body.severity)! }, ctx);
      return c.redirect(`/console/incidents/${encodeURIComponent(incident.id)}?done=declared`, 303);
    } catch (error) {
      if (error instanceof IdempotencyKeyTakenError) {
        const winner = await earlier();
        if (winner) return winner;
      }
      const errors = fieldErrors(error);
      if (!errors) throw error;
      return render(c, form, { errors, preview: false, warnings: [] }, 400);
    }
  });

  async function render(
    c: Context<ConsoleEnv>,
    form: DeclareForm,
    view: { errors: { summary: string; fields: FieldErrors } | null; preview: boolean; warnings: string[] },
    status: 200 | 400 = 200,
  ) {
    const [templates, components] = await Promise.all([listTemplates(deps), deps.store.components.list()]);
    return screen(
      c,
      deps.config.page.name,
      'Declare an incident',
      <DeclareScreen form={form} templates={templates.filter((t) => t.kind === 'incident')} components={components} csrf={c.get('session').csrf_token} severities={deps.config.severities} {...view} />,
      { active: 'incidents', status },
    );
  }
  return app;
}

function DeclareScreen(props: {
  form: DeclareForm;
  templates: Template[];
  components: Component[];
  csrf: string;
  severities: Record<string, SeverityPolicy>;
  errors: { summary: string; fields: FieldErrors } | null;
  preview: boolean;
  warnings: string[];
}) {
  const { form, errors } = props;
  const e = errors?.fields ?? {};
  return (
    <>
      <h1>Declare an incident</h1>
      <ErrorSummary summary={errors?.summary} fields={errors?.fields} />
      {props.warnings.map((w) => (
        <p class="warning">{w}</p>
      ))}
      <form method="get" action="/console/incidents/new" class="card">
        <Field name="template" label="Start from a template" hint="Fills the title, severity, status, components, message and notify; you can change any of them." error={e.template}>
          <select id="field-template" name="template" aria-describedby={describedBy('template', 'x', e.template)}>
            <option value="">No template</option>
            {props.templates.map((t) => (
              <option value={t.id} selected={t.id === form.template}>
                {t.name} ({statusLabel(t.status)})
              </option>
            ))}
          </select>
        </Field>
        <div class="actions">
          <button type="submit" class="button">
            Use template
          </button>
        </div>
      </form>

      <form method="post" action="/console/incidents/new" class="card" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="form_token" value={form.token} />
        <input type="hidden" name="template" value={form.template} />
        <Field name="title" label="Title" hint="What is affected, as subscribers will read it." error={e.title}>
          <input
            type="text"
            id="field-title"
            name="title"
            value={form.title}
            maxlength={200}
            required
            aria-describedby={describedBy('title', 'x', e.title)}
            aria-invalid={e.title ? 'true' : undefined}
          />
        </Field>
        <fieldset id="field-severity" class={e.severity ? 'has-error' : undefined} tabindex={-1}>
          <legend>Severity</legend>
          {e.severity && <p class="field-error">{e.severity}</p>}
          {SEVERITIES.map((sev) => {
            const policy = props.severities[sev];
            return (
              <div class="choice">
                <input type="radio" id={`severity-${sev}`} name="severity" value={sev} checked={form.severity === sev} />
                <label for={`severity-${sev}`}>
                  <strong>{sev}</strong> — {policy?.meaning}
                  {policy && <span class="muted"> · {cadenceText(policy)}</span>}
                </label>
              </div>
            );
          })}
        </fieldset>
        <Field name="status" label="Status" error={e.status}>
          <select id="field-status" name="status">
            {OPEN_INCIDENT_STATUSES.map((s) => (
              <option value={s} selected={form.status === s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </Field>
        <ComponentSelects components={props.components} chosen={form.components} error={e.components} />
        <MessageField name="message" label="Message" value={form.message} error={e.message} previewId="declare-preview" preview={props.preview} heading="h2" />
        <NotifySelect value={form.notify} label="Notify subscribers by mail" defaultLabel={`As the severity says: ${quietSeverities(props.severities)}`} />
        <NextUpdateField
          value={form.next_update_at}
          error={e.next_update_at}
          hint="In UTC. Leave blank for now + the severity's update cadence (none for SEV3/SEV4); at most 24 hours ahead."
        />
        <div class="actions">
          <button type="submit" name="action" value="declare" class="button primary">
            Declare incident
          </button>
          <button type="submit" name="action" value="preview" class="button">
            Preview
          </button>
        </div>
      </form>
    </>
  );
}

/** "mail for SEV0–SEV3, not for SEV4 (no user impact)", from the policy. */
function quietSeverities(policy: Record<string, { impact: string }>): string {
  const quiet = Object.keys(policy).filter((sev) => policy[sev]!.impact === 'none');
  if (quiet.length === 0) return 'mail for every severity';
  const loud = Object.keys(policy).filter((sev) => !quiet.includes(sev));
  return `mail for ${loud.join(', ')}; not for ${quiet.join(', ')} (no user impact)`;
}
