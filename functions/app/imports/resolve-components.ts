// Imported records name components by their source ids: these are the Herald ids they became.
import type { AppDeps } from '../deps';
import type { ImportSystem } from '#core/import-source';

export interface ResolvedComponent {
  id: string;
  name: string;
}

/** Source id → the Herald component (or group) it was imported as; ids never imported are absent. */
export async function resolveComponents(deps: AppDeps, system: ImportSystem, sourceIds: Iterable<string>): Promise<Map<string, ResolvedComponent>> {
  const wanted = [...new Set(sourceIds)];
  const out = new Map<string, ResolvedComponent>();
  if (wanted.length === 0) return out;
  const components = new Map((await deps.store.components.list()).map((c) => [c.id, c]));
  for (const sourceId of wanted) {
    const heraldId =
      system === 'herald'
        ? sourceId
        : ((await deps.store.imports.find(system, 'component', sourceId)) ?? (await deps.store.imports.find(system, 'component_group', sourceId)));
    const component = heraldId ? components.get(heraldId) : undefined;
    if (component) out.set(sourceId, { id: component.id, name: component.name });
  }
  return out;
}
