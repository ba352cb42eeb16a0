/**
 * The least any WebSocket relay costs: a bare ws↔ws pipe between the page and the bench's
 * ws server, in its own process as the relay is, for the `pipe` path of the WebSocket
 * workloads (the "minimal ws↔ws pipe" the shared perf-reliability notes measured the hop by, in their section 1.6).
 *
 * Each connection opens one to the same path upstream, holds what the page sends until
 * that one is open, and passes every message on as it came (text stays text), with the
 * same backpressure: a side is paused while the other's buffer holds more than 1 MiB.
 * No device rules, no protocol, no checks. What the page's own WebSocket loses through
 * it is the price of one more process and two more sockets on this machine; the relay is
 * measured against it (workloads.ts).
 *
 * Config: `{ upstream }`, the bench ws server's URL. Ready: `{ url }`.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { childConfig, serveParent } from './bench-child.js';

export interface PipeChildConfig {
  upstream: string;
}

export interface PipeChildReady {
  /** e.g. ws://127.0.0.1:41238 (no trailing slash) */
  url: string;
}

const HIGH_WATER_MARK = 1024 * 1024;
const LOW_WATER_MARK = 512 * 1024;

const { upstream } = childConfig<PipeChildConfig>();
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

server.on('connection', (page, request) => {
  const far = new WebSocket(`${upstream}${request.url ?? '/'}`, { perMessageDeflate: false });
  const early: Array<[RawData, boolean]> = [];
  page.on('message', (data, isBinary) => {
    if (far.readyState === WebSocket.OPEN) forward(page, far, data, isBinary);
    else early.push([data, isBinary]);
  });
  far.on('open', () => {
    for (const [data, isBinary] of early.splice(0)) forward(page, far, data, isBinary);
  });
  far.on('message', (data, isBinary) => forward(far, page, data, isBinary));
  page.on('close', () => far.terminate());
  far.on('close', () => page.close());
  page.on('error', () => far.terminate());
  far.on('error', () => page.terminate());
});

function forward(from: WebSocket, to: WebSocket, data: RawData, isBinary: boolean): void {
  to.send(data, { binary: isBinary, compress: false }, () => {
    if (from.isPaused && to.bufferedAmount < LOW_WATER_MARK) from.resume();
  });
  if (to.bufferedAmount > HIGH_WATER_MARK) from.pause();
}

await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
const { port } = server.address() as AddressInfo;

serveParent({ url: `ws://127.0.0.1:${port}` } satisfies PipeChildReady, {
  stop: async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  },
});
