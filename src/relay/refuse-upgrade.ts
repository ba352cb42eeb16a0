import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * How long a client turned away for being one too many is asked to wait (Retry-After):
 * legs and waiting sockets come and go within that, and a page that retries sooner only
 * meets the same answer.
 */
export const RETRY_AFTER_SECONDS = 1;

/** How long a refused connection is given to read its answer and go, before it is closed anyway. */
export const REFUSED_LINGER_MS = 1000;

/** What a refusal may add to its status and reason. */
export interface RefusalOptions {
  /** Sent as Retry-After: the refusal is for now (503), not for good. */
  readonly retryAfterSeconds?: number;
}

/**
 * Answers an upgrade request with a plain HTTP error and closes the socket, before any
 * WebSocket handshake happens. The body says why: the page's JavaScript cannot read
 * it (browsers hide failed handshakes), but a developer looking at the network panel can.
 */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, options: RefusalOptions = {}): void {
  if (socket.destroyed) return;
  // Destroy once the answer is flushed, as ws does for its own refusals; a client
  // that does not read does not get to keep the socket open.
  socket.once('finish', () => socket.destroy());
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  socket.end(httpRefusal(status, reason, options));
}

/** A complete HTTP/1.1 answer that refuses and closes: status line, headers, a one-line body. */
export function httpRefusal(status: number, reason: string, options: RefusalOptions = {}): string {
  const body = `${reason}\n`;
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Connection: close\r\n' +
    (options.retryAfterSeconds === undefined ? '' : `Retry-After: ${options.retryAfterSeconds}\r\n`) +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    '\r\n' +
    body
  );
}
