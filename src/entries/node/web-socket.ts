import { KitWebSocket } from '../../web-socket/core/kit-web-socket.js';
import { TlsProtocol } from '../../web-socket/core/tls-protocol.js';
import type { WebSocketNamespaceShape } from '../../web-socket/core/namespace-shape.js';
import { KitWebSocketServer } from '../../web-socket/core/kit-web-socket-server.js';
import { nodeServerWire } from '../../web-socket/node/node-server-wire.js';
import { connectNode } from '../../web-socket/node/node-transport.js';

/** Every connection is made in-process with ws: every device option is honoured, so there is nothing to warn about. */
const chooseNodeConnector = () => connectNode;

/**
 * Node's `webSocket` namespace of `@kit.NetworkKit` / `@ohos.net.webSocket`: the same
 * clients as the browser's, connected in-process (node-transport.ts), no relay.
 */
export const webSocket = Object.freeze({
  /** A new, independent client. */
  createWebSocket: (): KitWebSocket => new KitWebSocket(chooseNodeConnector),
  /** A new server object (API 19), listening in-process with ws (node-server-wire.ts). */
  createWebSocketServer: (): KitWebSocketServer => new KitWebSocketServer(async () => nodeServerWire),
  TlsProtocol,
}) satisfies WebSocketNamespaceShape;
