// A progress bar on stderr for long work (imports, exports), only when stderr is a terminal:
// piped output and --json stay clean.
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  start(total: number): void;
  advance(by: number): void;
  /** More work than `start` was told of (records still being read when it started). */
  grow(by: number): void;
  stop(): void;
}

const SILENT: Progress = { start() {}, advance() {}, grow() {}, stop() {} };

export function progress(label: string, enabled = Boolean(process.stderr.isTTY)): Progress {
  if (!enabled) return SILENT;
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  return {
    start: (total) => bar.start(total, 0),
    advance: (by) => bar.increment(by),
    grow: (by) => bar.setTotal(bar.getTotal() + by),
    stop: () => bar.stop(),
  };
}
