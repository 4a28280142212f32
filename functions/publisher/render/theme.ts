// The configured accent colour, made safe to read: whatever colour a deployment picks, links and
// buttons keep WCAG AA contrast (4.5:1) on the light and the dark background.

export interface Theme {
  /** Links and button fill on the light background. */
  accent: string;
  /** Links and button fill on the dark background. */
  accentDark: string;
}

export const DEFAULT_ACCENT = '#2563eb';
/** The backgrounds site.css paints text on (page and card), light and dark. */
const LIGHT_BACKGROUNDS = ['#ffffff', '#f6f7f9'];
const DARK_BACKGROUNDS = ['#0f1115', '#181b21'];
const MIN_CONTRAST = 4.6;

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return null;
  const digits = m[1].length === 3 ? [...m[1]].map((d) => d + d).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: string, b: string): number {
  const la = luminance(parseHex(a) ?? [0, 0, 0]);
  const lb = luminance(parseHex(b) ?? [0, 0, 0]);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `rgb` mixed toward `target` in small steps until it reads on every background. */
function readable(rgb: Rgb, target: Rgb, backgrounds: ReadonlyArray<string>): string {
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    const hex = toHex(rgb.map((c, i) => c + (target[i]! - c) * t) as Rgb);
    if (backgrounds.every((bg) => contrast(hex, bg) >= MIN_CONTRAST)) return hex;
  }
  return toHex(target);
}

/** The theme for a configured accent (an invalid one falls back to DEFAULT_ACCENT). */
export function themeFor(accent: string | null | undefined): Theme {
  const rgb = parseHex(accent ?? '') ?? (parseHex(DEFAULT_ACCENT) as Rgb);
  return {
    accent: readable(rgb, [0, 0, 0], LIGHT_BACKGROUNDS),
    accentDark: readable(rgb, [255, 255, 255], DARK_BACKGROUNDS),
  };
}

/** The custom properties site.css reads. */
export function themeCss(theme: Theme): string {
  return `:root{--accent:${theme.accent};--accent-dark:${theme.accentDark}}`;
}
