// Reading arguments: times, components by id or name, severities, statuses.
import type { HeraldClient } from '../api-client';
import type { Component } from '../api-types';
import { UsageError } from '../errors';

export const SEVERITY_MEANINGS: Record<string, string> = {
  SEV0: 'catastrophic, all hands',
  SEV1: 'complete outage, data loss, security breach',
  SEV2: 'major feature broken, many users',
  SEV3: 'minor feature broken, workaround exists',
  SEV4: 'cosmetic, no user impact',
};
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

/** SEV0–SEV4 or P0–P4, any case. */
export function severity(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const match = /^(?:SEV|P)([0-4])$/i.exec(input.trim());
  if (!match) throw new UsageError(`severity must be SEV0–SEV4 (or P0–P4), not ${input}`);
  return `SEV${match[1]}`;
}

export function oneOf<T extends string>(what: string, allowed: readonly T[], input: string | undefined): T | undefined {
  if (input === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(input)) throw new UsageError(`${what} must be one of ${allowed.join(', ')}, not ${input}`);
  return input as T;
}

/** An instant as ISO 8601 UTC: anything with a zone, or a local "YYYY-MM-DD HH:MM" (the local zone). */
export function instant(flag: string, input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(input.trim());
  const ms = local ? new Date(`${local[1]}T${local[2]}`).getTime() : Date.parse(input);
  if (Number.isNaN(ms)) throw new UsageError(`${flag}: not a time: ${input} (e.g. 2026-12-04T02:00:00Z or "2026-12-04 03:00" in the local zone)`);
  return new Date(ms).toISOString();
}

/** Commander collector for repeatable options. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A component by id or name (case-insensitive); groups are not components of an incident. */
export function findComponent(components: readonly Component[], ref: string): Component {
  const byId = components.find((c) => c.id === ref);
  if (byId) return byId;
  const named = components.filter((c) => c.name.toLowerCase() === ref.toLowerCase() && !c.is_group);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new UsageError(`several components are named ${ref}; give its id (herald components list)`);
  throw new UsageError(`no component ${ref} (herald components list)`);
}

/** "Checkout=major_outage" / "id=operational" pairs as the API's component map. */
export async function componentMap(client: HeraldClient, pairs: readonly string[]): Promise<Record<string, string> | undefined> {
  if (pairs.length === 0) return undefined;
  const components = await client.get<Component[]>('/components');
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--component takes NAME_OR_ID=STATUS, e.g. Checkout=major_outage; not ${pair}`);
    const status = oneOf('component status', COMPONENT_STATUSES, pair.slice(at + 1))!;
    map[findComponent(components, pair.slice(0, at)).id] = status;
  }
  return map;
}

/** Component ids from names or ids. */
export async function componentIds(client: HeraldClient, refs: readonly string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const components = await client.get<Component[]>('/components');
  return refs.map((ref) => findComponent(components, ref).id);
}
