// /history.rss (RSS 2.0) and /history.atom (Atom 1.0): one entry per incident, newest first,
// each linking to its incident page; the entry's content is the incident's timeline, through the
// same sanitiser as the page.
import { Feed, type Item } from 'feed';
import type { IncidentWithUpdates } from '#core/model';
import { markdownToText, renderMarkdown } from '../../content/markdown.ts';
import { IMPACT_LABEL, INCIDENT_STATUS_LABEL, timeView } from '../render/format.ts';
import { absoluteUrl, siteBase } from '../render/page-config.ts';
import { LATEST_INCIDENTS, incidentHref, latestIncidents, type SiteData } from '../render/site-data.ts';

/** The feeds carry the latest incidents, as many as incidents.json (and as an incremental publish
 * loads); the rest are on the history pages. */
export const FEED_LIMIT = LATEST_INCIDENTS;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The timeline as HTML, newest update first. */
function timelineHtml(data: SiteData, incident: IncidentWithUpdates): string {
  const updates = [...incident.updates].sort((a, b) => b.seq - a.seq);
  const head = `<p>Impact: ${escapeHtml(IMPACT_LABEL[incident.impact])}. Status: ${escapeHtml(INCIDENT_STATUS_LABEL[incident.status])}.</p>`;
  return (
    head +
    updates
      .map((u) => {
        const at = timeView(u.created_at, data.config.time_zone);
        return `<p><strong>${escapeHtml(INCIDENT_STATUS_LABEL[u.status])}</strong> · ${escapeHtml(at.label)}</p>\n${renderMarkdown(u.message)}`;
      })
      .join('\n')
  );
}

type Format = 'rss' | 'atom';

function feedItem(data: SiteData, incident: IncidentWithUpdates, format: Format): Item {
  const url = absoluteUrl(data.config, incidentHref(incident.id));
  const latest = [...incident.updates].sort((a, b) => b.seq - a.seq)[0];
  const summary = latest === undefined ? '' : `${INCIDENT_STATUS_LABEL[latest.status]}: ${markdownToText(latest.message)}`;
  return {
    // Atom marks titles `type="html"`, so a title's characters are escaped to read as text there;
    // an RSS <title> is text already (inside CDATA, so nothing in it is markup either way).
    title: format === 'atom' ? escapeHtml(incident.title) : incident.title,
    id: url,
    guid: url,
    link: url,
    date: new Date(incident.updated_at),
    published: new Date(incident.started_at),
    // Summaries are read as HTML by both formats' readers: the plain text, escaped.
    description: escapeHtml(summary),
    content: timelineHtml(data, incident),
  };
}

function historyFeed(data: SiteData, format: Format): Feed {
  const incidents = latestIncidents(data.incidents);
  const updated = incidents.reduce((max, i) => (i.updated_at > max ? i.updated_at : max), '');
  const base = siteBase(data.config);
  const feed = new Feed({
    id: `${base}/`,
    title: `${data.config.name}: incident history`,
    description: `Incidents reported on ${data.config.name}, newest first.`,
    link: `${base}/`,
    language: 'en',
    updated: new Date(updated === '' ? data.now : updated),
    generator: 'Herald',
    copyright: data.config.name,
    author: { name: data.config.name, link: `${base}/` },
    feedLinks: { rss: absoluteUrl(data.config, '/history.rss'), atom: absoluteUrl(data.config, '/history.atom') },
  });
  for (const incident of incidents) feed.addItem(feedItem(data, incident, format));
  return feed;
}

export function historyRss(data: SiteData): string {
  return historyFeed(data, 'rss').rss2();
}

export function historyAtom(data: SiteData): string {
  return historyFeed(data, 'atom').atom1();
}
