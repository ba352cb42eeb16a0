/**
 * The far end of the bench's http workloads: a Node HTTP server on 127.0.0.1, port 0.
 * - `/bytes?size=N`: N bytes of application/octet-stream with a Content-Length, written
 *   as fast as the socket drains (a small GET is `/bytes?size=64`);
 * Every answer allows any origin (the page's own `fetch` needs CORS; curl, and so the
 * relay, sends no Origin and ignores it).
 *
 * It counts requests by their Origin header, as the ws server counts handshakes: a
 * browser's fetch always sends its page's origin on a cross-origin request, so a request
 * without one did not come straight from the page: that is how the bench knows the
 * `relay` path went through the relay.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One block written again and again: the body's bytes are not what is measured. */
const BLOCK = Buffer.alloc(64 * 1024, 0x5a);

export interface BenchHttpServer {
  /** e.g. http://127.0.0.1:41236 (no trailing slash) */
  origin: string;
  /** Requests so far whose Origin header was this (`undefined`: none). */
  requestsFrom(origin: string | undefined): number;
  readonly requests: number;
  close(): Promise<void>;
}

export async function startBenchHttpServer(): Promise<BenchHttpServer> {
  const origins = new Map<string | undefined, number>();
  let requests = 0;
  const server = createServer((request, response) => {
    // A page or relay that gave up resets the socket: the bench reports it from the other side.
    response.on('error', () => {});
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*', 'cache-control': 'no-store' };
    if (request.method === 'OPTIONS') return void response.writeHead(204, { ...cors, 'access-control-allow-headers': '*' }).end();
    requests++;
    origins.set(request.headers.origin, (origins.get(request.headers.origin) ?? 0) + 1);
    if (url.pathname !== '/bytes') return void response.writeHead(404, cors).end();
    const size = Number(url.searchParams.get('size'));
    response.writeHead(200, { ...cors, 'content-type': 'application/octet-stream', 'content-length': String(size) });
    writeBytes(response, size);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requestsFrom: (origin) => origins.get(origin) ?? 0,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `size` bytes, waiting for 'drain' whenever the socket's buffer is full (a slow reader slows the server). */
function writeBytes(response: ServerResponse, size: number): void {
  let left = size;
  const pump = (): void => {
    while (left > 0 && !response.destroyed) {
      const part = left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
      left -= part.length;
      if (!response.write(part)) return void response.once('drain', pump);
    }
    if (left === 0) response.end();
  };
  pump();
}
