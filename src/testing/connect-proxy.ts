/**
 * A small HTTP CONNECT proxy on 127.0.0.1:0 that tunnels to loopback only and records
 * every CONNECT it is asked for (the preview's proxy, so the API reference's example
 * that names one runs with a real proxy hop; and a witness in the relay's tests that
 * no CONNECT for a refused target was ever sent).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ConnectProxy {
  host: string;
  port: number;
  /** Tunnels opened so far (the preview shows that the proxy was used). */
  readonly tunnels: number;
  /** The authority of every CONNECT request received, in order (`host:port`). */
  readonly requests: readonly string[];
  /** Client connections open right now. */
  readonly openClients: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<Duplex | Socket>();
  const requests: string[] = [];
  let openClients = 0;
  let tunnels = 0;
  const track = (socket: Duplex | Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((_request, response) => response.writeHead(405).end());
  server.on('connection', (socket: Socket) => {
    openClients++;
    socket.once('close', () => openClients--);
  });
  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    requests.push(request.url ?? '');
    track(client);
    client.on('error', () => client.destroy());
    const target = new URL(`http://${request.url ?? ''}`);
    if (!LOOPBACK.has(target.hostname) || target.port === '') {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(target.port), target.hostname.replace(/^\[|\]$/g, ''), () => {
      tunnels++;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    get tunnels() {
      return tunnels;
    },
    requests,
    get openClients() {
      return openClients;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
