// Notices when the processes that launched the stack are gone. `npm start` runs
// npm -> sh -> tsx -> node; a SIGTERM to npm kills npm and sh but never reaches tsx or us, and a
// SIGKILL to any of them reaches nobody. So the stack watches its launchers and stops itself
// when one of them is gone.
//
// The launchers are the ancestors started for an npm script (they carry npm_lifecycle_event)
// and the first one that does not (npm itself, or the shell that ran us directly). On Linux they
// are read from /proc, each checked by pid and start time (so a reused pid does not count); a
// zombie counts as gone. Elsewhere only the parent is watched, by a change of process.ppid.
import { readFileSync } from 'node:fs';

export interface Launcher {
  pid: number;
  /** Clock ticks since boot when it started (Linux), or undefined. */
  startTime?: string;
}

export interface LauncherWatch {
  launchers: Launcher[];
  stop(): void;
}

const MAX_LAUNCHERS = 8;

/** Calls `onGone` once, within about `intervalMs`, after any launcher has exited. */
export function watchLaunchers(onGone: (launcher: Launcher) => void, intervalMs = 500): LauncherWatch {
  const launchers = findLaunchers(process.ppid);
  const timer = setInterval(() => {
    const gone = launchers.find((l) => !isRunning(l));
    if (gone) {
      clearInterval(timer);
      onGone(gone);
    }
  }, intervalMs);
  timer.unref();
  return { launchers, stop: () => clearInterval(timer) };
}

/** The launcher chain from `parent` upwards (see above). */
export function findLaunchers(parent: number): Launcher[] {
  let stat = procStat(parent);
  if (!stat) return [{ pid: parent }];
  const chain: Launcher[] = [];
  while (stat && stat.pid > 1 && chain.length < MAX_LAUNCHERS) {
    chain.push({ pid: stat.pid, startTime: stat.startTime });
    if (!startedForNpmScript(stat.pid)) break;
    stat = procStat(stat.ppid);
  }
  return chain;
}

function isRunning(launcher: Launcher): boolean {
  if (launcher.startTime === undefined) return process.ppid === launcher.pid;
  const stat = procStat(launcher.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.startTime === launcher.startTime;
}

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  startTime: string;
}

/** /proc/<pid>/stat, or undefined when there is no such process or no /proc. */
function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0]!, ppid: Number(fields[1]), startTime: fields[19]! };
  } catch {
    return undefined;
  }
}

function startedForNpmScript(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some((v) => v.startsWith('npm_lifecycle_event='));
  } catch {
    return false;
  }
}
