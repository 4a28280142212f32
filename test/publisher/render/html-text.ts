// What a reader sees of an HTML string, for assertions: tags dropped, entities decoded, spaces
// collapsed. (No DOM library in the project; the browser test covers real rendering.)
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) =>
      ref[0] === '#'
        ? String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)))
        : (ENTITIES[ref] ?? whole),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The HTML between the element with this id (or matching this opening-tag pattern) and the end. */
export function after(html: string, marker: string | RegExp): string {
  const index = typeof marker === 'string' ? html.indexOf(marker) : html.search(marker);
  if (index === -1) throw new Error(`no ${String(marker)} in the page`);
  return html.slice(index);
}
