/**
 * What the bench driver (Node) asks the bench page to do, and what the page answers.
 * Type-only: shared by bench/run.ts and bench/page/bench-page.ts.
 */

/**
 * Who carries a connection in the page:
 * - `native`: the browser's own WebSocket (binaryType 'arraybuffer'), the baseline;
 * - `direct`: this package's client, `webSocket.createWebSocket()`, in direct mode.
 * A `relay` path (the same client configured to go through the dev relay) slots in here.
 */
export type PathName = 'native' | 'direct';

/**
 * One chunk of work on one connection:
 * - `ping-pong`: `chunkSize` round trips of one `size`-byte binary message, echoed by the server;
 * - `stream`: the page sends "go", the server sends `chunkSize` binary messages of `size` bytes as
 *   fast as its socket drains, the page counts them until the last.
 */
export type WorkloadKind = 'ping-pong' | 'stream';

/**
 * One run: a connection per path, opened once, then `chunks` turns of one chunk per path, the
 * order of the paths rotated each turn. Chunks are short (tens of ms), so the chunks of one turn
 * see the same machine, whatever else the machine is doing.
 */
export interface RunSpec {
  kind: WorkloadKind;
  paths: PathName[];
  /** The server route, e.g. ws://127.0.0.1:1234/echo */
  url: string;
  /** Bytes per message. */
  size: number;
  /** Round trips or messages per chunk. */
  chunkSize: number;
  /** Turns per run. */
  chunks: number;
  /** The page gives up (and closes its connections) after this long. */
  timeoutMs: number;
}

/** Per path, each chunk's time in ms (from its first send to its last message), in the order of the turns. */
export type RunResult = Partial<Record<PathName, number[]>>;
