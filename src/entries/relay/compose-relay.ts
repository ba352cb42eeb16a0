// Which namespaces a relay carries, and what that makes of its public face: the relay
// itself (src/relay) knows none of them; here each gets its room in it (its operations,
// its state) and adds its options and fields to the relay's. The public entry
// (ohos-netkit/relay), the command, the plugin and the Playwright fixture all start
// their relays here. Today: webSocket and http.
import { HttpRelayRoom } from '../../http/relay/http-room.js';
import type { Resolver } from '../../net/outbound-policy.js';
import { createRelayWith, type RelayBase } from '../../relay/create-relay.js';
import { resolveRelayOptions, type RelayBaseOptions, type ResolvedRelayOptions } from '../../relay/relay-options.js';
import { startRelayWith as startRelayWithRooms, type RelayServerBase } from '../../relay/start-relay.js';
import { resolveServerOptions, type WebSocketRelayOptions } from '../../web-socket/relay/server-options.js';
import { WEB_SOCKET_RELAY_DEFAULTS, WebSocketRelayRoom, type WebSocketRelayFields } from '../../web-socket/relay/web-socket-room.js';

/** Options of createRelay() and startRelay(). Every one is optional. */
export interface RelayOptions extends RelayBaseOptions, WebSocketRelayOptions {}

/**
 * The relay without a listening socket of its own: mount it on any HTTP(S) server's
 * upgrade path (a dev server's, for example) with attach() or handleUpgrade().
 */
export interface Relay extends RelayBase, WebSocketRelayFields {}

/** A relay with its own HTTP server. */
export interface RelayServer extends RelayServerBase, WebSocketRelayFields {}

/** The relay's settings, with the defaults its namespaces ask for. @internal exported for its test. */
export function relaySettings(options: RelayOptions | undefined): ResolvedRelayOptions {
  return resolveRelayOptions(options, WEB_SOCKET_RELAY_DEFAULTS);
}

/** The rooms of the namespaces a relay carries, made from its settings (createRelayWith's openRooms). */
function roomsFor(options: RelayOptions | undefined): (settings: ResolvedRelayOptions) => readonly [WebSocketRelayRoom, HttpRelayRoom] {
  // Checked now, with the relay's own options: a bad one throws before anything starts.
  const servers = resolveServerOptions(options?.servers);
  return (settings) => [new WebSocketRelayRoom(settings, servers), new HttpRelayRoom()];
}

/** `relay` with webSocket's fields, read from its room. */
function withWebSocket<Base extends RelayBase>(relay: Base, room: WebSocketRelayRoom): Base & WebSocketRelayFields {
  return Object.defineProperties(relay, {
    servers: { get: () => room.servers, enumerable: true },
    whenListening: { value: (appPort: number) => room.whenListening(appPort), enumerable: true },
  }) as Base & WebSocketRelayFields;
}

/** Creates a relay to mount on an existing server (see Relay). */
export function createRelay(options?: RelayOptions): Relay {
  const settings = relaySettings(options);
  const {
    relay,
    rooms: [webSocket],
  } = createRelayWith(settings, roomsFor(options), () => []);
  return withWebSocket(relay, webSocket);
}

/**
 * Starts the dev relay on its own HTTP server, by default on 127.0.0.1 and a free port.
 * Resolves once it listens; rejects when it cannot (EADDRINUSE, a bad option).
 */
export function startRelay(options?: RelayOptions): Promise<RelayServer> {
  return startRelayWith(options);
}

/** @internal startRelay with a resolver of the test's choosing (see createRelayWith). */
export async function startRelayWith(options?: RelayOptions, resolver?: Resolver): Promise<RelayServer> {
  const settings = relaySettings(options);
  const {
    relay,
    rooms: [webSocket],
  } = await startRelayWithRooms(settings, roomsFor(options), resolver);
  return withWebSocket(relay, webSocket);
}
