// The templates Herald ships: one per incident status and per maintenance step, in the words of
// incident-response practice (the status-page template: what we see, when it started, its
// impact, when we speak next). Fixed ids, so seeding twice (or from two processes) adds them once.
import type { Template } from './templates';

type Seed = Omit<Template, 'version' | 'created_at' | 'updated_at'>;

const next = 'Next update by {{next_update_at}}.';

export const TEMPLATE_SEEDS: readonly Seed[] = Object.freeze([
  {
    id: 'seed-incident-investigating',
    name: 'Investigating',
    kind: 'incident',
    title: 'Issues with {{components}}',
    status: 'investigating',
    body: [
      'We are investigating reports of problems with {{components}}. Some customers may see errors or slowness.',
      '',
      '**Started:** {{started_at}}  ',
      '**Impact:** _who is affected, and what they cannot do_',
      '',
      next,
    ].join('\n'),
    components: {},
    severity: null,
    notify: true,
  },
  {
    id: 'seed-incident-identified',
    name: 'Identified',
    kind: 'incident',
    title: 'Issues with {{components}}',
    status: 'identified',
    body: [
      'We have identified the cause of the problems with {{components}} and are working on a fix.',
      '',
      '**Started:** {{started_at}}  ',
      '**Impact:** _who is still affected, and any workaround_',
      '',
      next,
    ].join('\n'),
    components: {},
    severity: null,
    notify: true,
  },
  {
    id: 'seed-incident-monitoring',
    name: 'Monitoring',
    kind: 'incident',
    title: 'Issues with {{components}}',
    status: 'monitoring',
    body: [
      'A fix has been put in place and we are monitoring the results. {{components}} should be working normally again; if you still see problems, please tell us.',
      '',
      next,
    ].join('\n'),
    components: {},
    severity: null,
    notify: true,
  },
  {
    id: 'seed-incident-resolved',
    name: 'Resolved',
    kind: 'incident',
    title: 'Issues with {{components}}',
    status: 'resolved',
    body: [
      'This incident has been resolved: {{components}} are working normally. The problems started at {{started_at}}.',
      '',
      'We are sorry for the disruption. We will review what happened and how to prevent it.',
    ].join('\n'),
    components: {},
    severity: null,
    notify: true,
  },
  {
    id: 'seed-maintenance-scheduled',
    name: 'Maintenance scheduled',
    kind: 'maintenance',
    title: 'Scheduled maintenance of {{components}}',
    status: 'scheduled',
    body: [
      'We will be performing scheduled maintenance of {{components}}. During the window they may be briefly unavailable or slower than usual.',
      '',
      '**Impact:** _what customers will notice, and for how long_',
    ].join('\n'),
    components: {},
    severity: null,
    notify: true,
  },
  {
    id: 'seed-maintenance-in-progress',
    name: 'Maintenance in progress',
    kind: 'maintenance',
    title: 'Scheduled maintenance of {{components}}',
    status: 'in_progress',
    body: 'Scheduled maintenance of {{components}} is in progress since {{started_at}}. We will post an update when it is complete.',
    components: {},
    severity: null,
    notify: false,
  },
  {
    id: 'seed-maintenance-completed',
    name: 'Maintenance completed',
    kind: 'maintenance',
    title: 'Scheduled maintenance of {{components}}',
    status: 'completed',
    body: 'The scheduled maintenance has been completed: {{components}} are working normally. Thank you for your patience.',
    components: {},
    severity: null,
    notify: true,
  },
] satisfies Seed[]);

/** The seeds as stored records, created at `now`. */
export function seedTemplates(now: string): Template[] {
  return TEMPLATE_SEEDS.map((seed) => ({ ...seed, components: { ...seed.components }, version: 1, created_at: now, updated_at: now }));
}
