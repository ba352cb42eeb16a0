import { KitWebSocket } from './kit-web-socket.js';
import { KitWebSocketServer } from '../server/kit-web-socket-server.js';
import type { webSocket as WebSocketNamespace } from '../../types/web-socket.js';

/** OH §1.1: the module installs TlsProtocol as a plain object. */
const TlsProtocol = Object.freeze({ TLS_V_1_0: 0, TLS_V_1_1: 1, TLS_V_1_2: 2, TLS_V_1_3: 3 } as const);

/**
 * The `webSocket` namespace of `@kit.NetworkKit` / `@ohos.net.webSocket`. Unlike the
 * device (OH §1.1) it installs nothing on the global object.
 */
export const webSocket = Object.freeze({
  /** A new, independent client. */
  createWebSocket(): KitWebSocket {
    return new KitWebSocket();
  },
  /** A new server object (API 19). */
  createWebSocketServer(): KitWebSocketServer {
    return new KitWebSocketServer();
  },
  TlsProtocol,
}) satisfies Pick<typeof WebSocketNamespace, 'createWebSocket' | 'createWebSocketServer'> & {
  TlsProtocol: Readonly<Record<keyof typeof WebSocketNamespace.TlsProtocol, number>>;
};
