import { utf8Encode } from '../../core/web-platform.js';

/**
 * Query strings as the device builds them (HTTP §3, netstack `HttpExec::EncodeUrlParam`
 * and `MakeUrl`).
 */

/**
 * Percent-encodes `text`'s UTF-8 bytes but RFC 3986's unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`), as `%XX` with upper-case hex. The device reads the text as a C
 * string, so it ends at the first NUL. `changed`: the result differs from `text`, which
 * makes the device add a form content type to the request.
 */
export function encodeQueryPart(text: string): { readonly text: string; readonly changed: boolean } {
  let encoded = '';
  for (const byte of utf8Encode(text)) {
    if (byte === 0) break;
    encoded += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return { text: encoded, changed: encoded !== text };
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

/**
 * Joins `extra` to `url`'s query: the URL is cut at its first `?`, then
 * `base?existing&extra`. A URL with a query gets the `&` even when `extra` is empty (a
 * trailing `&`); a URL ending in a bare `?` loses it when there is nothing to join. No
 * notion of `#fragment`: it stays wherever it was.
 */
export function joinQuery(url: string, extra: string): string {
  const mark = url.indexOf('?');
  const base = mark === -1 ? url : url.slice(0, mark);
  const existing = mark === -1 ? '' : url.slice(mark + 1);
  const query = existing === '' ? extra : `${existing}&${extra}`;
  return query === '' ? base : `${base}?${query}`;
}
