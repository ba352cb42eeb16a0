import { parseUrl } from '../../core/web-platform.js';
import { CurlCode } from './http-wire.js';

/** A URL as curl takes it: its text with a scheme and without a fragment, or curl's code for why it cannot. */
export type CurlUrlText = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly code: number; readonly why: string };

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
 * is guessed, `www.example.com` as http://): only http and https are spoken (curl 1,
 * "Unsupported protocol", for any other scheme, ws:// included); a URL that does not
 * parse, has no host or carries blanks or control characters is curl 3. The fragment is
 * never sent. Every wire reads the app's URL so: the page's fetch, the relay, Node.
 */
export function curlUrl(text: string): CurlUrlText {
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
  let url;
  try {
    url = parseUrl(withScheme);
  } catch {
    return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the URL does not parse' };
  }
  if (url.hostname === '') return { ok: false, code: CurlCode.URL_MALFORMAT, why: 'the URL has no host' };
  // The serialised URL's first "#" starts its fragment (any other is percent-encoded).
  const fragment = url.href.indexOf('#');
  return { ok: true, href: fragment === -1 ? url.href : url.href.slice(0, fragment) };
}
