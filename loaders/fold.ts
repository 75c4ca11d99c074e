/**
 * foldVietnamese (warehouse/text-fold.ts) for the loaders' hot paths: the same result, faster.
 * Extraction folds every cell, unit and narrative line of every report (a large share of its CPU
 * time went into NFD normalisation + regex passes). Here each character of the Latin / Vietnamese
 * ranges is folded once, at start-up, BY foldVietnamese itself, and strings made only of those
 * characters are folded with a table lookup per character; anything else (other scripts, context-
 * dependent lower-casing such as Greek final sigma) goes through foldVietnamese unchanged.
 * Per-character folding equals whole-string folding for these characters: NFD decomposes each of
 * them on its own, every combining mark it produces is stripped, and their lower-casing does not
 * depend on neighbours. test/loaders-fold.test.ts compares the two on every table character and on
 * random and real text.
 */
import { foldVietnamese } from '../warehouse/text-fold.ts';

/** Highest code point in the table: Latin Extended Additional ends at U+1EFF (Vietnamese letters). */
const TABLE_END = 0x1f00;
/** Folded form of each character; undefined = not covered (fall back), '' = dropped (combining mark). */
const TABLE: (string | undefined)[] = new Array(TABLE_END);
/** Whitespace characters: collapsed to one space and trimmed, like foldVietnamese does. */
const SPACE = new Uint8Array(TABLE_END);

function covered(cp: number): boolean {
  return (
    cp < 0x0250 || // ASCII, Latin-1, Latin Extended-A/B
    (cp >= 0x0300 && cp <= 0x036f) || // combining diacritical marks (stripped)
    (cp >= 0x1e00 && cp < TABLE_END) // Latin Extended Additional (precomposed Vietnamese)
  );
}

for (let cp = 0; cp < TABLE_END; cp++) {
  if (!covered(cp)) continue;
  const c = String.fromCharCode(cp);
  if (/\s/.test(c)) {
    SPACE[cp] = 1;
    TABLE[cp] = ' ';
    continue;
  }
  const f = foldVietnamese(c);
  // A character that folds into whitespace or into something that is not plain would need context.
  if (/\s/.test(f) || f.length > 2) continue;
  TABLE[cp] = f;
}

/** Identical to foldVietnamese(text). */
export function fold(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (cp >= TABLE_END) return foldVietnamese(text);
    if (SPACE[cp]) {
      pendingSpace = out.length > 0;
      continue;
    }
    const f = TABLE[cp];
    if (f === undefined) return foldVietnamese(text);
    if (f === '') continue;
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += f;
  }
  return out;
}
