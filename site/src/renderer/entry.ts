// The renderer's build entry: the site's pages, precompiled by `site/scripts/build-renderer.mjs`
// into dist/renderer/entry.mjs, and rendered through Astro's container. The same .astro files a
// full rebuild renders; functions/publisher/render/renderer.ts loads the built module.
import { experimental_AstroContainer } from 'astro/container';
import siteCss from '../styles/site.css?inline';
import localTimeJs from '../scripts/local-time.js?raw';
import IndexPage from '../pages/index.astro';
import IncidentPage from '../pages/incident.astro';
import HistoryPage from '../pages/history.astro';
import NotFoundPage from '../pages/404.astro';
import type { AssetRefs, PageView } from '#publisher/render/view-model';

const PAGES = {
  index: IndexPage,
  incident: IncidentPage,
  history: HistoryPage,
  'not-found': NotFoundPage,
} as const satisfies Record<PageView['kind'], unknown>;

/** The stylesheet (minified, without the theme's custom properties) and the optional script. */
export const css: string = siteCss;
export const script: string = localTimeJs;

export type Container = experimental_AstroContainer;

export function createContainer(): Promise<Container> {
  return experimental_AstroContainer.create();
}

/** One whole HTML document for `model`. */
export function renderPage(container: Container, model: PageView, assets: AssetRefs): Promise<string> {
  return container.renderToString(PAGES[model.kind], { props: { model, assets }, partial: false });
}
