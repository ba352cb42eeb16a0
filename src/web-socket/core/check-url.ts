import { utf8ByteLength } from '../../core/utf8-byte-length.js';
import { parseUrl } from '../../core/web-platform.js';
import { MAX_URL_BYTES } from './device-limits.js';

/**
 * WS §4 URL validation (netstack websocket_exec.cpp ParseUrl): the device inserts a
 * `/` before `?` when the URL has no path, then refuses (2302001) a URL of 8196 UTF-8
 * bytes or more (a fixed buffer with its NUL: 8195 is the longest accepted) and any
 * scheme other than exactly `ws` or `wss` (case-sensitive). Nothing else is checked:
 * the device's URI parser never fails, so a URL a browser finds malformed still
 * "connects" and fails later with an `error` event.
 */
export function isDeviceValidUrl(url: string): boolean {
  const separator = url.indexOf('://');
  if (separator === -1) return false;
  const scheme = url.slice(0, separator);
  if (scheme !== 'ws' && scheme !== 'wss') return false;
  return utf8ByteLength(withPathBeforeQuery(url, separator + 3)) <= MAX_URL_BYTES;
}

/** `ws://h?x` → `ws://h/?x`, as the device does before it measures and parses. */
function withPathBeforeQuery(url: string, authorityStart: number): string {
  const query = url.indexOf('?', authorityStart);
  if (query === -1) return url;
  const slash = url.indexOf('/', authorityStart);
  return slash !== -1 && slash < query ? url : `${url.slice(0, query)}/${url.slice(query)}`;
}

/**
 * Whether lws can start a connection to `url` at all (WS §4: otherwise connect() fails
 * with -1). The device's own URI parser never fails; what it cannot connect to is a
 * URL without a host (`ws://`), and we take what the WHATWG URL parser refuses (a bad
 * port, a malformed IPv6 literal, forbidden host characters) the same way, since no
 * wire here could connect to it either.
 */
export function canStartConnection(url: string): boolean {
  try {
    return parseUrl(url).hostname !== '';
  } catch {
    return false;
  }
}
