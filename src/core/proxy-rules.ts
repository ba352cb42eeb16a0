import { parseUrl } from './web-platform.js';

/**
 * The rules a `proxy: { host, port, exclusionList }` option must meet, on every wire
 * (isomorphic: the page checks them before anything leaves it, the relay and the Node
 * entry again, as they trust no page).
 *
 * The device parses `host` as any string (WS §5) and lets lws fail on one it cannot
 * use; ohos-netkit answers 401 for a host that is not a host at all (`'a b'`,
 * `'[::1'`), as the device does for every other malformed proxy.
 *
 * The exclusion list is bounded: the device matches it with a pattern per entry, and a
 * relay that matched an unbounded list against an unbounded host name for a page could
 * be made to spin. Real lists hold a handful of host names (at most 253 characters).
 */
export const MAX_EXCLUSION_ENTRIES = 256;
export const MAX_EXCLUSION_ENTRY_CHARS = 255;

/** An IPv6 literal, bracketed or not (the URL parser then judges its groups). */
const IPV6_LITERAL = /^\[?[0-9A-Fa-f:.]+\]?$/;
/** A host name or IPv4 address: letters (any script), digits, "-", "_" and ".", nothing that ends or escapes a host. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const HOST_NAME = /^[^\s\x00-\x1f\x7f/?#@%\\[\]:<>^|"'`{}]+$/;

/** A host the proxy can be reached at: a name, an IPv4 address or an IPv6 literal (bracketed or not); '' means "no proxy". */
export function isUsableProxyHost(host: string): boolean {
  if (host === '') return true;
  // Checked here, not left to the URL parser alone: parsers differ (Chromium's takes
  // "a b" as the host "a%20b", Node's refuses it).
  if (host.includes(':') ? !IPV6_LITERAL.test(host) : !HOST_NAME.test(host)) return false;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  try {
    // A host the URL parser accepts in an http:// URL, and nothing more: no port, path, user.
    const url = parseUrl(`http://${bracketed}/`);
    return url.hostname !== '' && url.port === '' && url.username === '' && url.pathname === '/' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** A proxy object's host and exclusion list meet the rules above (otherwise: 401). */
export function isUsableProxy(proxy: { readonly host: string; readonly exclusionList: readonly string[] }): boolean {
  return isUsableProxyHost(proxy.host) && exclusionEntries(proxy.exclusionList) !== undefined;
}

/**
 * The exclusion list's entries as the device reads them: joined with "," and split
 * again (netstack passes one comma-separated string to lws), each trimmed; undefined
 * when the list is over the bounds above.
 */
export function exclusionEntries(exclusionList: readonly string[]): string[] | undefined {
  if (exclusionList.length > MAX_EXCLUSION_ENTRIES) return undefined;
  const entries = exclusionList
    .join(',')
    .split(',')
    .map((entry) => entry.trim());
  if (entries.length > MAX_EXCLUSION_ENTRIES || entries.some((entry) => entry.length > MAX_EXCLUSION_ENTRY_CHARS)) return undefined;
  return entries;
}
