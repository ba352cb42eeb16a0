/**
 * Whether `text` matches `pattern` as a whole, where each `*` in the pattern stands for
 * any run of characters (possibly empty) and every other character for itself.
 *
 * Linear in the input: the pieces between the stars are found left to right, each at
 * its first occurrence after the previous one (for `*`-only patterns the leftmost
 * choice is always right), with a Knuth–Morris–Pratt search, so no pattern can make a
 * match take more than O(text + pattern) steps. A backtracking regular expression such
 * as /^.*a.*a.*a…b$/ takes exponential time on a long run of "a"; this never does.
 */
export function matchesWildcard(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  const end = text.length - last.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const piece = pieces[index] ?? '';
    if (piece === '') continue;
    const found = findFrom(text, piece, from, end);
    if (found === -1) return false;
    from = found + piece.length;
  }
  return true;
}

/** The first index ≥ from where `piece` occurs wholly before `end`, or -1 (KMP). */
function findFrom(text: string, piece: string, from: number, end: number): number {
  const fallback = new Int32Array(piece.length);
  for (let index = 1, matched = 0; index < piece.length; index++) {
    while (matched > 0 && piece[index] !== piece[matched]) matched = fallback[matched - 1] ?? 0;
    if (piece[index] === piece[matched]) matched++;
    fallback[index] = matched;
  }
  for (let index = from, matched = 0; index < end; index++) {
    while (matched > 0 && text[index] !== piece[matched]) matched = fallback[matched - 1] ?? 0;
    if (text[index] === piece[matched]) matched++;
    if (matched === piece.length) return index - piece.length + 1;
  }
  return -1;
}
