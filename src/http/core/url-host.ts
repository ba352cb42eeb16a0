/**
 * The host of a request URL as the device cuts it for its atomic-service check (HTTP §4,
 * netstack `CommonUtils::GetHostnameFromURL`): backslashes read as slashes, after
 * "://" if there is one, past leading slashes, up to the first ":", "/" or "?". No
 * notion of user info, brackets or "#". "" when nothing is left.
 */
export function hostOfUrl(url: string): string {
  const text = url.replaceAll('\\', '/');
  const scheme = text.indexOf('://');
  let start = scheme === -1 ? 0 : scheme + 3;
  while (text[start] === '/') start++;
  const rest = text.slice(start);
  const end = rest.search(/[:/?]/);
  return end === -1 ? rest : rest.slice(0, end);
}
