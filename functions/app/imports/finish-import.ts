// The end of an import: imported writes are not published one by one (publisher/site-changes.ts
// skips them), so the site is rebuilt once, in full, from what the table now holds.
import type { AppDeps } from '../deps';

export async function finishImport(deps: AppDeps): Promise<{ rebuild_requested_at: string }> {
  const at = deps.now();
  await deps.store.imports.requestRebuild(at);
  return { rebuild_requested_at: at };
}
