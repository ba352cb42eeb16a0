/**
 * What the bench driver (Node) asks the bench page to do, and what the page answers.
 * Type-only: shared by bench/run.ts and bench/page/bench-page.ts.
 */

/**
 * Who carries a connection in the page:
 * - `native`: the browser's own WebSocket (binaryType 'arraybuffer'), the baseline;
 * - `direct`: this package's client, `webSocket.createWebSocket()`, in direct mode;
 * - `relay`: the same client with `useRelay: 'always'`, through the dev relay (RunSpec.relay);
 * - `pipe`: the browser's own WebSocket through a bare ws↔ws pipe (bench/pipe-child.ts), the
 *   least any relay costs: a reference for `relay`, not a way the library goes.
 */
export type PathName = 'native' | 'direct' | 'relay' | 'pipe';

/**
 * One chunk of work on one connection:
 * - `ping-pong`: `chunkSize` round trips of one `size`-byte binary message, echoed by the server;
 * - `stream`: the page sends "go", the server sends `chunkSize` binary messages of `size` bytes as
 *   fast as its socket drains, the page counts them until the last.
 */
export type WorkloadKind = 'ping-pong' | 'stream';

/**
 * One run: a connection per path, opened once, then `chunks` turns of one chunk per path, in an
 * order that changes each turn so that, over 2 × (number of paths) turns, every path goes first
 * as often as any other and every two paths go in either order equally often. Chunks are short
 * (tens of ms), so the chunks of one turn see the same machine, whatever else the machine is doing.
 */
export interface RunSpec {
  kind: WorkloadKind;
  paths: PathName[];
  /** The server route, e.g. ws://127.0.0.1:1234/echo */
  url: string;
  /** The same route through the pipe: needed by the `pipe` path only. */
  pipeUrl?: string;
  /** Bytes per message. */
  size: number;
  /** Round trips or messages per chunk. */
  chunkSize: number;
  /** Turns per run. */
  chunks: number;
  /** The page gives up (and closes its connections) when opening or one chunk takes longer than this. */
  timeoutMs: number;
  /** The dev relay the `relay` path goes through (its config, as the page's config global takes it). */
  relay?: { url: string; token: string };
}

/** Per path, each chunk's time in ms (from its first send to its last message), in the order of the turns. */
export type RunResult = Partial<Record<PathName, number[]>>;
