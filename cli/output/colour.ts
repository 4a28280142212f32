// ANSI colours, only when stdout is a terminal and NO_COLOR is unset or empty (no-color.org).
type Env = Record<string, string | undefined>;

export function colourWanted(isTty: boolean, env: Env): boolean {
  return isTty && !env.NO_COLOR && env.TERM !== 'dumb';
}

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  blue(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function paint(enabled: boolean): Paint {
  if (!enabled) {
    const same = (text: string) => text;
    return { bold: same, dim: same, red: same, yellow: same, green: same, blue: same };
  }
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), blue: wrap(34, 39) };
}

/** Visible width: without ANSI sequences. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
