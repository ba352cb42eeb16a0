import { utf8Truncate } from '../../core/utf8-truncate.js';
import type { RelayAddress } from '../../page-relay/open-relay-leg.js';
import { reportUnexpectedReply } from '../../page-relay/report-unexpected-reply.js';
import { encodeCloseCode } from '../../protocol/relay-protocol.js';
import { MAX_CLOSE_REASON_BYTES } from '../core/device-limits.js';

/**
 * The page's end of a webSocket leg to the dev relay (relay-protocol.ts), as every leg of
 * the page has it, a client's or a server's, once open (src/page-relay/open-relay-leg.ts
 * opens it as every namespace's): how a reply the page cannot read ends it and how the
 * page ends it (how its end reaches the app: wire-ending.ts).
 */

/**
 * A reply the page cannot read (relay-replies.ts: not one the leg expects, or not of its
 * shape): the leg ends, said on the console (reportUnexpectedReply): `what` says whose
 * leg, `problem` what was wrong.
 */
export function endOnUnexpectedReply(leg: WebSocket, relay: RelayAddress, what: string, problem: string): void {
  reportUnexpectedReply(relay, problem, `closing ${what}`);
  leg.close();
}

/** Ends the leg with the app's code, carried so the relay puts it on the wire exactly (encodeCloseCode). */
export function closeRelayLeg(leg: WebSocket, code: number, reason: string): void {
  leg.close(encodeCloseCode(code), utf8Truncate(reason, MAX_CLOSE_REASON_BYTES));
}
