import { positive } from '../../relay/relay-options.js';

/** How the relay listens for the app's servers. */
export interface RelayServerOptions {
  /**
   * The port bound for the app's `serverPort`: 'free' picks a free one for every
   * server, a map names one per app port (0 = a free one). Ports below 1024 are never
   * bound (start() fails with 2302007). A client in a page through this relay that
   * connects to loopback on the app's port reaches the server wherever it listens;
   * `relay.whenListening(appPort)` tells others.
   * @default the app's own port
   */
  ports?: 'free' | Readonly<Record<number, number>>;
  /**
   * Bind servers on loopback only (127.0.0.1, ::1 for an IPv6 serverIP), whatever the
   * app's serverIP says. false binds what the app asks (every interface for an empty
   * serverIP), with a warning: other machines can then reach the app's server.
   * @default true
   */
  loopbackOnly?: boolean;
  /** Servers one page may have listening at once. @default 4 */
  maxPerPage?: number;
  /** Servers listening at once, every page together. @default 16 */
  max?: number;
}

/** webSocket's options of a relay (part of RelayOptions). */
export interface WebSocketRelayOptions {
  /** The app's WebSocketServers the relay listens for (webSocket.createWebSocketServer().start() in a page). */
  servers?: RelayServerOptions;
}

/** RelayServerOptions with every default applied and checked. */
export type ResolvedServerOptions = Required<RelayServerOptions>;

/** Applies the defaults; throws, as the relay's own options do, with code RELAY_ERR_BAD_OPTIONS on a bad one. */
export function resolveServerOptions(servers: RelayServerOptions = {}): ResolvedServerOptions {
  return {
    ports: servers.ports ?? {},
    loopbackOnly: servers.loopbackOnly ?? true,
    maxPerPage: positive('servers.maxPerPage', servers.maxPerPage, 4),
    max: positive('servers.max', servers.max, 16),
  };
}
