// The badges' files: the page's (/badge.svg, /badge-dark.svg) and each component's
// (/components/{id}/badge.svg and -dark.svg), from the same data as the Statuspage JSON and written
// with it (an unchanged badge is skipped by the publisher's WrittenFiles, so a component's badge is
// uploaded when its status or name changes, the page's when the page's status does).
import { pageStatus } from '../statuspage/files.ts';
import type { SiteData } from '../render/site-data.ts';
import { BADGE_CONTENT_TYPE, badgeSvg, componentBadgeState, pageBadgeState, type BadgeTheme } from './badge-svg.ts';

export interface BadgeFile {
  path: string;
  body: string;
  contentType: string;
}

const THEMES: ReadonlyArray<[BadgeTheme, string]> = [
  ['light', 'badge.svg'],
  ['dark', 'badge-dark.svg'],
];

/** Bucket key of a component's badge. */
export function componentBadgePath(id: string, theme: BadgeTheme = 'light'): string {
  return `components/${encodeURIComponent(id)}/${theme === 'light' ? 'badge.svg' : 'badge-dark.svg'}`;
}

export function badgeFiles(data: SiteData): BadgeFile[] {
  const page = pageBadgeState(pageStatus(data).indicator);
  const files: BadgeFile[] = THEMES.map(([theme, path]) => ({ path, body: badgeSvg('status', page, theme), contentType: BADGE_CONTENT_TYPE }));
  for (const component of data.components) {
    const state = componentBadgeState(component.status);
    for (const [theme] of THEMES) {
      files.push({ path: componentBadgePath(component.id, theme), body: badgeSvg(component.name, state, theme), contentType: BADGE_CONTENT_TYPE });
    }
  }
  return files;
}
