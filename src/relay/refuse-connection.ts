import type { Socket } from 'node:net';
import { httpRefusal, REFUSED_LINGER_MS, RETRY_AFTER_SECONDS } from './refuse-upgrade.js';

/**
 * Turns a connection away before its request has been read: 503 with Retry-After and
 * `Connection: close`, then the end of the relay's side. The client is still sending
 * its request meanwhile, so the socket keeps reading (and dropping) what comes until the
 * client closes its side, or REFUSED_LINGER_MS at most: closing a socket with unread
 * bytes in it makes the kernel send a reset, and a reset can throw away the answer
 * before the client has read it, which is the bare "socket hang up" this avoids.
 */
export function refuseConnection(socket: Socket, reason: string): void {
  socket.on('error', () => {});
  const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
  socket.once('end', () => socket.destroy());
  socket.resume();
  socket.end(httpRefusal(503, reason, { retryAfterSeconds: RETRY_AFTER_SECONDS }));
}
