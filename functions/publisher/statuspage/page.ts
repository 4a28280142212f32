// The `page` object every /api/v2 file starts with.
import { siteBase } from '../render/page-config.ts';
import type { SiteData } from '../render/site-data.ts';
import type { SpPage } from './types.ts';

/**
 * When anything on the page last changed (not the render time, so unchanged files stay identical):
 * the newest `updated_at` among the records, or an earlier publish's `page.updated_at` if later.
 */
export function pageLastChange(data: SiteData): string {
  let latest = data.pageUpdatedAt ?? '';
  for (const item of [...data.components, ...data.incidents, ...data.maintenances]) {
    if (item.updated_at > latest) latest = item.updated_at;
  }
  return latest === '' ? data.now : latest;
}

export function pageObject(data: SiteData): SpPage {
  return {
    id: data.config.id,
    name: data.config.name,
    url: siteBase(data.config),
    time_zone: data.config.time_zone,
    updated_at: pageLastChange(data),
  };
}
