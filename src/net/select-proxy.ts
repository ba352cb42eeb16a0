import { exclusionEntries } from '../core/proxy-rules.js';
import { matchesWildcard } from './wildcard-match.js';

/** A connection's proxy setting, as the device's options name it (WS §5 proxy). */
export type ProxySetting = 'system' | 'no-proxy' | { readonly host: string; readonly port: number; readonly exclusionList: readonly string[] };

export type ProxyChoice =
  | { readonly kind: 'direct'; readonly why: string }
  | {
      readonly kind: 'proxy';
      /** http://host:port (or https:// for a TLS proxy from the environment), no credentials logged. */
      readonly url: URL;
      /** 'option' = named by the page (checked by the outbound policy); 'environment' = the relay's own. */
      readonly source: 'option' | 'environment';
    };

/**
 * Chooses how to reach `target` for the page's `proxy` option (WS §5 proxy):
 * - absent or 'system': the device asks the system for its HTTP proxy; the relay's
 *   "system" is its own environment: for wss `https_proxy`, `HTTPS_PROXY`, then
 *   `http_proxy`, `HTTP_PROXY` (https likewise); for ws (and http) the same with http first; then `all_proxy` /
 *   `ALL_PROXY`. Lower case wins over upper case (curl's rule). `no_proxy`/`NO_PROXY`
 *   excludes hosts (see isExcludedByNoProxy). A value without a scheme means http://.
 *   Only http:// and https:// proxies can tunnel (HTTP CONNECT); others are ignored.
 * - 'no-proxy': direct.
 * - { host, port, exclusionList }: HTTP CONNECT through host:port, unless host is
 *   empty or the target host matches exclusionList (device matching, see
 *   isExcludedByList). username/password are ignored, as on the device.
 */
export function selectProxy(option: ProxySetting | undefined, target: URL, env: NodeJS.ProcessEnv): ProxyChoice {
  const host = unbracket(target.hostname);
  // https:// (the http namespace) reads the environment as wss:// does.
  const secure = target.protocol === 'wss:' || target.protocol === 'https:';
  if (option === 'no-proxy') return { kind: 'direct', why: "proxy: 'no-proxy'" };
  if (typeof option === 'object') {
    if (option.host === '') return { kind: 'direct', why: 'proxy host is empty' };
    if (isExcludedByList(host, option.exclusionList)) return { kind: 'direct', why: `${host} is in the proxy's exclusionList` };
    const proxyHost = option.host.includes(':') && !option.host.startsWith('[') ? `[${option.host}]` : option.host;
    return { kind: 'proxy', url: new URL(`http://${proxyHost}:${option.port}`), source: 'option' };
  }

  const read = (...names: string[]): string | undefined =>
    names.map((name) => env[name]?.trim()).find((value): value is string => value !== undefined && value !== '');
  const raw = secure
    ? read('https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY')
    : read('http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY');
  if (raw === undefined) return { kind: 'direct', why: 'no proxy in the environment' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return { kind: 'direct', why: 'the environment proxy is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'direct', why: `a ${url.protocol} proxy cannot tunnel` };
  const port = Number(target.port || (secure ? 443 : 80));
  if (isExcludedByNoProxy(host, port, read('no_proxy', 'NO_PROXY') ?? '')) return { kind: 'direct', why: `${host} is in NO_PROXY` };
  return { kind: 'proxy', url, source: 'environment' };
}

/**
 * The device's exclusion match (netstack CommonUtils::IsExcluded / IsMatch): the
 * entries are joined with "," and split again, each trimmed; an empty entry matches
 * nothing, "*" matches everything; an entry made of letters, digits, "-", "_", "."
 * and "*" is a whole-name pattern where "*" is any run of characters (so
 * "*.example.com" matches every subdomain and "*.example.*" any TLD); any other
 * entry must equal the host exactly. Matching is case-sensitive, on the host of the
 * URL (the relay sees it lower-cased by URL parsing).
 */
export function isExcludedByList(host: string, exclusionList: readonly string[]): boolean {
  // Bounded by the caller (exclusionEntries: 401 past the bounds); checked again here.
  const entries = exclusionEntries(exclusionList) ?? [];
  return entries.some((entry) => {
    if (entry === '') return false;
    if (entry === '*') return true;
    if (!WILDCARD_ENTRY.test(entry)) return entry === host;
    return matchesWildcard(entry, host);
  });
}

/** netstack IsMatch: an entry of these characters is a wildcard pattern; any other must equal the host. */
const WILDCARD_ENTRY = /^[a-zA-Z0-9\-_.*]+$/;

/**
 * NO_PROXY as curl reads it: entries separated by commas or spaces; "*" alone
 * excludes everything; `name` excludes name and its subdomains, a leading "." or
 * "*." means the same; an entry may end in ":port" to exclude that port only.
 * Comparison ignores case. IP ranges (CIDR) are not understood.
 */
export function isExcludedByNoProxy(host: string, port: number, noProxy: string): boolean {
  const name = host.toLowerCase();
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((rawEntry) => {
      if (rawEntry === '*') return true;
      let entry = rawEntry.toLowerCase();
      let entryPort: number | undefined;
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
      if (bracketed !== null) {
        entry = bracketed[1] ?? '';
        entryPort = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
      } else if (/^[^:]+:\d+$/.test(entry)) {
        const colon = entry.lastIndexOf(':');
        entryPort = Number(entry.slice(colon + 1));
        entry = entry.slice(0, colon);
      }
      if (entryPort !== undefined && entryPort !== port) return false;
      entry = entry.replace(/^\*?\./, '');
      return name === entry || name.endsWith(`.${entry}`);
    });
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
