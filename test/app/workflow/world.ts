// A scheduler's world for one suite: the API on its own DynamoDB Local table, a clock the test
// sets, responders' mail captured by a fake MailSender, and sweeps run at chosen times.
import { simpleParser } from 'mailparser';
import { KeyedMutex } from '#app/keyed-mutex';
import { runScheduledWork, type ScheduledWorkReport } from '#app/workflow/run-scheduled-work';
import type { WorkflowDeps } from '#app/workflow/workflow-deps';
import { ComponentSchema, IncidentSchema, MaintenanceSchema } from '#api/schemas';
import type { MailSender, OutgoingMail } from '#mailer/ports';
import { createTestApi, type TestApi } from '../../support/api';

export const RESPONDERS = ['oncall@example.com', 'lead@example.com'];

export interface FakeSender extends MailSender {
  sent: OutgoingMail[];
  /** Makes the next sends fail with this error, one per entry. */
  failNext: Error[];
}

export function fakeSender(): FakeSender {
  const sender: FakeSender = {
    sent: [],
    failNext: [],
    async send(mail) {
      const failure = sender.failNext.shift();
      if (failure) throw failure;
      sender.sent.push(mail);
      return `message-${sender.sent.length}`;
    },
  };
  return sender;
}

export interface WorkflowWorld {
  api: TestApi;
  sender: FakeSender;
  deps: WorkflowDeps;
  /** A sweep as another process would run it (its own locks and send owner). */
  otherProcess(): WorkflowDeps;
  sweep(at: string, deps?: WorkflowDeps): Promise<ScheduledWorkReport>;
  /** POST/GET… at a time: sets the clock, then calls the API; throws on an unexpected status. */
  call(at: string, method: string, path: string, body?: unknown): Promise<unknown>;
  component(name: string, at?: string): Promise<string>;
  componentStatus(id: string): Promise<string | undefined>;
  maintenance(id: string): Promise<ReturnType<typeof MaintenanceSchema.parse>>;
  incident(id: string): Promise<ReturnType<typeof IncidentSchema.parse>>;
  subjects(): Promise<string[]>;
  drop(): Promise<void>;
}

export async function createWorkflowWorld(options: { reminderMinutes?: number } = {}): Promise<WorkflowWorld> {
  const api = await createTestApi();
  const sender = fakeSender();
  const config = {
    ...api.deps.config,
    email: { ...api.deps.config.email, responders: RESPONDERS },
    maintenance: { reminder_minutes: options.reminderMinutes ?? 60 },
  };
  // The API answers with the same config as the sweep reads.
  Object.assign(api.deps, { config });
  const quiet = { info: () => undefined, error: () => undefined };
  const deps: WorkflowDeps = { ...api.deps, config, responderMail: { sender, from: 'Herald <status@example.com>' }, log: quiet, owner: 'sweeper-1' };
  let others = 1;
  const world: WorkflowWorld = {
    api,
    sender,
    deps,
    otherProcess: () => ({ ...deps, locks: new KeyedMutex(), owner: `sweeper-${++others}` }),
    sweep: (at, d = deps) => runScheduledWork(d, at),
    async call(at, method, path, body) {
      api.setNow(at);
      const res = await api.request(method, path, body);
      if (res.status >= 300 && res.status !== 304) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    async component(name, at = '2026-01-01T00:00:00.000Z') {
      return ComponentSchema.parse(await world.call(at, 'POST', '/v1/components', { name })).id;
    },
    async componentStatus(id) {
      return (await api.deps.store.components.get(id))?.status;
    },
    async maintenance(id) {
      return MaintenanceSchema.parse((await world.call('2026-01-01T00:00:00.000Z', 'GET', '/v1/maintenances?state=all') as unknown[]).find((m) => (m as { id: string }).id === id));
    },
    async incident(id) {
      return IncidentSchema.parse(await world.call('2026-01-01T00:00:00.000Z', 'GET', `/v1/incidents/${id}`));
    },
    async subjects() {
      return Promise.all(sender.sent.map(async (m) => `${m.to}: ${(await simpleParser(Buffer.from(m.raw))).subject}`));
    },
    drop: () => api.drop(),
  };
  return world;
}
