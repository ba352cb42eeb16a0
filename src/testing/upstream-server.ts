import { EventEmitter } from 'node:events';
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { closeWithDeviceCode } from '../web-socket/engine/close-with-device-code.js';

/**
 * The test servers' one URL grammar: a real ws server on 127.0.0.1:0 whose behaviour is
 * chosen by the request path (one server, many scenarios, as in mswjs' test setup),
 * shared by the unit tests, the relay's tests, the end-to-end suite, the device
 * conformance suite on every wire, the preview and the bench. Every behaviour is driven
 * by an event (the connection, or a message the client sends), never by a timer.
 *
 * - `/echo`: echoes every message, text as text, binary as binary.
 * - `/greet?text=x`: sends x as soon as the connection is open, then echoes.
 * - `/bye`: echoes each message, then sends "bye" (the guide's client example closes on it).
 * - `/measure`: answers each message with "text:<bytes>" or "binary:<bytes>".
 * - `/binary?size=n`: sends one binary message of n bytes (byte i = i % 256), then echoes.
 * - `/headers`: first sends the upgrade request's headers as JSON `{ headers, rawHeaders }`, then echoes.
 * - `/protocol`: first sends the subprotocols it was offered (a JSON array), then echoes.
 *   It accepts the first one offered; `?none` accepts none; `?pick=P` answers P,
 *   offered or not (a handshake a client must refuse).
 * - `/close?code=C&reason=R`: closes at once with that code and reason; without `code`
 *   with a close frame that carries no status (the client sees 1005).
 * - `/close-after-echo?code=C&reason=R`: echoes the first message, then closes as `/close`.
 * - `/close-raw?code=C`: closes at once with code C even when RFC 6455 forbids it (1004…).
 * - `/drop`: echoes; the text "drop" makes it destroy the TCP socket (no close frame);
 *   `/drop?now` destroys it right after the handshake.
 * - `/refuse?status=S`: answers the upgrade with HTTP status S (403 by default).
 * - `/redirect?to=URL`: answers 302 with that Location.
 * - `/no-pong`: pings are never answered (autoPong off); echoes.
 * - `/bad-utf8`: sends a text frame with invalid UTF-8 (ff fe 41), then echoes.
 * - `/cookies`: the 101 carries two Set-Cookie and two X-Twice headers; then echoes.
 * - `/fragments`: sends "before", a binary message of bytes 0…19 in two fragments with a
 *   ping between them, then "after"; then echoes.
 * - `/raw-close`: reports the client's first close frame as raw bytes ('raw-close' event
 *   with { code, reason }), whatever ws thinks of the code; echoes.
 * - anything else: accepted and left alone (a test drives it from 'connection').
 *
 * Every accepted connection is also announced as 'connection' (server-side ws, request),
 * every upgrade request as 'upgrade-request' (request), before any of the above.
 */
export interface UpstreamServer extends EventEmitter {
  /** ws://127.0.0.1:<port> (or wss://) without a path. */
  readonly origin: string;
  readonly port: number;
  /** TCP connections open right now (handshakes included). */
  readonly openSockets: number;
  /** Resolves when no TCP connection is open any more. */
  whenNoSockets(): Promise<void>;
  close(): Promise<void>;
}

export interface UpstreamServerOptions {
  /** Serve wss:// with these options (cert, key, ca, requestCert, maxVersion…). */
  tls?: HttpsServerOptions;
}

export async function startUpstreamServer(options: UpstreamServerOptions = {}): Promise<UpstreamServer> {
  const events = new EventEmitter();
  const server: Server = options.tls === undefined ? createServer() : createTlsServer(options.tls);
  const sockets = new Set<Socket>();
  const noSocketWaiters: Array<() => void> = [];
  const common = { noServer: true, perMessageDeflate: false, clientTracking: true } as const;
  const normal = new WebSocketServer({ ...common, handleProtocols: pickProtocol });
  const noPong = new WebSocketServer({ ...common, autoPong: false });
  normal.on('headers', (headers: string[], request: IncomingMessage) => {
    if (request.url === '/cookies') headers.push('Set-Cookie: a=1', 'Set-Cookie: b=2', 'X-Twice: one', 'X-Twice: two');
  });

  server.on(options.tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const resolve of noSocketWaiters.splice(0)) resolve();
    });
  });
  server.on('request', (_request, response) => response.writeHead(426).end());
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    events.emit('upgrade-request', request);
    const url = new URL(request.url ?? '/', 'http://upstream.invalid');
    const query = url.searchParams;
    if (url.pathname === '/refuse' || url.pathname === '/redirect') {
      const status = url.pathname === '/redirect' ? 302 : Number(query.get('status') ?? 403);
      const location = url.pathname === '/redirect' ? `Location: ${query.get('to') ?? '/'}\r\n` : '';
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Status'}\r\n${location}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    if (url.pathname === '/raw-close') tapCloseFrame(socket, events);
    const wss = url.pathname === '/no-pong' ? noPong : normal;
    wss.handleUpgrade(request, socket, head, (ws) => behave(ws, request, url, events));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // defineProperties, not Object.assign: the getter must stay a getter.
  return Object.defineProperties(events, {
    origin: { value: `${options.tls === undefined ? 'ws' : 'wss'}://127.0.0.1:${port}` },
    port: { value: port },
    openSockets: { get: () => sockets.size },
    whenNoSockets: {
      value: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => noSocketWaiters.push(resolve))),
    },
    close: {
      value: async () => {
        for (const wss of [normal, noPong]) for (const client of wss.clients) client.terminate();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
      },
    },
  }) as UpstreamServer;
}

/** `/protocol?pick=P` answers P; otherwise the first offered protocol, as ws does by default. */
function pickProtocol(offered: Set<string>, request: IncomingMessage): string | false {
  const url = new URL(request.url ?? '/', 'http://upstream.invalid');
  if (url.pathname === '/protocol') {
    if (url.searchParams.has('none')) return false;
    const pick = url.searchParams.get('pick');
    if (pick !== null) return pick;
  }
  return offered.values().next().value ?? false;
}

function behave(ws: WebSocket, request: IncomingMessage, url: URL, events: EventEmitter): void {
  ws.on('error', (error) => events.emit('ws-error', error));
  events.emit('connection', ws, request);
  const echo = (): void => {
    ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
  };
  const closeAsAsked = (): void => {
    const code = url.searchParams.get('code');
    if (code === null) ws.close();
    else ws.close(Number(code), url.searchParams.get('reason') ?? '');
  };
  switch (url.pathname) {
    case '/echo':
    case '/cookies':
    case '/no-pong':
    case '/raw-close':
      echo();
      return;
    case '/greet':
      ws.send(url.searchParams.get('text') ?? '');
      echo();
      return;
    case '/bye':
      ws.on('message', (data, isBinary) => {
        ws.send(data as Buffer, { binary: isBinary });
        ws.send('bye');
      });
      return;
    case '/measure':
      ws.on('message', (data, isBinary) => ws.send(`${isBinary ? 'binary' : 'text'}:${(data as Buffer).length}`));
      return;
    case '/binary': {
      const size = Number(url.searchParams.get('size') ?? 0);
      ws.send(Buffer.from(Array.from({ length: size }, (_, i) => i % 256)), { binary: true });
      echo();
      return;
    }
    case '/headers':
      ws.send(JSON.stringify({ headers: request.headers, rawHeaders: request.rawHeaders }));
      echo();
      return;
    case '/protocol': {
      const header = request.headers['sec-websocket-protocol'];
      ws.send(JSON.stringify(header === undefined ? [] : header.split(',').map((name) => name.trim())));
      echo();
      return;
    }
    case '/close':
      closeAsAsked();
      return;
    case '/close-after-echo':
      ws.once('message', (data, isBinary) => {
        ws.send(data as Buffer, { binary: isBinary });
        closeAsAsked();
      });
      return;
    case '/close-raw':
      closeWithDeviceCode(ws, Number(url.searchParams.get('code')), Buffer.from('raw'), () => {});
      return;
    case '/drop':
      if (url.searchParams.has('now')) {
        // Let the 101 reach the client first; then vanish without a close frame.
        setImmediate(() => ws.terminate());
        return;
      }
      ws.on('message', (data, isBinary) => {
        if (!isBinary && (data as Buffer).toString() === 'drop') ws.terminate();
        else ws.send(data as Buffer, { binary: isBinary });
      });
      return;
    case '/fragments':
      ws.send('before');
      ws.send(Buffer.from(Array.from({ length: 10 }, (_, i) => i)), { binary: true, fin: false });
      ws.ping('between');
      ws.send(Buffer.from(Array.from({ length: 10 }, (_, i) => 10 + i)), { binary: true, fin: true });
      ws.send('after');
      echo();
      return;
    case '/bad-utf8':
      ws.send(Buffer.from([0xff, 0xfe, 0x41]), { binary: false });
      echo();
      return;
    default:
      return;
  }
}

/** Reads the client's frames off the raw socket until its close frame, and reports that frame's payload. */
function tapCloseFrame(socket: Duplex, events: EventEmitter): void {
  // After 'upgrade' the socket carries frames only (ws re-emits `head` as data too).
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = (buffered[0] ?? 0) & 0x0f;
      let length = (buffered[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = ((buffered[1] ?? 0) & 0x80) !== 0;
      const mask = masked ? buffered.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      if (mask !== undefined) for (let index = 0; index < payload.length; index += 1) payload[index] = (payload[index] ?? 0) ^ (mask[index % 4] ?? 0);
      buffered = buffered.subarray(offset + length);
      if (opcode === 0x08) {
        socket.off('data', onData);
        events.emit('raw-close', {
          code: payload.length >= 2 ? payload.readUInt16BE(0) : undefined,
          reason: payload.subarray(2).toString('utf8'),
        });
        return;
      }
    }
  };
  socket.on('data', onData);
}
