// A month's history page put together from its entries as rendered before, so that a publish
// re-renders only the entries that changed instead of the whole month (at 100,000 incidents over
// three years a month lists ~2,800 incidents: 1.25 MB of HTML, half a second and more to render).
//
// The page is the renderer's own output, cut where its incident cards are. Pages of 1, 2 and 3
// placeholder cards (a unique token as the title) with everything else of the month's view give
// the card's markup, the text before the first card (which says how many there are) and the text
// after the last. An entry is cut from a page that sets it between placeholder cards, and kept by
// the whole of its view (whatever it shows, so an entry whose view changed in any way is rendered
// again). The text before the cards for n entries is the 2-card page's with its count set to n,
// and the 3-card page is put together that way and compared with the renderer's every time:
// anything the cut does not account for (a template whose cards or count read otherwise) makes it
// render the page whole instead.
import type { HistoryPageView, IncidentSummaryView } from './view-model.ts';

type Render = (view: HistoryPageView) => Promise<string>;

const TOKEN = 'herald-month-entry-0f3c9a71d2';

/** Below this many incidents a month page renders whole (the frames would cost about as much). */
const FEWEST = 12;
/** Entries kept (a month of ~2,800 several times over), least recently used dropped first. */
const KEEP = 12_000;

const entries = new Map<string, string>();

function keep(key: string, html: string): void {
  entries.delete(key);
  entries.set(key, html);
  for (const oldest of entries.keys()) {
    if (entries.size <= KEEP) break;
    entries.delete(oldest);
  }
}

function placeholder(like: IncidentSummaryView): IncidentSummaryView {
  return { ...like, id: TOKEN, title: TOKEN, href: `/${TOKEN}/`, latest: null, componentNames: [], nextUpdateBy: null };
}

/** The page's text around `count` placeholder cards: before them, the card, after them. */
interface Frame {
  before: (count: number) => string;
  card: string;
  after: string;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  while (n < limit && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** The frame of this month's view, or null when its pages don't cut as expected. */
async function frameOf(view: HistoryPageView, render: Render): Promise<Frame | null> {
  const p = placeholder(view.incidents[0]!);
  const [one, two, three] = await Promise.all([1, 2, 3].map((n) => render({ ...view, incidents: Array<IncidentSummaryView>(n).fill(p) })));
  const at = one!.indexOf(TOKEN);
  const start = one!.lastIndexOf('<li', at);
  const end = one!.indexOf('</li>', at);
  if (at === -1 || start === -1 || end === -1) return null;
  const card = one!.slice(start, end + '</li>'.length);
  const after = one!.slice(start + card.length);
  const twoAt = two!.indexOf(card);
  if (twoAt === -1 || two!.slice(twoAt) !== card + card + after) return null;
  const before1 = one!.slice(0, start);
  const before2 = two!.slice(0, twoAt);
  // Where the two differ: the count ("1 incident" / "2 incidents").
  const head = commonPrefix(before1, before2);
  const tail = commonSuffix(before1, before2, Math.min(before1.length, before2.length) - head);
  const counted = before2.slice(head, before2.length - tail);
  if (!/^[^0-9]*2[^0-9]*$/.test(counted)) return null;
  const before = (count: number) => before2.slice(0, head) + counted.replace('2', String(count)) + before2.slice(before2.length - tail);
  // The check: the 3-card page as put together here is the renderer's.
  if (three !== before(3) + card + card + card + after) return null;
  return { before, card, after };
}

/** The month page for `view`, equal to `render(view)`, from the entries rendered before. */
export async function renderMonthPage(view: HistoryPageView, render: Render): Promise<string> {
  if (view.month === null || view.incidents.length < FEWEST || view.incidents.length > KEEP / 2) return render(view);
  const frame = await frameOf(view, render);
  if (frame === null) return render(view);
  const keys = view.incidents.map((incident) => JSON.stringify(incident));
  const views = new Map(keys.map((key, i) => [key, view.incidents[i]!]));
  const missing = [...views.keys()].filter((key) => !entries.has(key));
  if (missing.length > 0) {
    // Each between placeholder cards: the page cuts into the text before, the entries, the text after.
    const cards = missing.flatMap((key) => [placeholder(view.incidents[0]!), views.get(key)!]);
    const page = await render({ ...view, incidents: [...cards, placeholder(view.incidents[0]!)] });
    const pieces = page.split(frame.card);
    if (pieces.length !== missing.length + 2) return render(view);
    missing.forEach((key, i) => keep(key, pieces[i + 1]!));
  }
  const html = keys.map((key) => {
    const entry = entries.get(key)!;
    keep(key, entry);
    return entry;
  });
  return frame.before(view.incidents.length) + html.join('') + frame.after;
}
