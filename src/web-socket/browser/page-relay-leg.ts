import type { NetkitConfig } from '../../core/netkit-config.js';
import { utf8Truncate } from '../../core/utf8-truncate.js';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, encodeCloseCode } from '../../protocol/relay-protocol.js';

/**
 * The page's end of a leg to the dev relay (relay-protocol.ts), as every leg of the page
 * has it, a client's or a server's: how it opens, how the relay's control messages are
 * read, how the page ends it and how its end reaches the app.
 */

export type RelayAddress = NonNullable<NetkitConfig['relay']>;

const NO_STATUS_RECEIVED = 1005;
const ABNORMAL_CLOSURE = 1006;
const MAX_CLOSE_REASON_BYTES = 123;

/** The token goes as a subprotocol: a page cannot set headers on a WebSocket. Throws as `new WebSocket` does. */
export function openRelayLeg(relay: RelayAddress): WebSocket {
  const leg = new globalThis.WebSocket(relay.url, [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${relay.token}`]);
  leg.binaryType = 'arraybuffer';
  return leg;
}

/** A control message of the relay (JSON text), or undefined for anything else. */
export function parseControl(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the leg with the app's code, carried so the relay puts it on the wire exactly (encodeCloseCode). */
export function closeRelayLeg(leg: WebSocket, code: number, reason: string): void {
  leg.close(encodeCloseCode(code), utf8Truncate(reason, MAX_CLOSE_REASON_BYTES));
}

/** The relay mirrors the far end's ending onto an open leg: 1006 is a drop, 1005 a close without a code. */
export function passLegEnding(
  { code, reason }: { code: number; reason: string },
  to: { onDrop(): void; onClose(code: number | undefined, reason: string): void },
): void {
  if (code === ABNORMAL_CLOSURE) to.onDrop();
  else to.onClose(code === NO_STATUS_RECEIVED ? undefined : code, reason);
}
