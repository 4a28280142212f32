// People's roles and what each may do. Roles are ordered: each may do everything the one before
// it may, and more (viewer < responder < admin).

export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a person can be allowed to do, each with the least role that may do it. */
export const ACTIONS = [
  ['read', 'viewer'],
  ['incidents', 'responder'],
  ['updates', 'responder'],
  ['maintenance', 'responder'],
  ['postmortems', 'responder'],
  ['components', 'admin'],
  ['subscribers', 'admin'],
  ['templates', 'admin'],
  ['people', 'admin'],
  ['api_keys', 'admin'],
] as const satisfies ReadonlyArray<readonly [string, Role]>;
export type Action = (typeof ACTIONS)[number][0];

const LEAST_ROLE = new Map<Action, Role>(ACTIONS);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The least role that may take this action. */
export function leastRoleFor(action: Action): Role {
  return LEAST_ROLE.get(action)!;
}

/** Whether someone with `role` may take `action`. */
export function can(role: Role, action: Action): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(leastRoleFor(action));
}

/** Every action `role` may take, in ACTIONS order. */
export function actionsOf(role: Role): Action[] {
  return ACTIONS.map(([action]) => action).filter((action) => can(role, action));
}
