import { describe, expect, it } from 'vitest';
import { requiredScope } from '#api/route-scopes';

describe('requiredScope', () => {
  it.each([
    ['GET', '/v1/incidents', 'read'],
    ['GET', '/v1/incidents/INC-20261127-0800/timeline', 'read'],
    ['GET', '/v1/incidents/INC-20261127-0800/postmortem/draft', 'read'],
    ['GET', '/v1/maintenances', 'read'],
    ['GET', '/v1/components', 'read'],
    ['GET', '/v1/metrics', 'read'],
    ['GET', '/v1/postmortems', 'read'],
    ['HEAD', '/v1/incidents', 'read'],
    ['POST', '/v1/incidents', 'incidents'],
    ['PATCH', '/v1/incidents/INC-20261127-0800', 'incidents'],
    ['POST', '/v1/incidents/INC-20261127-0800/updates', 'incidents'],
    ['POST', '/v1/incidents/INC-20261127-0800/notes', 'incidents'],
    ['PUT', '/v1/incidents/INC-20261127-0800/postmortem', 'incidents'],
    ['POST', '/v1/maintenances', 'incidents'],
    ['PATCH', '/v1/maintenances/MNT-1', 'incidents'],
    ['POST', '/v1/components', 'admin'],
    ['PATCH', '/v1/components/cmp_1', 'admin'],
    ['DELETE', '/v1/components/cmp_1', 'admin'],
    ['GET', '/v1/subscribers', 'subscribers'],
    ['POST', '/v1/subscribers', 'subscribers'],
    ['DELETE', '/v1/subscribers/sub_1', 'subscribers'],
    ['GET', '/v1/subscribers/export', 'subscribers'],
    ['GET', '/v1/templates', 'read'],
    ['GET', '/v1/templates/tpl_1', 'read'],
    ['POST', '/v1/templates', 'admin'],
    ['DELETE', '/v1/templates/tpl_1', 'admin'],
    ['POST', '/v1/templates/tpl_1/render', 'read'],
    ['POST', '/v1/templates/tpl_1/render/', 'read'],
    ['POST', '/v1/templates/tpl_1/render/more', 'admin'],
    ['PATCH', '/v1/people/ana@example.org', 'admin'],
    ['GET', '/v1/people', 'admin'],
    ['POST', '/v1/people', 'admin'],
  ])('%s %s needs %s', (method, path, scope) => {
    expect(requiredScope(method, path)).toBe(scope);
  });

  it('needs admin for a route in no row, so that a new route is closed to narrow keys', () => {
    expect(requiredScope('GET', '/v1/unlisted-resource')).toBe('admin');
    expect(requiredScope('GET', '/v1/incidentsearch')).toBe('admin');
  });
});
