/**
 * An echo server whose 101 answer carries one custom header, `X-Relay-Test: <value>`,
 * and which remembers the Sec-WebSocket-Accept of every answer it sent: the relay e2e
 * specs compare headerReceive with exactly what went on the wire. (The relay's own
 * upstream server adds only doubled headers, whose joining the device leaves open, WS §10.)
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export const CUSTOM_HEADER_VALUE = 'from the upstream';

export interface HeaderUpstream {
  /** `ws://127.0.0.1:<port>`, without a path (every path echoes). */
  readonly origin: string;
  /** The Sec-WebSocket-Accept value of each 101 sent, in order. */
  readonly accepts: readonly string[];
  close(): Promise<void>;
}

export async function startHeaderUpstream(): Promise<HeaderUpstream> {
  const http = createServer((_request, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const accepts: string[] = [];
  const sockets = new Set<Socket>();
  wss.on('headers', (headers: string[]) => {
    const accept = headers.find((line) => line.toLowerCase().startsWith('sec-websocket-accept:'));
    if (accept !== undefined) accepts.push(accept.slice(accept.indexOf(':') + 1).trim());
    headers.push(`X-Relay-Test: ${CUSTOM_HEADER_VALUE}`);
  });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {});
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      ws.on('error', () => {});
      ws.on('message', (data: RawData, isBinary: boolean) => ws.send(data, { binary: isBinary }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `ws://127.0.0.1:${port}`,
    accepts,
    async close() {
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
