// aws-cdk-lib announces every asset it bundles on stderr ("Bundling asset Herald-App/Api/Handler/
// Code/Stage...", asset-staging.ts), with no option to turn it off. `cdk synth --quiet` must
// print nothing but errors, so the app drops exactly that line; anything else written to stderr,
// a bundling failure included, still goes through.
const BANNER = /^Bundling asset \S+\.\.\.\r?\n$/;

export function silenceBundlingBanners(stream: NodeJS.WriteStream = process.stderr): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && BANNER.test(chunk)) {
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write(chunk, ...rest);
  }) as NodeJS.WriteStream['write'];
}
