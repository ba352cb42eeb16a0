/**
 * The Node side of the server workloads (bench/server-bench.ts): a `ws` client of the
 * app's server in the page, with the same loops as the page's client on the mirror path
 * (bench/page/bench-page.ts): one size check and one counter per message, one send per
 * ping; a stream is sent as the bench ws server sends the mirror's (sendStream), and
 * ends at the server's "done". perMessageDeflate is off, as on every leg of the mirror.
 */
import WebSocket from 'ws';
import { sendStream } from './bench-ws-server.js';
import type { ServerKind } from './page/server-spec.js';

export interface NodeClientSpec {
  kind: ServerKind;
  url: string;
  size: number;
  chunkSize: number;
  /** The client's source address (a loopback one), so that no one client IP meets the device's limits (WS §6.2). */
  localAddress: string;
  timeoutMs: number;
}

export interface NodeClient {
  /** Does one chunk of work; resolves with its duration in ms. */
  chunk(): Promise<number>;
  /** Closes with 1000 and resolves once closed. */
  close(): Promise<void>;
}

/** Resolves once the client is open; anything that ends it early fails its chunk. */
export function openNodeClient(spec: NodeClientSpec): Promise<NodeClient> {
  const socket = new WebSocket(spec.url, { perMessageDeflate: false, localAddress: spec.localAddress, handshakeTimeout: spec.timeoutMs });
  const payload = Buffer.alloc(spec.size, 0x5a);
  let closing = false;
  /** What ended the client or broke a message, kept for the next chunk when it happens between chunks. */
  let broken: Error | undefined;
  let onBroken = (_error: Error): void => {};
  const fail = (error: Error): void => {
    broken ??= error;
    onBroken(error);
  };
  let done = (_ms: number): void => {};
  let remaining = 0;
  let start = 0;
  if (spec.kind === 'ping-pong') {
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary || data.length !== spec.size) return fail(new Error(`expected a ${spec.size}-byte binary message, got ${data.length} bytes`));
      if (--remaining > 0) socket.send(payload);
      else done(performance.now() - start);
    });
  } else {
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary || data.toString() !== 'done') return fail(new Error(`expected "done", got ${data.length} bytes`));
      done(performance.now() - start);
    });
  }
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return new Promise((resolveOpen, rejectOpen) => {
    socket.once('open', () => resolveOpen({ chunk, close }));
    socket.on('error', (error) => {
      rejectOpen(error);
      fail(error);
    });
    socket.on('close', (code, reason) => {
      const why = new Error(`the page's server closed the client (${code} ${reason.toString()})`);
      rejectOpen(why);
      if (!closing) fail(why);
    });
  });

  function chunk(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (broken !== undefined) return reject(broken);
      const timer = setTimeout(() => reject(new Error(`a server chunk did not finish within ${spec.timeoutMs} ms`)), spec.timeoutMs);
      done = (ms) => {
        clearTimeout(timer);
        resolve(ms);
      };
      onBroken = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      start = performance.now();
      if (spec.kind === 'ping-pong') {
        remaining = spec.chunkSize;
        socket.send(payload);
      } else sendStream(socket, payload, spec.chunkSize);
    });
  }

  async function close(): Promise<void> {
    closing = true;
    if (socket.readyState === WebSocket.OPEN) socket.close(1000);
    else if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
    await ended;
  }
}
