/**
 * The upstream WebSocket server every spec talks to. One server, many behaviours:
 * the request path (and its query) picks what the server does, so specs never start
 * servers of their own (house style B.11). The grammar is listed in ../README.md.
 *
 * Every behaviour is driven by an event (the connection, or a message the page sends),
 * never by a timer, so no test depends on timing.
 */
import { createServer, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface Upstream {
  /** `ws://127.0.0.1:<port>`, without a path. */
  url: string;
  close(): Promise<void>;
}

type Behaviour = (ws: WebSocket, query: URLSearchParams, request: IncomingMessage) => void;

/** Sends every message back as it came: text as text, binary as binary. */
function echo(ws: WebSocket): void {
  ws.on('message', (data: RawData, isBinary: boolean) => ws.send(data, { binary: isBinary }));
}

/** `?code=4000&reason=bye`; no `code` means a close frame without a status (the page sees 1005). */
function closeAsAsked(ws: WebSocket, query: URLSearchParams): void {
  const code = query.get('code');
  if (code === null) ws.close();
  else ws.close(Number(code), query.get('reason') ?? '');
}

const BEHAVIOURS: Readonly<Record<string, Behaviour>> = {
  '/echo': echo,
  /** `?text=x`: sends x as soon as the connection is open, then echoes. */
  '/greet': (ws, query) => {
    ws.send(query.get('text') ?? '');
    echo(ws);
  },
  /** Closes with `?code&reason` as soon as the connection is open. */
  '/close': closeAsAsked,
  /** Echoes the first message, then closes with `?code&reason`. */
  '/close-after-echo': (ws, query) => {
    ws.once('message', (data: RawData, isBinary: boolean) => {
      ws.send(data, { binary: isBinary });
      closeAsAsked(ws, query);
    });
  },
  /** Echoes, except that the text "drop" makes it destroy the TCP socket: no close frame. */
  '/drop': (ws) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary && data.toString() === 'drop') ws.terminate();
      else ws.send(data, { binary: isBinary });
    });
  },
  /** Sends one binary message of `?size` bytes (byte i = i % 256) when the connection opens. */
  '/binary': (ws, query) => {
    const size = Number(query.get('size') ?? '0');
    ws.send(Buffer.from(Array.from({ length: size }, (_, i) => i % 256)), { binary: true });
  },
  /** Answers every message with its kind and size, "text:<bytes>" or "binary:<bytes>". */
  '/measure': (ws) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const size = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : Buffer.byteLength(data as Buffer);
      ws.send(`${isBinary ? 'binary' : 'text'}:${size}`);
    });
  },
  /** Sends the upgrade request's headers as JSON when the connection opens, then echoes. */
  '/headers': (ws, _query, request) => {
    ws.send(JSON.stringify(request.headers));
    echo(ws);
  },
  /** Echoes every message, then sends "bye" (the guide's client example closes on it). */
  '/bye': (ws) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      ws.send(data, { binary: isBinary });
      ws.send('bye');
    });
  },
  /**
   * Sends the subprotocols the page offered, as JSON, when the connection opens.
   * Which one it accepts is decided in handleProtocols (below).
   */
  '/protocol': (ws, _query, request) => {
    ws.send(JSON.stringify(offeredProtocols(request)));
    echo(ws);
  },
};

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return header === undefined ? [] : header.split(',').map((name) => name.trim());
}

/**
 * `/protocol` accepts the first offered subprotocol, `/protocol?none` none, and
 * `/protocol?pick=x` answers x even when it was not offered (a handshake a client
 * must refuse). Every other path accepts the first one, as ws does by default.
 */
function handleProtocols(protocols: Set<string>, request: IncomingMessage): string | false {
  const { pathname, searchParams } = new URL(request.url ?? '/', 'ws://upstream');
  if (pathname === '/protocol') {
    if (searchParams.has('none')) return false;
    const pick = searchParams.get('pick');
    if (pick !== null) return pick;
  }
  const [first] = protocols;
  return first ?? false;
}

/** Answers the upgrade request with a plain HTTP response instead of a 101. */
function refuseUpgrade(socket: Socket, status: number): void {
  const reason = STATUS_CODES[status] ?? 'Refused';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startUpstream(): Promise<Upstream> {
  const http = createServer((_request, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true, handleProtocols });
  const sockets = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'ws://upstream');
    if (pathname === '/refuse') {
      refuseUpgrade(socket, Number(searchParams.get('status') ?? '403'));
      return;
    }
    const behaviour = BEHAVIOURS[pathname];
    if (behaviour === undefined) {
      refuseUpgrade(socket, 404);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => behaviour(ws, searchParams, request));
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
