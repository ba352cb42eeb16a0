import { curlUrl } from '../core/curl-url.js';
import { CurlCode } from '../core/http-wire.js';

export type CurlUrl = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly code: number; readonly why: string };

/** The app's URL as curl takes it (core/curl-url.ts), as a URL object. */
export function parseCurlUrl(text: string): CurlUrl {
  const taken = curlUrl(text);
  return taken.ok ? { ok: true, url: new URL(taken.href) } : taken;
}

/** A redirect's Location, resolved against the URL it answered, with the same rules. */
export function resolveLocation(location: string, base: URL): CurlUrl {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the redirect target does not parse' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, code: CurlCode.UNSUPPORTED_PROTOCOL, why: `redirect to a ${url.protocol} URL` };
  }
  if (url.hostname === '') return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the redirect target has no host' };
  url.hash = '';
  return { ok: true, url };
}

export function defaultPort(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/** For logs: scheme, host, port and path, no query or credentials. */
export function targetOf(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
