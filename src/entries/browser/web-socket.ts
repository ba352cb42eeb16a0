import { KitWebSocketServer } from '../../web-socket/core/kit-web-socket-server.js';
import { chooseConnector } from '../../web-socket/browser/choose-connector.js';
import { KitWebSocket } from '../../web-socket/core/kit-web-socket.js';
import { TlsProtocol } from '../../web-socket/core/tls-protocol.js';
import type { WebSocketNamespaceShape } from '../../web-socket/core/namespace-shape.js';

/** A page's way to listen (through the dev relay), loaded with a server's first start(). */
const loadPageServerWire = async () => (await import('../../web-socket/browser/page-server-wire.js')).pageServerWire;

/**
 * The browser's `webSocket` namespace of `@kit.NetworkKit` / `@ohos.net.webSocket`: its
 * clients connect through the page's own WebSocket or the dev relay (choose-connector.ts).
 * Unlike the device (WS §1.1) it installs nothing on the global object.
 */
export const webSocket = Object.freeze({
  /** A new, independent client. */
  createWebSocket: (): KitWebSocket => new KitWebSocket(chooseConnector),
  /** A new server object (API 19). */
  createWebSocketServer: (): KitWebSocketServer => new KitWebSocketServer(loadPageServerWire),
  TlsProtocol,
}) satisfies WebSocketNamespaceShape;
