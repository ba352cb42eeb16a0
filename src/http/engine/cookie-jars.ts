import { CookieJar } from 'tough-cookie';

/** curl's cookie.h bounds: Set-Cookie lines taken from one response, the longest line, cookies sent at once, the Cookie header's length. */
const MAX_SET_COOKIE_AMOUNT = 50;
const MAX_COOKIE_LINE = 5000;
const MAX_COOKIE_SEND_AMOUNT = 150;
const MAX_COOKIE_HEADER_LEN = 8190;

/**
 * A jar that keeps cookies as curl's cookie engine does, as far as tough-cookie can be
 * told: Secure cookies are stored and sent on https and on localhost, 127.0.0.1 and ::1
 * over http too (curl's Curl_secure_context), but never stored from another http origin;
 * public suffixes are refused (curl with libpsl).
 */
export function createCurlCookieJar(): CookieJar {
  return new CookieJar(undefined, { allowSecureOnLocal: true, enforceSecureOriginOnStorage: true, rejectPublicSuffixes: true });
}

/**
 * The cookie jars of HttpRequest objects that turned enableAutoCookie(true) on
 * (HTTP §7.4: a curl share handle of cookies, one per object), by the id the core gives each
 * object. Owned by whoever runs the engine, so that a relay can drop a page's jars when
 * the page goes, and the core drops an object's on destroy() or enableAutoCookie(false).
 */
export class CookieJars {
  readonly #jars = new Map<string, CookieJar>();
  readonly #maxJars: number;

  /** @param maxJars how many objects may have a jar at once; past that the oldest jar is forgotten (a bound for a relay's page). */
  constructor(maxJars = 1024) {
    this.#maxJars = maxJars;
  }

  /** The object's jar, made on first use. */
  jarOf(objectId: string): CookieJar {
    let jar = this.#jars.get(objectId);
    if (jar === undefined) {
      if (this.#jars.size >= this.#maxJars) {
        const oldest = this.#jars.keys().next().value;
        if (oldest !== undefined) this.#jars.delete(oldest);
      }
      jar = createCurlCookieJar();
      this.#jars.set(objectId, jar);
    }
    return jar;
  }

  /** Forgets the object's jar (destroy(), enableAutoCookie(false), the page went). */
  drop(objectId: string): void {
    this.#jars.delete(objectId);
  }

  /** Forgets every jar whose id starts with `prefix` (a relay's ids for one page), or all of them. */
  dropAll(prefix = ''): void {
    for (const id of [...this.#jars.keys()]) if (id.startsWith(prefix)) this.#jars.delete(id);
  }

  get size(): number {
    return this.#jars.size;
  }
}

/** Takes one response's Set-Cookie values into the jar, within curl's bounds (the rest is ignored, as curl does). */
export function storeSetCookies(jar: CookieJar, url: string, values: readonly string[]): void {
  for (const value of values.slice(0, MAX_SET_COOKIE_AMOUNT)) {
    if (value.length <= MAX_COOKIE_LINE) jar.setCookieSync(value, url, { ignoreError: true });
  }
}

/** The Cookie header value curl's jar sends to `url` ('' for none): at most 150 cookies, and no longer than curl's header limit. */
export function cookieHeaderFor(jar: CookieJar, url: string): string {
  let header = '';
  for (const cookie of jar.getCookiesSync(url).slice(0, MAX_COOKIE_SEND_AMOUNT)) {
    const pair = cookie.cookieString();
    const next = header === '' ? pair : `${header}; ${pair}`;
    if (next.length + 'Cookie: '.length >= MAX_COOKIE_HEADER_LEN) break;
    header = next;
  }
  return header;
}
