/**
 * The far end of every bench connection: a `ws` server on 127.0.0.1, port 0.
 * - `/echo`: sends every message back as it came (ping-pong);
 * - `/stream?size=N&count=M`: on every message from the page ("go"), sends M binary
 *   messages of N bytes as fast as the socket drains (the page asks for the next
 *   chunk only once it has all of this one).
 * perMessageDeflate is off (as on the loopback leg of the real setup); ws loads
 * bufferutil by itself when it is installed.
 *
 * It counts its connections by the Origin of their handshake: a browser always sends
 * its page's origin, so a connection without it did not come straight from the page.
 * That is how the bench knows the `relay` path really went through the relay.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Above this many bytes queued in Node, wait for the socket to drain before sending more. */
const HIGH_WATER_BYTES = 1024 * 1024;

export interface BenchWsServer {
  /** e.g. ws://127.0.0.1:41235 (no trailing slash) */
  url: string;
  /** Connections so far whose handshake carried this Origin (`undefined`: none). */
  connectionsFrom(origin: string | undefined): number;
  /** Connections so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startBenchWsServer(): Promise<BenchWsServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', resolve);
  });
  const origins = new Map<string | undefined, number>();
  let connections = 0;
  server.on('connection', (socket, request) => {
    connections++;
    origins.set(request.headers.origin, (origins.get(request.headers.origin) ?? 0) + 1);
    // A reset from a page that gave up must not take the bench down; the page reports it.
    socket.on('error', () => {});
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    if (url.pathname === '/echo') socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    else if (url.pathname === '/stream') {
      const size = Number(url.searchParams.get('size'));
      const count = Number(url.searchParams.get('count'));
      const payload = Buffer.alloc(size, 0x5a);
      socket.on('message', () => sendStream(socket, payload, count));
    } else socket.close(4404, 'no such bench route');
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connectionsFrom: (origin) => origins.get(origin) ?? 0,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends without waiting while little is queued; past the high-water mark, waits for the
 * callback of the message just sent (written to the kernel) and goes on from there.
 * The Node client of the server workloads (node-client.ts) streams the same way.
 */
export function sendStream(socket: WebSocket, payload: Buffer, count: number): void {
  let sent = 0;
  const pump = (error?: Error | null): void => {
    if (error) return;
    while (sent < count && socket.readyState === socket.OPEN) {
      sent++;
      if (socket.bufferedAmount >= HIGH_WATER_BYTES) return socket.send(payload, { binary: true }, pump);
      socket.send(payload, { binary: true });
    }
  };
  pump();
}

/** Whether ws will use bufferutil (it does when the package loads and WS_NO_BUFFER_UTIL is unset). */
export function bufferutilLoaded(): boolean {
  if (process.env.WS_NO_BUFFER_UTIL) return false;
  try {
    createRequire(import.meta.url)('bufferutil');
    return true;
  } catch {
    return false;
  }
}
