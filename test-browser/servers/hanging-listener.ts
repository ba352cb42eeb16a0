/**
 * A TCP listener that accepts connections and never says a word: a WebSocket
 * handshake to it hangs in CONNECTING, and a proxy address pointing at it would
 * show up in `connections()` if anything ever contacted it.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface HangingListener {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  host: string;
  port: number;
  /** How many TCP connections it has accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startHangingListener(): Promise<HangingListener> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
