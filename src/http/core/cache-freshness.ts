import { parseHttpDate } from './http-date.js';

/**
 * Whether a stored response may answer a request (HTTP §8, netstack
 * `HttpCacheStrategy::RunStrategyInternal`, RFC 7234 in the device's reading), in
 * seconds and milliseconds as the device computes them. Header names are lower-case.
 */
export type Freshness =
  | { readonly status: 'fresh'; readonly warning?: string }
  | { readonly status: 'stale'; readonly conditional?: readonly [name: string, value: string] }
  | { readonly status: 'deny' };

export interface StoredTimes {
  /** When the stored response's request was made and when it arrived, seconds. */
  readonly requestTime: number;
  readonly responseTime: number;
}

/** -1: what the device's parsers return for "not there" (a real date is never -1 here). */
const INVALID = -1;
const DAY_MS = 24 * 60 * 60 * 1000;

export function freshness(
  requestHeaders: ReadonlyMap<string, string>,
  stored: (name: string) => string,
  times: StoredTimes,
  requestTime: number,
  now: number,
): Freshness {
  const request = requestDirectives(requestHeaders);
  const response = responseDirectives(stored);
  if (request.noCache) return { status: 'deny' };
  if (response.noCache) return { status: 'stale' };
  if (request.onlyIfCached) return { status: 'fresh' };
  // A hit is read back as a 200, so only no-store can make it uncacheable now.
  if (response.noStore || request.noStore) return { status: 'deny' };
  if (request.ifModifiedSince !== '' || request.ifNoneMatch !== '') return { status: 'deny' };

  const date = response.date === '' ? INVALID : parseHttpDate(response.date);
  const expires = response.expires === '' ? INVALID : parseHttpDate(response.expires);
  const ageMs = currentAgeMs(response.age, date, times, now);
  let lifetime = lifetimeSeconds(response, date, expires, times.responseTime, requestTime);
  if (request.maxAge !== INVALID) lifetime = Math.min(lifetime, request.maxAge);
  const lifetimeMs = lifetime * 1000;
  const minFreshMs = Math.max(0, request.minFresh * 1000);
  const maxStaleMs = response.mustRevalidate ? 0 : Math.max(0, request.maxStale * 1000);

  if (ageMs + minFreshMs < lifetimeMs + maxStaleMs) {
    let warning: string | undefined;
    if (ageMs + minFreshMs >= lifetimeMs) warning = '110 "Response is STALE"';
    if (ageMs > DAY_MS && request.maxAge === INVALID && expires === INVALID) warning = '113 "Heuristic expiration"';
    return warning === undefined ? { status: 'fresh' } : { status: 'fresh', warning };
  }
  const conditional: [string, string] | undefined =
    response.etag !== ''
      ? ['if-none-match', response.etag]
      : response.lastModified !== ''
        ? ['if-modified-since', response.lastModified]
        : response.date !== ''
          ? ['if-modified-since', response.date]
          : undefined;
  return conditional === undefined ? { status: 'stale' } : { status: 'stale', conditional };
}

/** RFC 7234 §4.2.3 as the device computes it: every term at least 0. */
function currentAgeMs(ageText: string, date: number, times: StoredTimes, now: number): number {
  const age = Math.max(0, signedNumber(ageText));
  const dateTime = Math.max(0, date);
  const requestTime = Math.max(0, times.requestTime);
  const responseTime = Math.max(0, times.responseTime);
  const apparent = Math.max(0, responseTime - dateTime);
  const delay = Math.max(0, responseTime - requestTime);
  const initial = Math.max(apparent, age + delay);
  return (initial + Math.max(0, now - responseTime)) * 1000;
}

/** s-maxage, then max-age, then Expires minus Date (or the response time), then a tenth of the Last-Modified age. */
function lifetimeSeconds(response: ResponseDirectives, date: number, expires: number, responseTime: number, requestTime: number): number {
  if (response.sMaxAge !== INVALID) return response.sMaxAge;
  if (response.maxAge !== INVALID) return response.maxAge;
  if (expires !== INVALID) return Math.max(expires - (date !== INVALID ? date : responseTime), 0);
  if (response.lastModified !== '') {
    const base = date !== INVALID ? date : requestTime;
    return Math.max(Math.trunc((base - parseHttpDate(response.lastModified)) / 10), 0);
  }
  return 0;
}

interface RequestDirectives {
  noCache: boolean;
  noStore: boolean;
  onlyIfCached: boolean;
  maxAge: number;
  maxStale: number;
  minFresh: number;
  ifModifiedSince: string;
  ifNoneMatch: string;
}

function requestDirectives(headers: ReadonlyMap<string, string>): RequestDirectives {
  const directives: RequestDirectives = {
    noCache: false,
    noStore: false,
    onlyIfCached: false,
    maxAge: INVALID,
    maxStale: INVALID,
    minFresh: INVALID,
    ifModifiedSince: headers.get('if-modified-since') ?? '',
    ifNoneMatch: headers.get('if-none-match') ?? '',
  };
  for (const token of cacheControlTokens(headers.get('cache-control') ?? '')) {
    if (token === 'no-cache') directives.noCache = true;
    else if (token === 'no-store') directives.noStore = true;
    else if (token === 'only-if-cached') directives.onlyIfCached = true;
    const [key, value] = keyValue(token);
    // A request's numbers must be whole, non-negative decimals.
    const seconds = value === undefined ? INVALID : Math.max(signedNumber(value), INVALID);
    if (key === 'max-age') directives.maxAge = seconds;
    else if (key === 'max-stale') directives.maxStale = seconds;
    else if (key === 'min-fresh') directives.minFresh = seconds;
  }
  return directives;
}

interface ResponseDirectives {
  noCache: boolean;
  noStore: boolean;
  mustRevalidate: boolean;
  maxAge: number;
  sMaxAge: number;
  date: string;
  expires: string;
  lastModified: string;
  etag: string;
  age: string;
}

function responseDirectives(stored: (name: string) => string): ResponseDirectives {
  const directives: ResponseDirectives = {
    noCache: false,
    noStore: false,
    mustRevalidate: false,
    maxAge: INVALID,
    sMaxAge: INVALID,
    date: stored('date'),
    expires: stored('expires'),
    lastModified: stored('last-modified'),
    etag: stored('etag'),
    age: stored('age'),
  };
  for (const token of cacheControlTokens(stored('cache-control'))) {
    if (token === 'no-cache') directives.noCache = true;
    else if (token === 'no-store') directives.noStore = true;
    else if (token === 'must-revalidate') directives.mustRevalidate = true;
    const [key, value] = keyValue(token);
    if (key === 'max-age') directives.maxAge = value === undefined ? INVALID : signedNumber(value);
    else if (key === 's-maxage') directives.sMaxAge = value === undefined ? INVALID : signedNumber(value);
  }
  return directives;
}

/**
 * Whether a response may be stored (netstack `HttpCacheStrategy::IsCacheable`): a status
 * of 200, 203, 204, 300, 301, 404, 405, 410, 414 or 501, or a 302 with Expires, max-age,
 * public or private; and no-store neither in the request nor in the response.
 */
export function isStorable(status: number, requestHeaders: ReadonlyMap<string, string>, stored: (name: string) => string): boolean {
  const tokens = cacheControlTokens(stored('cache-control'));
  const ok = STORABLE.has(status) || (status === 302 && (stored('expires') !== '' || tokens.some(isLifetimeOrScope)));
  return ok && !tokens.includes('no-store') && !requestDirectives(requestHeaders).noStore;
}

const STORABLE = new Set([200, 203, 204, 300, 301, 404, 405, 410, 414, 501]);

function isLifetimeOrScope(token: string): boolean {
  if (token === 'public' || token === 'private') return true;
  const [key, value] = keyValue(token);
  return key === 'max-age' && value !== undefined && signedNumber(value) !== INVALID;
}

/** The device splits Cache-Control at ", " exactly: "max-age=60,public" is one (useless) token. */
function cacheControlTokens(value: string): string[] {
  return value === '' ? [] : value.split(', ');
}

function keyValue(token: string): [string, string | undefined] {
  const equals = token.indexOf('=');
  return equals === -1 ? [token, undefined] : [token.slice(0, equals), token.slice(equals + 1)];
}

/** `std::from_chars` over the whole text (an optional minus, then digits), else -1. */
function signedNumber(text: string): number {
  return /^-?\d+$/.test(text) ? Number(text) : INVALID;
}
