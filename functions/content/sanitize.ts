// The one HTML allowlist Herald applies to responder-written content, wherever it is shown:
// the status page, the feeds and the emails. Markdown is rendered first (markdown.ts); this is the
// second line of defence, so that nothing outside the list can reach a reader whatever the renderer
// emitted.
import sanitizeHtml from 'sanitize-html';

/** Schemes a link may use. Relative and protocol-relative links are dropped too: feeds and emails
 * are read far from the page, where a relative link points nowhere. */
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export const LINK_REL = 'nofollow noopener noreferrer';

/** True when `href` is an absolute http, https or mailto URL. */
export function isAllowedHref(href: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`);
  // URL parsing does the same, so what we check is what a browser would follow.
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return false;
  }
  return LINK_SCHEMES.has(url.protocol);
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a',
    'blockquote', 'h3', 'h4', 'h5', 'h6', 'hr', 'del',
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'], code: ['class'] },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Anything outside the list is dropped with its markup but keeps its text, except the elements
  // whose text is code or styling, which go entirely.
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  transformTags: {
    // Every link gets `rel`; one whose target isn't allowed loses its href and so goes nowhere.
    // (markdown.ts already renders such a link as bare text; this catches anything else. Renaming
    // the tag here would be tidier but sanitize-html then mis-closes the *next* `a`.)
    a: (tagName, attribs) => {
      const href = attribs.href;
      const kept: Record<string, string> = href !== undefined && isAllowedHref(href) ? { href } : {};
      return { tagName, attribs: { ...kept, rel: LINK_REL } };
    },
  },
};

/** `html` reduced to Herald's allowlist (see the header). */
export function sanitizeContentHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
