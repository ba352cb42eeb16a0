/**
 * netstack's `CommonUtils::Split`: pieces between separators, where empty pieces inside
 * are kept and nothing follows a trailing separator ("a,,b," → ["a", "", "b"]; "" → []).
 */
export function netstackSplit(text: string, separator: string): string[] {
  const pieces = text.split(separator);
  if (pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}
