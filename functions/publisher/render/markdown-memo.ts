// Update messages rendered once per process, not once per page and feed that shows them.
//
// A publish shows the same messages again and again: the feeds carry the timelines of the 50
// latest incidents and windows (every update, through marked and the sanitiser), and the index,
// the incident page and the next publish show them again. Rendering them was three quarters of a
// publish's CPU. renderMarkdown and markdownToText are pure functions of the text (no clock, no
// config), so the rendered result of the same text is reused: a reader gets the same bytes.
// Bounded by characters held, oldest-used dropped first, so a full rebuild of a long history
// holds no more than a steady publisher does.
import { markdownToText, renderMarkdown } from '../../content/markdown.ts';

/** Characters held at most (keys and results together), per memo. */
const MAX_CHARS = 4_000_000;

export interface StringMemo {
  (text: string): string;
  /** Entries held now (for tests). */
  readonly size: number;
}

/** `fn`, remembering its last results by their input. */
export function memoizeText(fn: (text: string) => string, maxChars = MAX_CHARS): StringMemo {
  const held = new Map<string, string>();
  let chars = 0;
  const memo = (text: string): string => {
    const hit = held.get(text);
    if (hit !== undefined) {
      // Most recently used last.
      held.delete(text);
      held.set(text, hit);
      return hit;
    }
    const result = fn(text);
    const cost = text.length + result.length;
    if (cost > maxChars) return result;
    held.set(text, result);
    chars += cost;
    for (const [key, value] of held) {
      if (chars <= maxChars) break;
      held.delete(key);
      chars -= key.length + value.length;
    }
    return result;
  };
  return Object.defineProperty(memo, 'size', { get: () => held.size }) as StringMemo;
}

/** renderMarkdown, remembered. */
export const markdownHtml = memoizeText(renderMarkdown);

/** markdownToText, remembered. */
export const markdownText = memoizeText(markdownToText);
