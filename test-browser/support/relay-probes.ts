/**
 * The Node side of a relay e2e test: what arrived at an upstream server or at
 * tinyproxy. Every wait is bounded and, but for tinyproxy's log, driven by the
 * server's own events. Probes pick out a test's own traffic by a marker in the request
 * URL where they can, because the worker's servers outlive a test (a previous test's
 * connections may still be ending).
 */
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import type { Tinyproxy } from '../../src/testing/tinyproxy.js';
import type { UpstreamServer } from '../../src/testing/upstream-server.js';
import { within } from '../../src/testing/within.js';

const DEFAULT_TIMEOUT_MS = 5000;

let markers = 0;

/** A marker unique to this call within the worker, for a query string (`?t=<marker>`). */
export function uniqueMarker(): string {
  markers += 1;
  return `m${process.pid}-${markers}`;
}

export interface ReceivedMessage {
  isBinary: boolean;
  data: Buffer;
}

export interface UpstreamConnection {
  /** The server side of the connection. */
  ws: WebSocket;
  request: IncomingMessage;
  /** Every message the server received on it, in order, from its first one. */
  messages: ReceivedMessage[];
}

/**
 * Resolves with the next connection whose request URL contains `marker`. Call it
 * before the page connects: events are not replayed.
 */
export function upstreamConnection(upstream: UpstreamServer, marker: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<UpstreamConnection> {
  let onConnection: (ws: WebSocket, request: IncomingMessage) => void = () => {};
  const found = new Promise<UpstreamConnection>((resolve) => {
    onConnection = (ws, request) => {
      if (!(request.url ?? '').includes(marker)) return;
      // Listening from the 'connection' event itself: no message can come before it.
      const messages: ReceivedMessage[] = [];
      ws.on('message', (data, isBinary) =>
        messages.push({ isBinary, data: Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data as ArrayBuffer)]) }),
      );
      resolve({ ws, request, messages });
    };
    upstream.on('connection', onConnection);
  });
  return within(found, timeoutMs, `an upstream connection for ${marker}`).finally(() => upstream.off('connection', onConnection));
}

/**
 * Resolves with the next close frame the upstream reads off the wire on a `/raw-close`
 * connection, exactly as sent (upstream-server.ts reports it whatever ws thinks of the code).
 */
export function nextRawClose(upstream: UpstreamServer, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number | undefined; reason: string }> {
  let onClose: (frame: { code: number | undefined; reason: string }) => void = () => {};
  const frame = new Promise<{ code: number | undefined; reason: string }>((resolve) => {
    onClose = resolve;
    upstream.once('raw-close', onClose);
  });
  return within(frame, timeoutMs, "the upstream's 'raw-close'").finally(() => upstream.off('raw-close', onClose));
}

/**
 * Resolves once tinyproxy has logged `count` CONNECT requests after the first `since`
 * ones, with those requests (`host:port`). tinyproxy reports through a pipe, so its log
 * may trail the page by a moment: this waits on the log rather than reading it once.
 */
export async function connectsSince(proxy: Tinyproxy, since: number, count: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (proxy.connects.length < since + count) {
    if (Date.now() > deadline)
      throw new Error(`tinyproxy logged ${proxy.connects.length - since} of ${count} CONNECT requests in ${timeoutMs} ms; log:\n${proxy.log}`);
    // Its stdout is the only signal tinyproxy gives: wait for the next turn of the event loop that may carry it.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return proxy.connects.slice(since);
}
