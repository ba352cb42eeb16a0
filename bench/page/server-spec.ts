/**
 * What the bench driver (Node) asks the bench page's server side to do (server-page.ts).
 * Type-only: shared by bench/server-bench.ts and bench/page/server-page.ts.
 */

/**
 * What the app's server in the page does with a client's messages:
 * - `ping-pong`: sends every binary message of `size` bytes back to its client;
 * - `stream`: counts each client's binary messages of `size` bytes (the client sends
 *   `chunkSize` of them as fast as its socket drains) and sends "done" after every
 *   `chunkSize` of them.
 */
export type ServerKind = 'ping-pong' | 'stream';

export interface ServerSpec {
  kind: ServerKind;
  size: number;
  chunkSize: number;
  /** The serverPort the app asks for; the relay maps it to a free port (its `servers.ports: 'free'`). */
  appPort: number;
  /** The dev relay that listens for the page. */
  relay: { url: string; token: string };
}

/** Where the app's server really listens, as serverAddress(appPort) tells the page. */
export interface ServerListening {
  host: string;
  port: number;
}

/** What the page's server saw. */
export interface ServerReport {
  /** `connect` events so far. */
  connections: number;
  /** What went wrong (a wrong message, a failed send, an `error` event), first ones first. */
  problems: string[];
}
