/**
 * What the bench measures of the app's WebSocketServer in a page (issue 10, point 8): a
 * Node `ws` client against the page's server through the dev relay (`server`), against
 * the mirror topology of the client path (`mirror`: the page's client through the relay
 * to the bench's Node ws server). Same hops either way (Node ↔ relay ↔ page), and the
 * data goes the same way: only which end is the WebSocket client is swapped, so the
 * ratio is the server wire's cost against the client wire's.
 * - ping-pong: Node pings and the page's server echoes / the page pings and Node echoes;
 * - a stream to the server: Node's client streams to the page's server / Node's server
 *   streams to the page's client (the client path's "receive" workloads): the page
 *   receives in both, because headless Chromium here receives 64 B messages at about half the rate
 *   it sends them, so streams the other way round would measure Chromium, not us.
 * Each workload is one target: the median over turns of server rate ÷ mirror rate must
 * reach SERVER_VS_MIRROR_FLOOR.
 */
import type { ServerKind } from './page/server-spec.js';

export type ServerPathName = 'mirror' | 'server';

export interface ServerWorkload {
  label: string;
  kind: ServerKind;
  /** Bytes per message. */
  size: number;
  /** Round trips, or messages towards the page, per chunk: tens of ms (see workloads.ts). */
  chunkSize: number;
  /** Chunks per path and run, a multiple of 4 (2 × the two paths, see page/order-of-turn.ts). */
  chunks: number;
  unit: string;
  /** The rate shown for `messages` messages (or round trips) in `ms`; bigger is better. */
  figure(messages: number, ms: number, workload: ServerWorkload): number;
}

export const SERVER_VS_MIRROR_FLOOR = 0.9;

const MiB = 1024 * 1024;
const perSecond = (messages: number, ms: number): number => messages / (ms / 1000);
/** MB = 10^6 bytes, as in perf-reliability.md. */
const megabytesPerSecond = (messages: number, ms: number, workload: ServerWorkload): number => (messages * workload.size) / 1e6 / (ms / 1000);

export const serverWorkloads: ServerWorkload[] = [
  { label: 'server ping-pong 64 B', kind: 'ping-pong', size: 64, chunkSize: 100, chunks: 36, unit: 'rt/s', figure: perSecond },
  { label: 'server 64 B stream to the server', kind: 'stream', size: 64, chunkSize: 500, chunks: 36, unit: 'msg/s', figure: perSecond },
  // 8 messages a chunk, as for the 1 MiB client stream (workloads.ts): the relay's store-and-forward of the first is a small part.
  { label: 'server 1 MiB messages to the server', kind: 'stream', size: MiB, chunkSize: 8, chunks: 12, unit: 'MB/s', figure: megabytesPerSecond },
];
