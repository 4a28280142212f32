// The `page` section of herald.config.json: what the public site shows about itself.

export interface PageLink {
  label: string;
  url: string;
}

export interface PageConfig {
  /** Statuspage's `page.id` in the /api/v2 files. */
  id: string;
  name: string;
  /** The site's absolute origin (and path, if any), e.g. `https://status.example.com`. */
  url: string;
  /** IANA zone the page shows times in; `<time datetime>` stays UTC whatever it is. */
  time_zone: string;
  logo_url: string | null;
  links: PageLink[];
  colors: { accent: string };
}

/** `url` without a trailing slash, so that `${base}/incidents/…` is always well formed. */
export function siteBase(config: Pick<PageConfig, 'url'>): string {
  return config.url.replace(/\/+$/, '');
}

/** The absolute URL of a site path (`/incidents/INC-…/`). */
export function absoluteUrl(config: Pick<PageConfig, 'url'>, path: string): string {
  return `${siteBase(config)}${path.startsWith('/') ? path : `/${path}`}`;
}
