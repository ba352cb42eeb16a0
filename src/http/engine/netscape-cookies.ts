import { Cookie, type CookieJar } from 'tough-cookie';

/**
 * The jar as curl's CURLINFO_COOKIELIST gives it (HTTP §5 cookies): one Netscape
 * cookie-file line per cookie, `domain \t tailmatch \t path \t secure \t expires \t name
 * \t value`, joined by "\r\n" ('' for an empty jar). As curl writes them: an HttpOnly
 * cookie's line starts with `#HttpOnly_`; a cookie that also matches subdomains (one set
 * with a Domain attribute) has its domain written with a leading dot and TRUE; expires
 * is in seconds since the epoch, 0 for a session cookie, 1 for Max-Age=0 or below
 * (curl's "expire now"). Cookies still in the jar are listed even when they have
 * expired since (HTTP §5: expired ones too).
 */
export function netscapeCookieLines(jar: CookieJar): string {
  const serialized = jar.serializeSync();
  if (serialized === undefined) return '';
  const lines: string[] = [];
  for (const stored of serialized.cookies) {
    const cookie = Cookie.fromJSON(stored);
    if (cookie === undefined || cookie.domain === null || cookie.domain === undefined) continue;
    const tailmatch = cookie.hostOnly === false;
    lines.push(
      [
        `${cookie.httpOnly ? '#HttpOnly_' : ''}${tailmatch && !cookie.domain.startsWith('.') ? '.' : ''}${cookie.domain}`,
        tailmatch ? 'TRUE' : 'FALSE',
        cookie.path ?? '/',
        cookie.secure ? 'TRUE' : 'FALSE',
        String(expiresSeconds(cookie)),
        cookie.key,
        cookie.value,
      ].join('\t'),
    );
  }
  return lines.join('\r\n');
}

function expiresSeconds(cookie: Cookie): number {
  if (typeof cookie.maxAge === 'number' && cookie.maxAge <= 0) return 1;
  const expiry = cookie.expiryTime();
  if (expiry === undefined || expiry === Infinity) return 0;
  if (expiry === -Infinity) return 1;
  return Math.max(1, Math.floor(expiry / 1000));
}
