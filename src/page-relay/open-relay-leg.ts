import type { NetkitConfig } from '../core/netkit-config.js';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/relay-protocol.js';

export type RelayAddress = NonNullable<NetkitConfig['relay']>;

/** What opens a leg: the page's WebSocket, or (in Node tests, where Node 20 has none) one handed in. */
export type LegSocketConstructor = new (url: string, protocols: string[]) => WebSocket;

/**
 * Opens a leg to the dev relay (relay-protocol.ts step 1), a leg of any namespace: the
 * token goes as a subprotocol, since a page cannot set headers on a WebSocket. Binary
 * messages arrive as ArrayBuffers. `Socket` is read at the call, so a test tool that
 * replaces the page's WebSocket is seen. Throws as `new WebSocket` does.
 */
export function openRelayLeg(relay: RelayAddress, Socket: LegSocketConstructor = globalThis.WebSocket): WebSocket {
  const leg = new Socket(relay.url, [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${relay.token}`]);
  leg.binaryType = 'arraybuffer';
  return leg;
}
