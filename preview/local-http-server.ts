/**
 * The preview's local HTTP server, on 127.0.0.1 port 0: what the netstack overview's http
 * example asks (its seed names www.example.com, which the page replaces with this
 * server's host:port, scheme-less as the seed's address is), so that the example runs
 * offline and its traffic stays on this machine. It answers every request with 200 and a
 * short JSON body that says what it received; `/download` (our requestInStream example)
 * with 256 KiB and a Content-Length, so that the download has chunks and progress.
 *
 * A run's code requests it from the preview's page, another origin (another port): the
 * answers carry CORS headers for the preview's own origins only (`allowOrigin`), and a
 * preflight is answered for the method and headers the page asks for (an app's `header`
 * option, or the Content-Type: application/json a POST-like request gets from it, HTTP §3,
 * needs one).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request body is read up to this many bytes (its size is reported, the rest is not kept). */
const BODY_LIMIT = 64 * 1024;

export interface LocalHttpServer {
  /** 127.0.0.1:<port>: scheme-less, as the seed's address. */
  readonly host: string;
  readonly port: number;
  /** Requests answered so far (not preflights), oldest first. */
  readonly requests: readonly { method: string; target: string }[];
  close(): Promise<void>;
}

export interface LocalHttpServerOptions {
  /** Whether a page of this origin may read the answers (the preview's own origins). */
  allowOrigin(origin: string): boolean;
}

function corsHeaders(request: IncomingMessage, options: LocalHttpServerOptions): Record<string, string> {
  const origin = request.headers.origin;
  if (origin === undefined || !options.allowOrigin(origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': '*', vary: 'Origin' };
}

/** What `/download` sends: enough for a few data chunks and progress events, with a Content-Length. */
const DOWNLOAD_BYTES = 256 * 1024;

function answer(request: IncomingMessage, response: ServerResponse, options: LocalHttpServerOptions, received: number): void {
  if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname === '/download') {
    const body = Buffer.alloc(DOWNLOAD_BYTES, 0x2e);
    response.writeHead(200, {
      ...corsHeaders(request, options),
      'content-type': 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    response.end(body);
    return;
  }
  const body = JSON.stringify({
    message: "Hello from the ohos-netkit preview's local HTTP server, in place of the seed's www.example.com.",
    method: request.method,
    path: request.url,
    bodyBytes: received,
  });
  response.writeHead(200, { ...corsHeaders(request, options), 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(body);
}

export async function startLocalHttpServer(options: LocalHttpServerOptions): Promise<LocalHttpServer> {
  const requests: { method: string; target: string }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      const cors = corsHeaders(request, options);
      const allowed =
        Object.keys(cors).length === 0
          ? {}
          : {
              'access-control-allow-methods': request.headers['access-control-request-method'],
              'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '',
              'access-control-max-age': '600',
            };
      response.writeHead(204, { ...cors, ...allowed }).end();
      return;
    }
    requests.push({ method: request.method ?? '', target: request.url ?? '' });
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Nothing a preview example sends is this large: stop reading rather than buffer it.
      if (received > BODY_LIMIT) request.destroy();
    });
    request.on('end', () => answer(request, response, options, received));
    request.on('error', () => response.destroy());
  });
  // An idle keep-alive connection does not hold the preview open when it stops.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
