// Small charts drawn on the server as inline SVG: no script, no library. Each chart is an image
// with a <title> (its accessible name) and a description naming every value; the table beside
// it holds the same numbers. Bars carry their value as text too, so colour is never the signal.

export interface Bar {
  label: string;
  /** A shorter label under the bar (the full one is in the description). */
  short?: string;
  /** null: no value (drawn as "no data"). */
  value: number | null;
}

export interface BarSeries {
  name: string;
  /** A CSS class for the series' bars (colour), e.g. `bar` or `bar alt`. */
  className: string;
}

/** How charts (and the tables beside them) write a number: whole, or one decimal. */
export const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A niceish axis maximum: 1, 2 or 5 times a power of ten at or above `max`. */
export function axisMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Vertical bars (one per label): incidents per month. */
export function ColumnChart({ id, title, bars, unit = '' }: { id: string; title: string; bars: readonly Bar[]; unit?: string }) {
  const width = 480;
  const height = 180;
  const top = 16;
  const bottom = 36;
  const left = 32;
  const plot = height - top - bottom;
  const max = axisMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const slot = (width - left) / Math.max(1, bars.length);
  const barWidth = Math.max(4, Math.min(48, slot * 0.6));
  const describe = bars.map((b) => `${b.label}: ${b.value === null ? 'no data' : `${fmt(b.value)}${unit}`}`).join('; ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{describe}</desc>
      <line class="axis" x1={left} y1={top + plot} x2={width} y2={top + plot} />
      <text x={0} y={top + 4}>
        {fmt(max)}
      </text>
      <text x={0} y={top + plot}>
        0
      </text>
      {bars.map((b, i) => {
        const value = b.value ?? 0;
        const h = (value / max) * plot;
        const x = left + i * slot + (slot - barWidth) / 2;
        return (
          <g>
            <rect class="bar" x={x.toFixed(1)} y={(top + plot - h).toFixed(1)} width={barWidth.toFixed(1)} height={h.toFixed(1)} />
            <text x={(x + barWidth / 2).toFixed(1)} y={(top + plot - h - 3).toFixed(1)} text-anchor="middle">
              {b.value === null ? '–' : fmt(b.value)}
            </text>
            <text x={(x + barWidth / 2).toFixed(1)} y={height - bottom + 16} text-anchor="middle">
              {b.short ?? b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars grouped by row (e.g. per severity: median and p90), one bar per series. */
export function BarChart({
  id,
  title,
  rows,
  series,
  unit = '',
  max: fixedMax,
}: {
  /** Unique on the page: names the title and description. */
  id: string;
  title: string;
  rows: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>;
  series: readonly BarSeries[];
  unit?: string;
  /** A fixed axis maximum (100 for percentages); default from the values. */
  max?: number;
}) {
  const width = 480;
  const left = 44;
  const right = 76;
  const barHeight = 12;
  const rowHeight = series.length * (barHeight + 3) + 10;
  const legend = series.length > 1 ? 20 : 0;
  const height = legend + rows.length * rowHeight + 4;
  const max = fixedMax ?? axisMax(Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v ?? 0))));
  const plot = width - left - right;
  const describe = rows
    .map((r) => `${r.label}: ${series.map((s, i) => `${s.name} ${r.values[i] == null ? 'no data' : `${fmt(r.values[i]!)}${unit}`}`).join(', ')}`)
    .join('; ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{describe}</desc>
      {legend > 0 &&
        series.map((s, i) => (
          <g>
            <rect class={s.className} x={left + i * 90} y={2} width={12} height={12} />
            <text x={left + i * 90 + 16} y={12}>
              {s.name}
            </text>
          </g>
        ))}
      {rows.map((row, r) => {
        const y0 = legend + r * rowHeight + 4;
        return (
          <g>
            <text x={0} y={y0 + barHeight}>
              {row.label}
            </text>
            {series.map((s, i) => {
              const value = row.values[i] ?? null;
              const w = value === null ? 0 : (Math.min(value, max) / max) * plot;
              const y = y0 + i * (barHeight + 3);
              return (
                <g>
                  {fixedMax !== undefined && <rect class="track" x={left} y={y} width={plot} height={barHeight} />}
                  <rect class={s.className} x={left} y={y} width={w.toFixed(1)} height={barHeight} />
                  <text x={(left + w + 4).toFixed(1)} y={y + barHeight - 2}>
                    {value === null ? 'no data' : `${fmt(value)}${unit}`}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
