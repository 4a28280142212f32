import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsOf, can, isRole, leastRoleFor, ROLES, type Action, type Role } from '#core/roles';

describe('roles', () => {
  it('are ordered from the least to the most allowed', () => {
    expect(ROLES).toEqual(['viewer', 'responder', 'admin']);
  });

  it('recognises only the three role names', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole('Admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe('can', () => {
  it.each<[Role, Action[]]>([
    ['viewer', ['read']],
    ['responder', ['read', 'incidents', 'updates', 'maintenance', 'postmortems']],
    ['admin', ['read', 'incidents', 'updates', 'maintenance', 'postmortems', 'components', 'subscribers', 'templates', 'people', 'api_keys']],
  ])('lets a %s do exactly %j', (role, allowed) => {
    expect(actionsOf(role)).toEqual(allowed);
    for (const [action] of ACTIONS) expect(can(role, action)).toBe(allowed.includes(action));
  });

  it('refuses a viewer every change, and a responder the admin work', () => {
    expect(can('viewer', 'updates')).toBe(false);
    expect(can('responder', 'people')).toBe(false);
    expect(can('responder', 'api_keys')).toBe(false);
    expect(can('responder', 'subscribers')).toBe(false);
  });

  it('names the least role for an action', () => {
    expect(leastRoleFor('read')).toBe('viewer');
    expect(leastRoleFor('postmortems')).toBe('responder');
    expect(leastRoleFor('templates')).toBe('admin');
  });
});
