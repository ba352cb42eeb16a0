import { ABNORMAL_CLOSURE, NO_STATUS_RECEIVED, TLS_HANDSHAKE } from '../../protocol/close-codes.js';

/** Where the end of an open connection goes, in the wire's terms (TransportEvents, ServerWireEvents). */
export interface WireEnding {
  onDrop(): void;
  onClose(code: number | undefined, reason: string): void;
}

/**
 * The close event of an open WebSocket of the page, its own connection's or a relay
 * leg's (onto which the relay mirrors the far end's ending, relay-messages.ts connect
 * step 5), as the wire's ending: 1006, and 1015 (a failed TLS handshake, which only the
 * browser itself reports), is a drop; 1005 is a close frame without a status; any other
 * code is the peer's own.
 */
export function passEnding({ code, reason }: { code: number; reason: string }, to: WireEnding): void {
  if (code === ABNORMAL_CLOSURE || code === TLS_HANDSHAKE) to.onDrop();
  else to.onClose(code === NO_STATUS_RECEIVED ? undefined : code, reason);
}
