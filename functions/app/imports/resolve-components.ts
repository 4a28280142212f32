// Imported records name components by their source ids: these are the Herald ids they became.
import type { AppDeps } from '../deps';
import type { ImportSystem } from '#core/import-source';

export interface ResolvedComponent {
  id: string;
  name: string;
}

/** Component mappings this process has read, per store (an import reads the same few thousands of times). */
const MAPPINGS = new WeakMap<object, Map<string, string>>();
function mappingsOf(deps: AppDeps): Map<string, string> {
  let map = MAPPINGS.get(deps.store);
  if (!map) MAPPINGS.set(deps.store, (map = new Map()));
  return map;
}

/** Source id → the Herald component (or group) it was imported as; ids never imported are absent. */
export async function resolveComponents(deps: AppDeps, system: ImportSystem, sourceIds: Iterable<string>): Promise<Map<string, ResolvedComponent>> {
  const wanted = [...new Set(sourceIds)];
  const out = new Map<string, ResolvedComponent>();
  if (wanted.length === 0) return out;
  const components = new Map((await deps.store.components.list()).map((c) => [c.id, c]));
  const known = mappingsOf(deps);
  for (const sourceId of wanted) {
    const key = `${system}\u0000${sourceId}`;
    let heraldId = system === 'herald' ? sourceId : (known.get(key) ?? null);
    if (heraldId === null) {
      heraldId = (await deps.store.imports.find(system, 'component', sourceId)) ?? (await deps.store.imports.find(system, 'component_group', sourceId));
      // A mapping never changes once written (a re-import keeps the record's id): safe to remember.
      if (heraldId !== null) known.set(key, heraldId);
    }
    const component = heraldId ? components.get(heraldId) : undefined;
    if (component) out.set(sourceId, { id: component.id, name: component.name });
  }
  return out;
}
