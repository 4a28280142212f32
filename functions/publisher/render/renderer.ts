// The site renderer the publisher calls: the .astro pages precompiled once into
// dist/renderer/entry.mjs (site/scripts/build-renderer.mjs) and rendered through Astro's container.
//
// Why precompiled: compiling .astro files needs Vite and the Astro compiler (seconds, and far too
// big for a Lambda); the built module renders a page in a fraction of a millisecond and bundles
// with the handler. Run from a source checkout (tests, the local stack), loadRenderer first
// rebuilds the module when site/src changed since the last build, so a fresh clone just works.
// In a Lambda bundle the module is bundled in (the import below is a literal path, which esbuild
// follows) and the build script is absent, so nothing is built at run time.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Entry from '../../../site/src/renderer/entry.ts';
import type { PageConfig } from './page-config.ts';
import { themeCss, themeFor, type Theme } from './theme.ts';
import type {
  AssetRefs,
  HistoryPageView,
  IncidentPageView,
  IndexPageView,
  NotFoundPageView,
  PageView,
} from './view-model.ts';

export interface SiteFile {
  /** Bucket key, without a leading slash: `index.html`, `assets/site.3f9a….css`. */
  path: string;
  body: string | Buffer;
  contentType: string;
  cacheControl: string;
}

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export interface Renderer {
  renderIndex(model: IndexPageView): Promise<string>;
  renderIncident(model: IncidentPageView): Promise<string>;
  renderHistory(model: HistoryPageView): Promise<string>;
  render404(model: NotFoundPageView): Promise<string>;
  /** The hashed stylesheet (with the config's accent) and script every page links to. */
  assetFiles(config: Pick<PageConfig, 'colors'>): SiteFile[];
}

/** Each render leaves a route behind in the container, and it looks routes up linearly: a fresh
 * container every so often keeps a long-lived publisher as fast as a new one. */
const RENDERS_PER_CONTAINER = 500;

const BUILD_SCRIPT = fileURLToPath(new URL('../../../site/scripts/build-renderer.mjs', import.meta.url));

/** From a source checkout, (re)build the renderer when it is missing or older than site/src. */
function buildIfStale(): void {
  if (!existsSync(BUILD_SCRIPT)) return;
  execFileSync(process.execPath, [BUILD_SCRIPT, '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function hashOf(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 12);
}

function createAssets(entry: typeof Entry) {
  const script: SiteFile = {
    path: `assets/local-time.${hashOf(entry.script)}.js`,
    body: entry.script,
    contentType: 'text/javascript; charset=utf-8',
    cacheControl: IMMUTABLE_CACHE,
  };
  const stylesheets = new Map<string, SiteFile>();
  function stylesheet(theme: Theme): SiteFile {
    const css = `${themeCss(theme)}\n${entry.css}`;
    const key = `${theme.accent}|${theme.accentDark}`;
    let file = stylesheets.get(key);
    if (file === undefined) {
      file = { path: `assets/site.${hashOf(css)}.css`, body: css, contentType: 'text/css; charset=utf-8', cacheControl: IMMUTABLE_CACHE };
      stylesheets.set(key, file);
    }
    return file;
  }
  return {
    files: (theme: Theme): SiteFile[] => [stylesheet(theme), script],
    refs: (theme: Theme): AssetRefs => ({ css: `/${stylesheet(theme).path}`, script: `/${script.path}` }),
  };
}

let loading: Promise<Renderer> | undefined;

async function load(): Promise<Renderer> {
  buildIfStale();
  const entry = (await import('../../../dist/renderer/entry.mjs' as string)) as typeof Entry;
  const assets = createAssets(entry);
  let container = await entry.createContainer();
  let renders = 0;
  async function render(model: PageView): Promise<string> {
    if (++renders > RENDERS_PER_CONTAINER) {
      container = await entry.createContainer();
      renders = 1;
    }
    return entry.renderPage(container, model, assets.refs(model.chrome.theme));
  }
  return {
    renderIndex: render,
    renderIncident: render,
    renderHistory: render,
    render404: render,
    assetFiles: (config) => assets.files(themeFor(config.colors?.accent)),
  };
}

/** The renderer, loaded (and, from a source checkout, built) once per process. */
export function loadRenderer(): Promise<Renderer> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
