/**
 * What the bench driver asks the bench page's http side to do (bench/page/http-page.ts),
 * and what it answers. Type-only: shared by bench/http-bench.ts and the page.
 */

/**
 * Who performs a request in the page:
 * - `fetch`: the browser's own fetch (the baseline);
 * - `direct`: `http.createHttp().request()` in direct mode (over the page's fetch);
 * - `relay`: the same through the dev relay (HttpRunSpec.relay);
 * - `hop`: the browser's fetch through a bare Node pass-through (bench/hop-child.ts),
 *   the least any relay costs: a reference for `relay`, not a way the library goes;
 * - `undiciHop`: the same pass-through asking upstream with undici, as the relay does.
 */
export type HttpPathName = 'fetch' | 'direct' | 'relay' | 'hop' | 'undiciHop';

/** `get`: `chunkSize` GETs one after the other, each body read whole as an ArrayBuffer. */
export type HttpWorkloadKind = 'get';

export interface HttpRunSpec {
  kind: HttpWorkloadKind;
  paths: HttpPathName[];
  /** e.g. http://127.0.0.1:1234/bytes?size=64 */
  url: string;
  /** The same resource through the pass-through (the `hop` path). */
  hopUrl: string;
  /** The same resource through the pass-through that uses undici (the `undiciHop` path). */
  undiciHopUrl: string;
  /** Bytes each body must have. */
  size: number;
  chunkSize: number;
  chunks: number;
  /** The page gives up when one chunk takes longer than this. */
  timeoutMs: number;
  relay: { url: string; token: string };
}

/** Per path, each chunk's time in ms, in the order of the turns. */
export type HttpRunResult = Partial<Record<HttpPathName, number[]>>;

/** The slow reader: one requestInStream through the relay, its dataReceive listener held to `bytesPerSecond`. */
export interface SlowStreamSpec {
  url: string;
  size: number;
  bytesPerSecond: number;
  timeoutMs: number;
  relay: { url: string; token: string };
}

export interface SlowStreamResult {
  received: number;
  ms: number;
  /** requestInStream's result: the response code. */
  status: number;
}
