import { EventEmitter } from 'node:events';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse, type SecureServerOptions } from 'node:http2';
import { createServer as createTlsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

/** A request as the test server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target as sent (origin form, or absolute form through a proxy). */
  readonly target: string;
  readonly httpVersion: string;
  /** Header lines in the order received, names as sent. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** The client's port (tells connections apart). */
  readonly remotePort: number;
}

/**
 * An HTTP server on 127.0.0.1:0 for the http engine's tests, one URL grammar for every
 * scenario (like upstream-server.ts for WebSocket). Every request is announced as
 * 'request' (ReceivedRequest) once its body has been read.
 *
 * - `/echo`: 200, JSON of the ReceivedRequest (body as base64).
 * - `/status?code=C`: status C, body `status C`.
 * - `/redirect?to=URL&status=S&cookie=C…`: status S (302), Location URL, a Set-Cookie per `cookie`.
 * - `/cookies?set=C…`: 200 with a Set-Cookie per `set`; the body is the request's Cookie header.
 * - `/slow?bytes=N&every=MS&chunk=K`: N bytes (Content-Length N), K at a time every MS ms.
 * - `/encoded?encoding=E&size=N`: N bytes of text encoded with E (gzip, deflate, deflate-raw,
 *   br, or a list "gzip, br"; an unknown name sends the text as it is), Content-Encoding E
 *   (deflate-raw is announced as deflate); `&corrupt` garbles the encoded bytes.
 * - `/bytes?size=N&type=T&chunked`: N bytes (byte i = i % 256), Content-Type T, chunked when asked.
 * - `/length-mismatch`: Content-Length 100, 50 bytes, then the connection closes.
 * - `/empty-reply`: the connection closes without an answer.
 * - `/reset`: headers and 10 of 100 bytes, then a TCP reset.
 * - `/garbage`: a reply that is not HTTP.
 * - `/two-locations`: 302 with two different Location headers.
 * - `/headers?name=value…`: 200 with those headers, in order (repeat a name for duplicates).
 * - `/text?body=B&type=T`: 200 with the body B (as UTF-8; `%00` is a NUL byte), Content-Type T (text/plain).
 * - `/flood?size=N`: N bytes as fast as the client reads them; 'flood-blocked' (bytes written)
 *   each time the connection is full, 'flood-drained' when it takes more again.
 * - `/hang`: never answers; `/hang-body`: headers and 10 of 100 bytes, then nothing.
 * - anything else: 404.
 *
 * A request with an `Origin` (a page's fetch; curl and the relay send none) gets CORS
 * answers, so that a page on another port may read everything a page may read: a
 * preflight (OPTIONS with Access-Control-Request-Method) is allowed whatever it asks and
 * is neither recorded nor announced; every other answer allows the origin and exposes
 * every header it may. A request without an Origin sees none of this.
 */
export interface HttpTestServer extends EventEmitter {
  /** http://127.0.0.1:<port> (https:// with TLS), no path. */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: readonly ReceivedRequest[];
  readonly openSockets: number;
  /** Resolves when no connection is open any more. */
  whenNoSockets(): Promise<void>;
  close(): Promise<void>;
}

export interface HttpTestServerOptions {
  /** Serve https:// with these options. */
  tls?: HttpsServerOptions;
  /** Serve HTTP/2 (and HTTP/1.1) over TLS with these options (ALPN h2). */
  http2?: SecureServerOptions;
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

export async function startHttpTestServer(options: HttpTestServerOptions = {}): Promise<HttpTestServer> {
  const events = new EventEmitter();
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const noSocketWaiters: Array<() => void> = [];
  const secure = options.tls !== undefined || options.http2 !== undefined;
  const handle = (request: AnyRequest, response: AnyResponse): void => {
    const origin = request.headers.origin;
    if (typeof origin === 'string') {
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        answerPreflight(request, response as ServerResponse, origin);
        return;
      }
      allowOrigin(response as ServerResponse, origin);
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = request.rawHeaders;
      const headers: Array<readonly [string, string]> = [];
      for (let index = 0; index + 1 < raw.length; index += 2) headers.push([raw[index] ?? '', raw[index + 1] ?? '']);
      const received: ReceivedRequest = {
        method: request.method ?? '',
        target: request.url ?? '',
        httpVersion: request.httpVersion,
        headers,
        body: Buffer.concat(chunks),
        remotePort: request.socket.remotePort ?? 0,
      };
      requests.push(received);
      events.emit('request', received);
      respond(request, response, received, timers, events);
    });
  };
  let server: Server | ReturnType<typeof createSecureServer>;
  if (options.http2 !== undefined) server = createSecureServer({ allowHTTP1: true, ...options.http2 }, handle);
  else if (options.tls !== undefined) server = createTlsServer(options.tls, handle);
  else server = createServer(handle);
  server.on(secure ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const resolve of noSocketWaiters.splice(0)) resolve();
    });
  });
  // A failed TLS handshake is the client's business in these tests.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.defineProperties(events, {
    origin: { value: `${secure ? 'https' : 'http'}://127.0.0.1:${port}` },
    port: { value: port },
    requests: { value: requests },
    openSockets: { get: () => sockets.size },
    whenNoSockets: {
      value: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => noSocketWaiters.push(resolve))),
    },
    close: {
      value: async () => {
        for (const timer of timers) clearInterval(timer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      },
    },
  }) as HttpTestServer;
}

/** The CORS answer to a page's preflight: whatever method and headers it asks for. */
function answerPreflight(request: AnyRequest, response: ServerResponse, origin: string): void {
  request.resume();
  response.writeHead(204, [
    'Access-Control-Allow-Origin',
    origin,
    'Access-Control-Allow-Methods',
    String(request.headers['access-control-request-method']),
    'Access-Control-Allow-Headers',
    String(request.headers['access-control-request-headers'] ?? '*'),
    'Access-Control-Max-Age',
    '600',
    'Vary',
    'Origin',
  ]);
  response.end();
}

/** The CORS header lines of an answer to a page from `origin`: it may read the answer and every header a page may see. */
const corsLines = (origin: string): string[] => ['Access-Control-Allow-Origin', origin, 'Access-Control-Expose-Headers', '*', 'Vary', 'Origin'];

/**
 * Adds the CORS lines to whatever writeHead() is given, as raw lines, so that the
 * scenario's own lines keep their order and their duplicates (setHeader() would merge them).
 */
function allowOrigin(response: ServerResponse, origin: string): void {
  const writeHead = response.writeHead.bind(response) as (status: number, reason: string | undefined, headers: string[]) => ServerResponse;
  const flat = (headers: unknown): string[] => {
    if (headers === undefined) return [];
    if (Array.isArray(headers)) return headers.map(String);
    return Object.entries(headers as Record<string, unknown>).flatMap(([name, value]) =>
      Array.isArray(value) ? value.flatMap((one) => [name, String(one)]) : [name, String(value)],
    );
  };
  response.writeHead = ((status: number, reasonOrHeaders?: unknown, headers?: unknown) => {
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const lines = flat(typeof reasonOrHeaders === 'string' ? headers : reasonOrHeaders);
    return writeHead(status, reason ?? STATUS_CODES[status] ?? 'Unknown', [...lines, ...corsLines(origin)]);
  }) as ServerResponse['writeHead'];
}

/** The CORS lines of a raw answer (written to the socket by hand), for a request with an Origin. */
function rawCorsLines(received: ReceivedRequest): string {
  const origin = received.headers.find(([name]) => name.toLowerCase() === 'origin')?.[1];
  if (origin === undefined) return '';
  const lines = corsLines(origin);
  let text = '';
  for (let index = 0; index < lines.length; index += 2) text += `${lines[index]}: ${lines[index + 1]}\r\n`;
  return text;
}

function respond(request: AnyRequest, response: AnyResponse, received: ReceivedRequest, timers: Set<NodeJS.Timeout>, events: EventEmitter): void {
  const url = new URL(request.url ?? '/', 'http://test.invalid');
  const query = url.searchParams;
  const socket = request.socket as Socket;
  const plain = response as ServerResponse;
  switch (url.pathname) {
    case '/echo': {
      const body = JSON.stringify({ ...received, body: received.body.toString('base64') });
      plain.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      plain.end(body);
      return;
    }
    case '/status': {
      const code = Number(query.get('code') ?? 200);
      plain.writeHead(code, { 'content-type': 'text/plain' });
      plain.end(`status ${code}`);
      return;
    }
    case '/redirect': {
      const status = Number(query.get('status') ?? 302);
      const headers: string[] = ['Location', query.get('to') ?? '/echo'];
      for (const cookie of query.getAll('cookie')) headers.push('Set-Cookie', cookie);
      headers.push('Content-Type', 'text/plain');
      plain.writeHead(status, STATUS_CODES[status] ?? 'Redirect', headers);
      plain.end('moved');
      return;
    }
    case '/cookies': {
      const headers: string[] = ['Content-Type', 'text/plain'];
      for (const cookie of query.getAll('set')) headers.push('Set-Cookie', cookie);
      plain.writeHead(200, headers);
      plain.end(
        received.headers
          .filter(([name]) => name.toLowerCase() === 'cookie')
          .map(([, value]) => value)
          .join(' | '),
      );
      return;
    }
    case '/slow': {
      const total = Number(query.get('bytes') ?? 100);
      const every = Number(query.get('every') ?? 50);
      const chunk = Number(query.get('chunk') ?? 1);
      plain.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
      let sent = 0;
      const timer = setInterval(() => {
        const size = Math.min(chunk, total - sent);
        plain.write(Buffer.alloc(size, 0x61));
        sent += size;
        if (sent >= total) {
          clearInterval(timer);
          timers.delete(timer);
          plain.end();
        }
      }, every);
      timers.add(timer);
      plain.once('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    case '/encoded': {
      const size = Number(query.get('size') ?? 1000);
      const text = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(size / 45)).slice(0, size));
      const encoding = query.get('encoding') ?? 'gzip';
      let body: Buffer = text;
      for (const name of encoding.split(',').map((part) => part.trim())) body = encode(name, body);
      if (query.has('corrupt')) body = Buffer.concat([body.subarray(0, 10), Buffer.alloc(20, 0xff), body.subarray(30)]);
      plain.writeHead(200, {
        'content-type': 'text/plain',
        'content-encoding': encoding.replace('deflate-raw', 'deflate'),
        'content-length': body.length,
      });
      plain.end(body);
      return;
    }
    case '/bytes': {
      const size = Number(query.get('size') ?? 0);
      const body = Buffer.from(Array.from({ length: size }, (_, index) => index % 256));
      const headers: Record<string, string | number> = { 'content-type': query.get('type') ?? 'application/octet-stream' };
      if (!query.has('chunked')) headers['content-length'] = size;
      plain.writeHead(200, headers);
      plain.end(body);
      return;
    }
    case '/length-mismatch':
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n${rawCorsLines(received)}\r\n${'x'.repeat(50)}`);
      return;
    case '/empty-reply':
      socket.destroy();
      return;
    case '/reset':
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n${rawCorsLines(received)}\r\n${'x'.repeat(10)}`, () =>
        setTimeout(() => socket.resetAndDestroy(), 0),
      );
      return;
    case '/garbage':
      socket.end('THIS IS NOT HTTP\r\n\r\n');
      return;
    case '/two-locations':
      plain.writeHead(302, ['Location', '/echo?a', 'Location', '/echo?b', 'Content-Length', '0']);
      plain.end();
      return;
    case '/text': {
      const body = Buffer.from(query.get('body') ?? '', 'utf8');
      plain.writeHead(200, { 'content-type': query.get('type') ?? 'text/plain', 'content-length': body.length });
      plain.end(body);
      return;
    }
    case '/headers': {
      const headers: string[] = [];
      for (const [name, value] of query) headers.push(name, value);
      plain.writeHead(200, headers);
      plain.end('headers');
      return;
    }
    case '/flood': {
      // As fast as the client reads: each time the socket is full, 'flood-blocked' (bytes written so far).
      const total = Number(query.get('size') ?? 0);
      const piece = Buffer.alloc(64 * 1024, 0x62);
      let written = 0;
      plain.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
      const pump = (): void => {
        while (written < total) {
          const size = Math.min(piece.length, total - written);
          written += size;
          if (!plain.write(piece.subarray(0, size))) {
            events.emit('flood-blocked', written);
            plain.once('drain', () => {
              events.emit('flood-drained', written);
              pump();
            });
            return;
          }
        }
        plain.end();
      };
      pump();
      return;
    }
    case '/hang':
      return;
    case '/hang-body':
      plain.writeHead(200, { 'content-type': 'text/plain', 'content-length': 100 });
      plain.write('x'.repeat(10));
      return;
    default:
      plain.writeHead(404, { 'content-type': 'text/plain' });
      plain.end('not found');
  }
}

function encode(name: string, body: Buffer): Buffer {
  switch (name) {
    case 'gzip':
      return gzipSync(body);
    case 'deflate':
      return deflateSync(body);
    case 'deflate-raw':
      return deflateRawSync(body);
    case 'br':
      return brotliCompressSync(body);
    default:
      return body;
  }
}
