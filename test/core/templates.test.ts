import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES } from '#core/incident-lifecycle';
import { seedTemplates, TEMPLATE_SEEDS } from '#core/template-seeds';
import { checkTemplate, componentsPhrase, placeholdersIn, renderTemplate, timePhrase, type Template } from '#core/templates';

const NOW = '2026-12-03T14:00:00.000Z';

function aTemplate(overrides: Partial<Template> = {}): Template {
  return {
    id: 't1',
    name: 'Outage',
    kind: 'incident',
    title: 'Problems with {{components}}',
    status: 'investigating',
    body: 'We are investigating reports of problems with {{components}}.\n\n**Started:** {{started_at}}\n\nNext update by {{next_update_at}}.',
    components: { c1: 'major_outage' },
    severity: 'SEV1',
    notify: true,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

describe('checkTemplate', () => {
  it('names each unknown placeholder under the field that uses it', () => {
    // Prepare
    const template = aTemplate({ title: 'About {{title}} and {{ customer }}', body: 'Hi {{customer}}, {{eta}} {{components}}' });
    // Act
    const errors = checkTemplate(template);
    // Assess
    expect(errors.map((e) => e.path)).toEqual(['title', 'body']);
    expect(errors[0]!.message).toMatch(/^unknown placeholder\(s\): \{\{customer\}\};/);
    expect(errors[1]!.message).toMatch(/unknown placeholder\(s\): \{\{customer\}\}, \{\{eta\}\}/);
  });

  it('accepts every known placeholder, with or without spaces inside the braces', () => {
    const body = '{{title}} {{ severity }} {{components}} {{started_at}} {{next_update_at}}';
    expect(checkTemplate(aTemplate({ body }))).toEqual([]);
    expect(placeholdersIn(body)).toEqual(['title', 'severity', 'components', 'started_at', 'next_update_at']);
  });

  it("refuses a status of the other kind, and a severity on maintenance", () => {
    expect(checkTemplate(aTemplate({ kind: 'maintenance', status: 'investigating', severity: null })).map((e) => e.path)).toEqual(['status']);
    expect(checkTemplate(aTemplate({ kind: 'incident', status: 'in_progress' })).map((e) => e.path)).toEqual(['status']);
    expect(checkTemplate(aTemplate({ kind: 'maintenance', status: 'scheduled', severity: 'SEV2' })).map((e) => e.path)).toEqual(['severity']);
  });

  it('refuses an empty or too long name, title or body, an unknown kind or severity, and a component status that is not one', () => {
    expect(checkTemplate(aTemplate({ name: ' ', title: '', body: '\n' })).map((e) => e.path)).toEqual(['name', 'title', 'body']);
    expect(checkTemplate(aTemplate({ name: 'x'.repeat(101) }))).toEqual([{ path: 'name', message: 'at most 100 characters' }]);
    expect(checkTemplate(aTemplate({ kind: 'outage' as never })).map((e) => e.path)).toEqual(['kind']);
    expect(checkTemplate(aTemplate({ severity: 'SEV9' as never })).map((e) => e.path)).toEqual(['severity']);
    expect(checkTemplate(aTemplate({ components: { api: 'on_fire' as never, db: 'major_outage' } }))).toEqual([
      { path: 'components.api', message: 'not a component status: on_fire' },
    ]);
  });
});

describe('renderTemplate', () => {
  it('fills components with their names and target statuses, and times as the page writes them', () => {
    // Act
    const draft = renderTemplate(aTemplate({ components: { c1: 'major_outage', c2: 'degraded_performance' } }), {
      now: NOW,
      started_at: '2026-12-03T13:52:00.000Z',
      next_update_at: '2026-12-03T14:30:00.000Z',
      componentNames: { c1: 'Checkout', c2: 'Search' },
    });
    // Assess
    expect(draft.title).toBe('Problems with Checkout (major outage) and Search (degraded performance)');
    expect(draft.message).toBe(
      'We are investigating reports of problems with Checkout (major outage) and Search (degraded performance).\n\n' +
        '**Started:** 13:52 UTC\n\nNext update by 14:30 UTC.',
    );
    expect(draft).toMatchObject({ status: 'investigating', severity: 'SEV1', notify: true, components: { c1: 'major_outage', c2: 'degraded_performance' } });
  });

  it("writes another day's time with its date, and the page's zone beside UTC", () => {
    expect(timePhrase('2026-12-02T23:10:00.000Z', NOW)).toBe('2 Dec 2026, 23:10 UTC');
    expect(timePhrase('2026-12-03T14:30:00.000Z', NOW, 'Europe/Berlin')).toBe('14:30 UTC (15:30 CET)');
  });

  it('renders a missing value as a phrase, never "undefined" nor a raw placeholder', () => {
    const template = aTemplate({ components: {}, severity: null, body: '{{title}} / {{severity}} / {{components}} / {{started_at}} / {{next_update_at}}' });
    const draft = renderTemplate(template, { now: NOW });
    expect(draft.message).not.toMatch(/undefined|null|\{\{/);
    expect(draft.message).toBe(
      'Problems with some of our services / not yet assessed / some of our services / a time we are still confirming / our next milestone',
    );
  });

  it("lets the context's components win over the template's, and names an incident's components when the draft moves none", () => {
    const names = { c1: 'Checkout', c2: 'Search' };
    const moved = renderTemplate(aTemplate(), { now: NOW, components: { c1: 'partial_outage', c2: 'major_outage' }, componentNames: names });
    expect(moved.components).toEqual({ c1: 'partial_outage', c2: 'major_outage' });
    expect(moved.title).toBe('Problems with Checkout (partial outage) and Search (major outage)');
    const unmoved = renderTemplate(aTemplate({ components: {} }), { now: NOW, affected: { c2: 'degraded_performance' }, componentNames: names });
    expect(unmoved.components).toEqual({});
    expect(unmoved.title).toBe('Problems with Search (degraded performance)');
  });

  it("fills {{title}} in the body with the incident's title, else with the template's rendered title", () => {
    const template = aTemplate({ body: 'Update on: {{title}}' });
    expect(renderTemplate(template, { now: NOW, title: 'Checkout is failing' }).message).toBe('Update on: Checkout is failing');
    expect(renderTemplate(template, { now: NOW, componentNames: { c1: 'Checkout' } }).message).toBe('Update on: Problems with Checkout (major outage)');
  });

  it('lists three or more components with commas and a final "and"', () => {
    expect(componentsPhrase({ a: 'operational', b: 'under_maintenance', c: 'partial_outage' }, { a: 'A', b: 'B' })).toBe(
      'A (operational), B (under maintenance) and c (partial outage)',
    );
  });
});

describe('TEMPLATE_SEEDS', () => {
  it('ships a valid template for every incident status and for each maintenance step, with unique ids', () => {
    const seeds = seedTemplates(NOW);
    for (const seed of seeds) expect(checkTemplate(seed)).toEqual([]);
    expect(seeds.filter((s) => s.kind === 'incident').map((s) => s.status)).toEqual([...INCIDENT_STATUSES]);
    expect(seeds.filter((s) => s.kind === 'maintenance').map((s) => s.status)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(new Set(seeds.map((s) => s.id)).size).toBe(TEMPLATE_SEEDS.length);
  });

  it('opens the investigating update the way status-page practice does', () => {
    const investigating = TEMPLATE_SEEDS.find((s) => s.status === 'investigating')!;
    expect(investigating.body).toContain('We are investigating reports of');
    expect(investigating.body).toContain('**Started:** {{started_at}}');
    expect(investigating.body).toContain('**Impact:**');
    expect(investigating.body).toContain('Next update by {{next_update_at}}');
  });
});
