import { CurlCode } from '../core/http-wire.js';

export type CurlUrl = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly code: number; readonly why: string };

/** curl's guesses for a URL without a scheme (its url.c): a host name's first label picks the protocol, anything else is http. */
const GUESSED_SCHEMES: ReadonlyArray<readonly [prefix: string, scheme: string]> = [
  ['ftp.', 'ftp'],
  ['dict.', 'dict'],
  ['ldap.', 'ldap'],
  ['imap.', 'imap'],
  ['smtp.', 'smtp'],
  ['pop3.', 'pop3'],
];

const HAS_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/**
 * The URL as curl takes it (HTTP §4: the URL goes to curl unchanged; a scheme-less one
 * is guessed, `www.example.com` as http://): only http and https are spoken here (curl
 * 1, "Unsupported protocol", for any other scheme, ws:// included), a URL that does not
 * parse, has no host or carries spaces or control characters is curl 3. The fragment is
 * never sent.
 */
export function parseCurlUrl(text: string): CurlUrl {
  // curl's URL parser refuses blanks and control characters (CURLU_ALLOW_SPACE is not set).
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (text === '' || /[\u0000-\u0020\u007f]/.test(text))
    return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the URL is empty or has blanks or control characters' };
  let withScheme = text;
  const scheme = HAS_SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const lower = text.toLowerCase();
    const guessed = GUESSED_SCHEMES.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? 'http';
    if (guessed !== 'http') return { ok: false, code: CurlCode.UNSUPPORTED_PROTOCOL, why: `a URL starting ${guessed}. is taken as ${guessed}://` };
    withScheme = `http://${text}`;
  } else if (scheme !== 'http' && scheme !== 'https') {
    return { ok: false, code: CurlCode.UNSUPPORTED_PROTOCOL, why: `the scheme ${scheme}: is not supported` };
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the URL does not parse' };
  }
  if (url.hostname === '') return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the URL has no host' };
  url.hash = '';
  return { ok: true, url };
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
