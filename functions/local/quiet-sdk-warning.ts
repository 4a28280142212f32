// The AWS SDK warns once per process that its 2027 releases need Node 22. The lockfile pins
// releases that run on Node 20, so the warning says nothing actionable; other warnings still show.
export function quietSdkNodeWarning(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.message.includes('NodeVersionSupportWarning')) return;
    for (const listener of listeners) listener(warning);
    if (listeners.length === 0) console.warn(warning);
  });
}
