import { freshness, isStorable } from './cache-freshness.js';
import type { HttpHeaderBlock, HttpTransferFacts } from './http-wire.js';
import { nowSeconds } from './http-date.js';
import type { PreparedRequest } from './request-options.js';
import { ResponseHeaders } from './response-headers.js';
import { copyOf } from './response-result.js';

/** What the cache keeps of a response (HTTP §8): its header blocks, body, cookies, times and connection facts. */
export interface CachedResponse {
  readonly blocks: readonly HttpHeaderBlock[];
  readonly body: Uint8Array;
  readonly cookies: string;
  readonly requestTime: number;
  readonly responseTime: number;
  readonly connection: HttpTransferFacts['connection'];
  readonly redirectCount: number;
}

/** A hit: the stored response, read back as the device reads it (its header blocks once, plus a `warning` where one applies). */
export interface CacheHit {
  readonly response: CachedResponse;
  readonly headers: ResponseHeaders;
}

/** HTTP §8: capacity bounds, in bytes; each entry may take at most 1 MiB. */
const MIN_CAPACITY = 1024 * 1024;
const MAX_CAPACITY = 10 * 1024 * 1024;
const MAX_ENTRY = 1024 * 1024;

/**
 * The device's HTTP response cache (HTTP §8), emulated in memory: off until
 * createHttpResponseCache() starts it, shared by every HttpRequest of the JS realm, off
 * again (and empty) after HttpResponseCache.delete(). The device also keeps it in a file
 * that outlives the process; this one lives as long as the page or the process.
 *
 * Least recently used entries go first once the entries' sizes (measured as the device
 * does, in Base64) pass the capacity.
 */
export class ResponseCache {
  #active = false;
  #capacity = MAX_CAPACITY;
  readonly #entries = new Map<string, { response: CachedResponse; size: number }>();
  #size = 0;

  get active(): boolean {
    return this.#active;
  }

  /** createHttpResponseCache(size): a running cache keeps its first size. */
  start(capacity: number = MAX_CAPACITY): void {
    if (this.#active) return;
    this.#capacity = Math.max(Math.min(MAX_CAPACITY, capacity), MIN_CAPACITY);
    this.#active = true;
  }

  /** HttpResponseCache.delete(): stops the cache and drops what it holds. */
  stop(): void {
    this.#active = false;
    this.#entries.clear();
    this.#size = 0;
  }

  /**
   * HTTP §8: looks `request` up (only GET, HEAD or a request with a `range` header can
   * use the cache). A fresh entry answers it; a stale one may add a conditional header
   * to it (returned as `conditional`), whose 304 then reaches the app as it is.
   */
  lookup(request: PreparedRequest, requestTime: number): { hit: CacheHit } | { conditional: readonly [string, string] } | undefined {
    if (!this.#active || !canUseCache(request)) return undefined;
    const key = cacheKey(request);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    const headers = ResponseHeaders.readOnce(entry.response.blocks);
    const verdict = freshness(request.headers, (name) => headers.get(name), entry.response, requestTime, nowSeconds());
    if (verdict.status === 'fresh') {
      if (verdict.warning !== undefined) headers.set('warning', verdict.warning);
      return { hit: { response: entry.response, headers } };
    }
    return verdict.status === 'stale' && verdict.conditional !== undefined ? { conditional: verdict.conditional } : undefined;
  }

  /** HTTP §8: after a successful transfer, whatever its request's usingCache. */
  store(request: PreparedRequest, status: number, headers: ResponseHeaders, response: CachedResponse): void {
    if (!this.#active || !canUseCache(request) || !isStorable(status, request.headers, (name) => headers.get(name))) return;
    const size = entrySize(response);
    if (size === 0 || size > MAX_ENTRY) return;
    const key = cacheKey(request);
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#size -= previous.size;
      this.#entries.delete(key);
    }
    // The entry's bytes are its own: the app may get the response's body buffer itself (shapeResult).
    this.#entries.set(key, { response: { ...response, body: copyOf(response.body) }, size });
    this.#size += size;
    for (const [oldest, { size: oldSize }] of this.#entries) {
      if (this.#size <= this.#capacity) break;
      this.#entries.delete(oldest);
      this.#size -= oldSize;
    }
  }
}

/** The JS realm's one cache, as the device has one per process. */
export const responseCache = new ResponseCache();

function canUseCache(request: PreparedRequest): boolean {
  return request.deviceMethod === 'GET' || request.deviceMethod === 'HEAD' || request.headers.has('range');
}

/** The device's key: URL, lower-case method, request headers but the conditional ones, HTTP version. */
function cacheKey(request: PreparedRequest): string {
  const headers = [...request.headers]
    .filter(([name]) => name !== 'if-none-match' && name !== 'if-modified-since')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([request.url, request.deviceMethod.toLowerCase(), headers, request.transport.httpVersion ?? '']);
}

/** The stored fields' Base64 lengths, as the device counts an entry. */
function entrySize(response: CachedResponse): number {
  const base64 = (bytes: number): number => Math.ceil(bytes / 3) * 4;
  const headerBytes = response.blocks.reduce(
    (sum, block) => sum + 20 + block.lines.reduce((n, [name, value]) => n + name.length + value.length + 4, 2),
    0,
  );
  return base64(headerBytes) + base64(response.body.length) + base64(response.cookies.length) + 2 * base64(29);
}
