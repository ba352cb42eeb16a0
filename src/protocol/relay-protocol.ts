import { GOING_AWAY, NORMAL_CLOSURE } from './close-codes.js';

/**
 * The relay protocol's leg: the wire contract between a page and the Node dev relay that
 * every operation of every namespace shares. Isomorphic: no DOM, no node:, no
 * dependencies. Both sides import it, so a change here is a change of the protocol: bump
 * RELAY_SUBPROTOCOL when it is incompatible. The operations themselves, their messages
 * and their steps are their namespace's (webSocket's: src/web-socket/core/relay-messages.ts);
 * the relay knows an operation only as its namespace registers it (src/relay/leg-operation.ts).
 *
 * One relay leg (a WebSocket from the page to the relay) carries exactly one
 * operation, named by the `op` of the page's first message (its request). Every leg
 * goes through steps 1 and 2; the operation's own steps follow (3 and on).
 *
 * 1. The page opens the leg with two subprotocols: RELAY_SUBPROTOCOL and
 *    `${TOKEN_PROTOCOL_PREFIX}<token>`. The token travels in the handshake, never in
 *    the URL, so it stays out of access logs. The relay answers with RELAY_SUBPROTOCOL
 *    only, and refuses the upgrade (401/403) before it completes when the token, the
 *    Origin or the Host is wrong.
 * 2. The page's first message is its request (LegRequest): a text frame of at most
 *    MAX_REQUEST_BYTES holding a JSON object whose string `op` names the operation; its
 *    other fields are the operation's. The relay refuses anything else (an unknown op,
 *    fields the operation cannot read), and a request that does not come within the
 *    relay's handshakeTimeoutMs, by closing the leg with policy violation (1008) and a
 *    reason; a fault of the relay itself closes it with internal error (1011), this leg
 *    only.
 *
 * After the request, the operation's: the relay's replies are JSON text frames whose
 * string `op` names them. The page reads each one as strictly as the relay reads the
 * page: a reply it does not know, or whose fields are not what the operation says, ends
 * the leg, and the page says why on its console. An operation that carries data then
 * passes application data frames with no envelope. The page's messages after the request
 * may be as large as the operation says (its page message limit), no larger: past it the
 * relay closes the leg with message too big (1009), as ws does.
 *
 * The end of a leg, whatever it carries:
 * - an operation that answers once (a refusal, a question answered) is followed by the
 *   relay closing the leg with normal closure (1000);
 * - a page ends a leg with a close code of 1000–1015 by putting encodeCloseCode(code) on
 *   it, since a browser may not send 1001–1015 itself (WHATWG close() takes 1000 and
 *   3000–4999 only); the relay reads it back with decodeCloseCode();
 * - a leg close with PAGE_GOING_AWAY (1001) is the browser's own: Chromium closes every
 *   WebSocket of a document that goes away with 1001 and no reason (a reload, which
 *   Vite's HMR does on every edit, a navigation, a removed frame, a closed tab, even a
 *   crashed renderer, whose sockets its network service closes), and app code cannot
 *   send it (encodeCloseCode never yields it, and WHATWG close() refuses it). The relay
 *   ends what the leg opened as the browser's own WebSocket would have in direct mode;
 * - any other leg close from the page that decodeCloseCode() does not know (no status, a
 *   drop: the browser itself died or the network went, 1006) means the page went away
 *   without a word: the relay drops what the leg opened, without a close frame;
 * - the relay terminates a leg without a close frame (the page sees 1006) when what it
 *   carries dropped, exactly like a crash of the relay itself.
 *
 * Why (the `why` a reply may carry, see Diagnosed): what the relay saw, for the
 * developer, e.g. "connect ECONNREFUSED 127.0.0.1:1234", a TLS error, "server answered
 * 403 instead of 101", a proxy's refusal, a certificate file missing in the sandbox, a
 * phase that timed out. The page hands it on a side channel (a `ohos-netkit:diagnostic`
 * event and a console.debug line), never to app code, whose events and errors are the
 * device's alone. It is one line (no CR, LF or other control character) of at most
 * MAX_WHY_CHARS characters, and never holds the relay's token or the contents of a file.
 * A target the outbound policy refuses is told as OUTBOUND_POLICY_REFUSAL and nothing
 * more: how the relay judged it (what a name resolves to, where a redirect pointed) is
 * the relay's to know. Optional: a relay may leave it out, and a page ignores a `why`
 * that is not a string.
 */

/** The subprotocol that names this protocol version. */
export const RELAY_SUBPROTOCOL = 'ohos-netkit.relay.v2';

/** Prefix of the subprotocol value that carries the relay's per-run token. */
export const TOKEN_PROTOCOL_PREFIX = 'ohos-netkit.token.';

/** Largest request the relay reads (step 2), in UTF-8 bytes. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Longest `why` of a reply, in UTF-16 code units (see Why above). */
export const MAX_WHY_CHARS = 300;

/** The whole `why` of a target the relay's outbound policy refuses. */
export const OUTBOUND_POLICY_REFUSAL = "refused by the relay's outbound policy";

/** page → relay: the first message of every leg (step 2); the operation's fields beside `op`. */
export interface LegRequest {
  readonly op: string;
}

/** What a reply that explains a failure carries besides its own fields (see Why). */
export interface Diagnosed {
  /** Why, for the developer; never part of the app's error or event. */
  why?: string;
}

/**
 * The close code a browser puts on every WebSocket of a page it unloads (going away,
 * RFC 6455 §7.4.1): on a leg, the page navigated away or reloaded (see The end of a leg).
 */
export const PAGE_GOING_AWAY = GOING_AWAY;

/**
 * Leg close codes for close codes 1001–1015, which a browser may not send (WHATWG
 * close() takes 1000 and 3000–4999 only). 1000 travels as itself. Only codes of
 * 1000–1015 ever travel page → relay this way, so this range cannot collide with an
 * application's own codes on a leg.
 */
export const LEG_CLOSE_CODE_BASE = 4000;

/** Close code (1000–1015) → code the page puts on the leg. */
export function encodeCloseCode(code: number): number {
  return code === NORMAL_CLOSURE ? NORMAL_CLOSURE : LEG_CLOSE_CODE_BASE + (code - NORMAL_CLOSURE);
}

/** Leg close code from the page → close code (1000–1015), or undefined when not one of ours. */
export function decodeCloseCode(legCode: number): number | undefined {
  if (legCode === NORMAL_CLOSURE) return NORMAL_CLOSURE;
  const code = legCode - LEG_CLOSE_CODE_BASE + NORMAL_CLOSURE;
  return code > NORMAL_CLOSURE && code <= 1015 ? code : undefined;
}
