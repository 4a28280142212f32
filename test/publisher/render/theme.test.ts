import { describe, expect, it } from 'vitest';
import { contrast, DEFAULT_ACCENT, themeFor } from '#publisher/render/theme';

describe('themeFor', () => {
  it.each(['#2563eb', '#ffeb3b', '#00ff00', '#111111', '#7c3aed', '#fff'])('keeps %s readable on light and dark backgrounds', (accent) => {
    const theme = themeFor(accent);

    for (const bg of ['#ffffff', '#f6f7f9']) expect(contrast(theme.accent, bg)).toBeGreaterThanOrEqual(4.5);
    for (const bg of ['#0f1115', '#181b21']) expect(contrast(theme.accentDark, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('leaves an accent that already reads well as it is', () => {
    expect(themeFor('#1d4ed8').accent).toBe('#1d4ed8');
  });

  it('falls back to the default for something that is not a colour', () => {
    expect(themeFor('red; } body { display:none')).toEqual(themeFor(DEFAULT_ACCENT));
    expect(themeFor(undefined)).toEqual(themeFor(DEFAULT_ACCENT));
  });
});
