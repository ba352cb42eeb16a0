import type { CorkableSocket } from './write-coalescer.js';

/** What writeAll needs of a socket (net.Socket, tls.TLSSocket, a Duplex). */
export interface WritableSocket extends CorkableSocket {
  write(data: Buffer, cb?: (error?: Error | null) => void): boolean;
}

/**
 * Writes `parts` to `socket` in one write (writev), whether or not a WriteCoalescer
 * holds the socket already; `cb` once the last part is handed to the kernel. For frames
 * that come framed already (frame-tap.ts), written beside the frames ws writes itself.
 */
export function writeAll(socket: WritableSocket, parts: Buffer[], cb: (error?: Error | null) => void): void {
  socket.cork();
  for (let i = 0; i < parts.length - 1; i++) socket.write(parts[i]!);
  socket.write(parts[parts.length - 1]!, cb);
  socket.uncork();
}
