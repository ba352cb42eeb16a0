import type { webSocket as WebSocketNamespace } from '../../../types/web-socket.js';

/**
 * What every build's `webSocket` namespace (browser, Node) provides, checked with
 * `satisfies` against the public types.
 */
export type WebSocketNamespaceShape = Pick<typeof WebSocketNamespace, 'createWebSocket' | 'createWebSocketServer'> & {
  TlsProtocol: Readonly<Record<keyof typeof WebSocketNamespace.TlsProtocol, number>>;
};
