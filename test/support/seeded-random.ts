// A small seeded generator (mulberry32): the same cases every run, for tests that try many inputs.
export function seededRandom(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)] as T;
  /** min to max characters, each picked from the alphabet. */
  const string = (alphabet: readonly string[], min: number, max: number) => Array.from({ length: min + int(max - min + 1) }, () => pick(alphabet)).join('');
  return { next, int, pick, string };
}
