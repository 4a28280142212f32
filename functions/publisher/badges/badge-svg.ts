// A small flat status badge ("status | operational"), like shields.io's, for READMEs: /badge.svg
// (the page) and /components/{id}/badge.svg, each with a -dark variant for dark backgrounds
// (separate files rather than prefers-color-scheme inside the SVG: a README picks one with
// <picture><source media="(prefers-color-scheme: dark)">, and an <img>'s SVG cannot see the
// embedding page's scheme, only the browser's). Pure: the same state gives the same bytes.
//
// Widths come from the text (approximate Verdana 11px advances per character, as shields.io
// measures), and each <text> carries that width as textLength, so whatever font the viewer has,
// the words fill their box and never overflow it. Colours give the text at least 4.5:1 contrast.
import type { ComponentStatus } from '#core/component-status';
import type { PageIndicator } from '#core/page-status';

export const BADGE_STATES = ['operational', 'degraded', 'partial', 'major', 'maintenance'] as const;
export type BadgeState = (typeof BADGE_STATES)[number];
export type BadgeTheme = 'light' | 'dark';

export const BADGE_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';

const VALUE_TEXT: Readonly<Record<BadgeState, string>> = {
  operational: 'operational',
  degraded: 'degraded',
  partial: 'partial outage',
  major: 'major outage',
  maintenance: 'maintenance',
};

/** [background, text] of the value side, and of the label side, per theme. */
const COLOURS: Readonly<Record<BadgeTheme, Record<BadgeState | 'label', readonly [string, string]>>> = {
  light: {
    label: ['#424a53', '#ffffff'],
    operational: ['#1a7f37', '#ffffff'], // green
    degraded: ['#e3b341', '#1f2328'], // yellow
    partial: ['#bc4c00', '#ffffff'], // orange
    major: ['#cf222e', '#ffffff'], // red
    maintenance: ['#0969da', '#ffffff'], // blue
  },
  dark: {
    label: ['#30363d', '#f0f6fc'],
    operational: ['#3fb950', '#0d1117'],
    degraded: ['#d29922', '#0d1117'],
    partial: ['#f0883e', '#0d1117'],
    major: ['#f85149', '#0d1117'],
    maintenance: ['#58a6ff', '#0d1117'],
  },
};

export function componentBadgeState(status: ComponentStatus): BadgeState {
  switch (status) {
    case 'operational':
      return 'operational';
    case 'degraded_performance':
      return 'degraded';
    case 'partial_outage':
      return 'partial';
    case 'major_outage':
      return 'major';
    case 'under_maintenance':
      return 'maintenance';
  }
}

/** The page's indicator: minor reads degraded, major a partial outage, critical a major one. */
export function pageBadgeState(indicator: PageIndicator): BadgeState {
  switch (indicator) {
    case 'none':
      return 'operational';
    case 'maintenance':
      return 'maintenance';
    case 'minor':
      return 'degraded';
    case 'major':
      return 'partial';
    case 'critical':
      return 'major';
  }
}

// Verdana 11px advance widths (px) by class of character: close enough for a box that textLength
// then fills exactly.
const NARROW = /[ijl.,:;'|!`]/;
const SEMI = /[frtI()[\]{}\-/\\" ]/;
const WIDE = /[mwMW@%]/;
const UPPER = /[A-Z&#]/;

function charWidth(char: string): number {
  if (NARROW.test(char)) return 3.3;
  if (SEMI.test(char)) return 4.6;
  if (WIDE.test(char)) return 10.3;
  if (UPPER.test(char)) return 7.6;
  const code = char.codePointAt(0)!;
  if (code >= 0x2e80) return 11; // CJK and other wide scripts
  if (code > 0x7e) return 7.2;
  return 6.8; // lowercase letters, digits and the rest
}

/** The text's width at 11px Verdana, whole pixels. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return Math.ceil(width);
}

/** Without the characters XML 1.0 forbids (and the other C0 controls: a badge is one line). */
function withoutControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\ufffe\uffff]/g, '');
}

/** XML character data and attribute values: markup characters as references, forbidden ones dropped. */
export function escapeXml(text: string): string {
  return withoutControls(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Long component names are cut (with an ellipsis) so a badge stays small. */
const MAX_LABEL = 40;

function shorten(text: string): string {
  const chars = [...text.trim()];
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : chars.join('');
}

const PADDING = 6;

export function badgeSvg(label: string, state: BadgeState, theme: BadgeTheme = 'light'): string {
  const labelText = shorten(withoutControls(label)) || 'status';
  const valueText = VALUE_TEXT[state];
  const labelTextWidth = textWidth(labelText);
  const valueTextWidth = textWidth(valueText);
  const labelWidth = labelTextWidth + 2 * PADDING;
  const valueWidth = valueTextWidth + 2 * PADDING;
  const width = labelWidth + valueWidth;
  const [labelBg, labelFg] = COLOURS[theme].label;
  const [valueBg, valueFg] = COLOURS[theme][state];
  const name = escapeXml(`${labelText}: ${valueText}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${name}">`,
    `<title>${name}</title>`,
    `<clipPath id="r"><rect width="${width}" height="20" rx="3"/></clipPath>`,
    `<g clip-path="url(#r)">`,
    `<rect width="${labelWidth}" height="20" fill="${labelBg}"/>`,
    `<rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${valueBg}"/>`,
    `</g>`,
    `<g font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11" text-rendering="geometricPrecision">`,
    `<text x="${PADDING}" y="14" fill="${labelFg}" textLength="${labelTextWidth}" lengthAdjust="spacingAndGlyphs">${escapeXml(labelText)}</text>`,
    `<text x="${labelWidth + PADDING}" y="14" fill="${valueFg}" textLength="${valueTextWidth}" lengthAdjust="spacingAndGlyphs">${escapeXml(valueText)}</text>`,
    `</g>`,
    `</svg>`,
    '',
  ].join('\n');
}
