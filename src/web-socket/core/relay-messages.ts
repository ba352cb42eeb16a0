import type { Diagnosed } from '../../protocol/relay-protocol.js';
import type { ConnectOptions } from './request-options.js';

/**
 * webSocket's operations on the dev relay's legs, and their messages: the page's relay
 * transport and server wire (src/web-socket/browser) speak them, the relay's webSocket
 * operations (src/web-socket/relay) answer them. Isomorphic. Every leg first goes through
 * the steps every operation shares (src/protocol/relay-protocol.ts: the subprotocols and
 * the token, step 1; the request, step 2; the end of a leg, Why); the steps below follow.
 * A change here is a change of the protocol: bump RELAY_SUBPROTOCOL when it is incompatible.
 *
 * The operations:
 * - `connect`: one device connection (webSocket.createWebSocket().connect()), below;
 * - `listen` and `accept`: a WebSocketServer of the app, listening in the relay (below);
 * - `files` (FilesRequest): whether the certificate files a connect would name are
 *   missing in the relay's sandbox, answered once (FilesReply), then the relay closes
 *   the leg with 1000. The device checks them before a connection's state and URL
 *   (WS §4), so a connect that is refused for one of those asks first.
 *
 * The page's messages after the request are at most the device's send limit (WS §4), on
 * every one of these legs.
 *
 * `connect` (ConnectRequest):
 *
 * 3. The relay answers with text frames holding ConnectReply messages (JSON):
 *    `accepted` (local checks passed: connect() resolves) or `rejected` (connect()
 *    rejects with that code), then `opened` or `failed`. After `rejected` or `failed`
 *    the relay closes the leg with 1000. handshakeTimeoutMs bounds the way from the
 *    upgrade to `opened` or `failed`. `rejected` and `failed` carry the relay's reason
 *    in `why` (relay-protocol.ts, Why): for the developer, on a side channel, never for
 *    the app.
 * 4. After `opened` there is no envelope at all: every frame in either direction is
 *    application data, text as text and binary as binary.
 * 5. The end of the connection is the end of the leg:
 *    - the page closes the leg with encodeCloseCode(code) and the reason; the relay
 *      closes upstream with the device code (1000–1015) and that reason;
 *    - the relay closes the leg with the upstream's own close code and reason, or with
 *      no status when upstream sent none (the page sees 1005);
 *    - an upstream drop or a missed pong makes the relay terminate the leg without a
 *      close frame (the page sees 1006), exactly like a crash of the relay itself,
 *      because on the device both are the same thing: a drop;
 *    - when the relay itself ends the upstream on a protocol error, the leg closes with
 *      1002 for an invalid server close code (lws rewrites it so) and with 1009/1008
 *      for the relay's own limits (maxReceiveBytes); other protocol errors are drops;
 *    - a leg close with PAGE_GOING_AWAY (1001, the browser's own as the page goes away):
 *      the relay closes the upstream with 1001 and an empty reason, exactly what the
 *      browser's own WebSocket sends its server in direct mode;
 *    - any other leg close from the page that decodeCloseCode() does not know (no
 *      status, a drop: the browser itself died or the network went, 1006) means the app
 *      went away without a word: the relay drops the upstream connection without a
 *      close frame, as the server of a device app that dies sees its TCP connection end.
 *
 * `listen` (ListenRequest): the app's server (webSocket.createWebSocketServer().start()).
 *
 * 3. The relay binds the app's serverIP/serverPort (as its `servers` option allows and
 *    maps them) and answers `listening` (ListeningReply: the server's id, and where it
 *    really listens), or `listen-failed` (ListenFailedReply: start() rejects with that
 *    code, `why` says why) and closes the leg with 1000.
 * 4. Then the relay holds each client's valid upgrade request without answering it, and
 *    reports it as `connection` (ConnectionNotice: "ip:port"): the page's server decides
 *    on it (WS §6.2, the device's admission, is the page's). To turn it away the page
 *    sends `refuse` (RefuseRequest) and the relay hangs up on the client (no 101, as the
 *    device refuses a handshake); a `refuse` for a client no longer waiting is ignored.
 *    To let it in the page opens an `accept` leg for it, and the relay completes the
 *    upgrade (the 101) only when that leg's request arrives, so the page's server knows
 *    the client before the client knows it is connected. A handshake that ends while it
 *    waits (the client left, or neither `accept` nor `refuse` came within the relay's
 *    handshakeTimeoutMs) is hung up on and reported as `gone` (GoneNotice): the page
 *    opens no accept leg for it (an `accept` already on its way gets 1008). A relay
 *    bounds how many handshakes may wait per server; past that it hangs up on a newcomer
 *    at once, and says so in its log only.
 * 5. The page sends `stop` (StopRequest): the relay closes every client with 1001
 *    "server is going away", hangs up on every waiting handshake, gives the port back,
 *    answers `stopped` and closes the leg with 1000. A leg close with PAGE_GOING_AWAY
 *    (the page navigated away or reloaded) closes every client with 1001 and an empty
 *    reason, what the browser sends for every WebSocket of a page it unloads (the page's
 *    end of each client is one of them, its accept leg), and gives the port back. Any
 *    other end of the leg (a drop, the app's server ended at once: SERVER_ENDED_AT_ONCE)
 *    drops every client without a close frame and gives the port back. The page sends
 *    nothing but `stop` and `refuse` on this leg: anything else closes it with 1008.
 *
 * `accept` (AcceptRequest): one client of a listening server, on a leg of its own, so
 * that one slow client never holds up another.
 *
 * 3. The relay completes the client's waiting handshake (its 101) and answers `accepted`
 *    (AcceptedReply). A server it does not know, a client whose handshake is not waiting
 *    (gone, refused, accepted already), or a client past the limits the page's listen
 *    request named (maxConcurrentClientsNumber × maxConnectionsForOneClient clients at
 *    once, which a page's admission never passes) gets 1008.
 * 4. Then every frame is application data, as after a connect's `opened`: the client's
 *    messages to the page, the page's to the client.
 * 5. The end of the client is the end of the leg, with the rules of connect's step 5:
 *    the page closes the leg with encodeCloseCode(code) and the reason, and the relay
 *    closes the client with the device code; the relay closes the leg with the client's
 *    code and reason (no status: the page sees 1005), or drops it (1006) when the
 *    client dropped. A leg close with PAGE_GOING_AWAY closes the client with 1001 and an
 *    empty reason; any other end of the leg from the page (a drop) drops the client.
 */

/** The longest id a message carries: a page's, a server's (the relay makes 32 hex digits), a client's "ip:port". */
export const MAX_ID_CHARS = 64;

/** The longest address a message names (an IPv6 address has 45 characters). */
export const MAX_ADDRESS_CHARS = 64;

/**
 * The page ends its server at once (the WS §6.3 quirk): a close code on the listen leg
 * that decodeCloseCode() does not know, so the relay drops every client (`listen` step 5).
 */
export const SERVER_ENDED_AT_ONCE = 4999;

/** page → relay, the first and only control message. */
export interface ConnectRequest {
  op: 'connect';
  url: string;
  options: ConnectOptions;
}

/** relay → page: the request passed the relay's checks; the upstream connection is being opened. */
export interface AcceptedReply {
  op: 'accepted';
}

/** relay → page: the request was refused before any upstream traffic (connect() rejects with this). */
export interface RejectedReply extends Diagnosed {
  op: 'rejected';
  code: number;
  message: string;
}

/** relay → page: the upstream handshake completed. */
export interface OpenedReply {
  op: 'opened';
  status: number;
  message: string;
  /** Negotiated subprotocol; absent when the server chose none. */
  protocol?: string;
  /** Response headers: lower-case names, single string values. */
  headers: Record<string, string>;
}

/** relay → page: the upstream connection failed before it opened (DNS, TCP, TLS, proxy, non-101). */
export interface FailedReply extends Diagnosed {
  op: 'failed';
  /**
   * HTTP status of a refused upgrade as a decimal string, "0" when there was none,
   * "101" when a 101 response failed validation (a subprotocol that was not offered, a
   * bad accept), as lws reports it.
   */
  status: string;
}

/** What the relay answers on a connect leg (step 3). */
export type ConnectReply = AcceptedReply | RejectedReply | OpenedReply | FailedReply;

/** page → relay: the app's WebSocketServer config (WS §6.1, already checked by the page). */
export interface ListenRequest {
  op: 'listen';
  config: { serverIP: string; serverPort: number; maxConcurrentClientsNumber: number; maxConnectionsForOneClient: number };
  /** Random per page load: the relay's limit on servers per page counts by it. */
  page: string;
}

/** relay → page: listening; `server` names it in accept requests (unguessable: only this page knows it). */
export interface ListeningReply {
  op: 'listening';
  server: string;
  host: string;
  port: number;
}

/** relay → page: the server could not listen; start() rejects with this. */
export interface ListenFailedReply extends Diagnosed {
  op: 'listen-failed';
  code: number;
  message: string;
}

/** relay → page, on a listen leg: a client's handshake waits for the page's decision (an `accept` leg, or `refuse`). */
export interface ConnectionNotice {
  op: 'connection';
  /** The device's id of a client, "ip:port" (WS §6.3). */
  client: string;
  clientIP: string;
  clientPort: number;
}

/** relay → page, on a listen leg: a waiting handshake ended before the page took it (the client left, or it timed out). */
export interface GoneNotice {
  op: 'gone';
  client: string;
}

/** page → relay, on a listen leg: the app's server turned a waiting handshake away (WS §6.2). */
export interface RefuseRequest {
  op: 'refuse';
  client: string;
  /** Why, for the relay's log (at most MAX_WHY_CHARS, one line). */
  why?: string;
}

/** page → relay, on a listen leg: the app called stop(). */
export interface StopRequest {
  op: 'stop';
}

/** relay → page: every client was told, the port is given back. */
export interface StoppedReply {
  op: 'stopped';
}

/** What the relay sends on a listen leg (steps 3 to 5). */
export type ListenReply = ListeningReply | ListenFailedReply | ConnectionNotice | GoneNotice | StoppedReply;

/** page → relay: the leg for one client of a listening server. */
export interface AcceptRequest {
  op: 'accept';
  server: string;
  client: string;
}

/** page → relay: are these certificate files missing for the app? */
export interface FilesRequest {
  op: 'files';
  options: Pick<ConnectOptions, 'caPath' | 'clientCert'>;
}

/** relay → page, the answer to FilesRequest. */
export interface FilesReply {
  op: 'files';
  missing: boolean;
}
