import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';

/** A request as it arrived, byte for byte. */
export interface RawRequest {
  /** The request line and header lines, as sent (without the blank line). */
  readonly head: string;
  readonly body: Buffer;
}

/**
 * A bare TCP server on 127.0.0.1:0 that reads HTTP/1.1 requests itself, for what
 * Node's HTTP parser will not take or hides: methods in lower case or of any name
 * ("get", "PURGE"), header lines exactly as written. Each request (its head, and a body
 * of its Content-Length) is announced as 'request' and answered with `reply`.
 */
export interface RawHttpServer extends EventEmitter {
  readonly origin: string;
  readonly port: number;
  readonly requests: readonly RawRequest[];
  close(): Promise<void>;
}

export async function startRawHttpServer(
  reply = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok',
): Promise<RawHttpServer> {
  const events = new EventEmitter();
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const request: RawRequest = { head, body: Buffer.from(buffered.subarray(end + 4, end + 4 + length)) };
        buffered = buffered.subarray(end + 4 + length);
        requests.push(request);
        events.emit('request', request);
        socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.defineProperties(events, {
    origin: { value: `http://127.0.0.1:${port}` },
    port: { value: port },
    requests: { value: requests },
    close: {
      value: async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      },
    },
  }) as RawHttpServer;
}
