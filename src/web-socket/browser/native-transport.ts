import type { Connector, Transport, TransportEvents } from '../core/transport.js';
import { MAX_CLOSE_REASON_BYTES } from '../core/device-limits.js';
import { NORMAL_CLOSURE } from '../../protocol/close-codes.js';
import { passEnding } from './wire-ending.js';

/**
 * Direct mode: the connection is the browser's own WebSocket.
 *
 * `globalThis.WebSocket` is read when a connection opens, not when this module
 * loads, so test tools that replace it (mock-socket, Playwright's routeWebSocket)
 * see our traffic.
 */
export const connectNative: Connector = async ({ url, options }, events) => {
  // WS §5: the one option a page's WebSocket takes (a string: option-checks.ts ruled out anything else).
  const protocols = typeof options.protocol === 'string' ? splitProtocols(options.protocol) : [];
  let socket: WebSocket;
  try {
    socket = new globalThis.WebSocket(url, protocols);
  } catch {
    // WS §4: the device sends what it is given, so a URL or subprotocol the browser
    // refuses still "connects" (connect() resolves) and then fails as an unreachable
    // server does. On a later task: the app hears connect's result first, as on the device.
    setTimeout(() => events.onFailure('0'), 0);
    return CLOSED_TRANSPORT;
  }
  return new NativeTransport(socket, events);
};

/** `protocol: "a, b"` offers two subprotocols, as the header value does on the device (WS §5). */
function splitProtocols(protocol: string): string[] {
  return protocol
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

const CLOSED_TRANSPORT: Transport = { send() {}, close() {}, stop() {} };

class NativeTransport implements Transport {
  readonly #socket: WebSocket;
  readonly #events: TransportEvents;
  #opened = false;

  constructor(socket: WebSocket, events: TransportEvents) {
    this.#socket = socket;
    this.#events = events;
    // Blob delivery is ~5× slower for small messages, and the device hands out ArrayBuffers.
    socket.binaryType = 'arraybuffer';
    // addEventListener, never the onX properties: app code could overwrite those.
    socket.addEventListener('open', this.#onNativeOpen);
    socket.addEventListener('message', this.#onNativeMessage);
    socket.addEventListener('close', this.#onNativeClose);
  }

  send(data: string | ArrayBuffer): void {
    this.#socket.send(data);
  }

  close(_code: number, reason: string): void {
    // Browsers may only send 1000 or 3000–4999 (WHATWG close()): device codes 1001–1015 travel as 1000.
    // WS §4: lws cuts the reason at 123 UTF-8 bytes on the wire (a browser refuses a longer
    // one). Only a reason that may be longer needs the cut, which loads for it.
    if (reason.length * 3 <= MAX_CLOSE_REASON_BYTES) this.#socket.close(NORMAL_CLOSURE, reason);
    else
      void import('../../core/utf8-truncate.js').then(({ utf8Truncate }) =>
        this.#socket.close(NORMAL_CLOSURE, utf8Truncate(reason, MAX_CLOSE_REASON_BYTES)),
      );
  }

  /**
   * WS §4 "GC": the device drops the connection; a page's WebSocket can only close, so the
   * server gets a close frame without a status (README, Differences from the device).
   */
  stop(): void {
    this.#socket.close();
  }

  #onNativeOpen = (): void => {
    this.#opened = true;
    // Browser: the status line and response headers are hidden from pages; a 101 is
    // the only status a WebSocket can open with.
    this.#events.onOpen({ status: 101, message: 'Switching Protocols', protocol: this.#socket.protocol, headers: undefined });
  };

  #onNativeMessage = (event: MessageEvent): void => {
    this.#events.onMessage(event.data as string | ArrayBuffer);
  };

  #onNativeClose = (event: CloseEvent): void => {
    const socket = this.#socket;
    socket.removeEventListener('open', this.#onNativeOpen);
    socket.removeEventListener('message', this.#onNativeMessage);
    socket.removeEventListener('close', this.#onNativeClose);
    if (!this.#opened) this.#events.onFailure('0');
    else passEnding(event, this.#events);
  };
}
