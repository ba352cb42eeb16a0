/**
 * The wire contract between the browser's relay transport and the Node dev relay.
 * Isomorphic: no DOM, no node:, no dependencies. Both sides import it, so a change
 * here is a change of the protocol: bump RELAY_SUBPROTOCOL when it is incompatible.
 *
 * One relay leg (a WebSocket from the page to the relay) carries exactly one
 * operation, named by the `op` of the page's first message (its request). Every leg
 * shares steps 1 and 2 and the relay's refusals; what follows the request is the
 * operation's. The operations:
 * - `connect`: one device connection (webSocket.createWebSocket().connect()), below;
 * - `listen` and `accept`: a WebSocketServer of the app, listening in the relay (below);
 * - `files` (FilesRequest): whether the certificate files a connect would name are
 *   missing in the relay's sandbox, answered once (FilesReply), then the relay closes
 *   the leg with 1000. The device checks them before a connection's state and URL
 *   (WS §4), so a connect that is refused for one of those asks first.
 *
 * The leg (every operation):
 *
 * 1. The page opens the leg with two subprotocols: RELAY_SUBPROTOCOL and
 *    `${TOKEN_PROTOCOL_PREFIX}<token>`. The token travels in the handshake, never in
 *    the URL, so it stays out of access logs. The relay answers with RELAY_SUBPROTOCOL
 *    only, and refuses the upgrade (401/403) before it completes when the token, the
 *    Origin or the Host is wrong.
 * 2. The page's first message is its request: a text frame of at most
 *    MAX_CONTROL_MESSAGE_BYTES holding a JSON object whose string `op` names the
 *    operation. The relay refuses anything else, an unknown op included, and a request
 *    that does not come within the relay's handshakeTimeoutMs, by closing the leg
 *    with 1008 and a reason; a fault of the relay itself closes it with 1011.
 *
 * `connect` (ConnectRequest):
 *
 * 3. The relay answers with text frames holding RelayReply messages (JSON):
 *    `accepted` (local checks passed: connect() resolves) or `rejected` (connect()
 *    rejects with that code), then `opened` or `failed`. After `rejected` or `failed`
 *    the relay closes the leg with 1000. handshakeTimeoutMs bounds the way from the
 *    upgrade to `opened` or `failed`. `rejected` and `failed` carry the relay's reason
 *    in `why` (see Why): for the developer, on a side channel, never for the app.
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
 *    - a leg close with PAGE_GOING_AWAY (1001) is the browser's own: Chromium closes
 *      every WebSocket of a document that goes away with 1001 and no reason (a reload,
 *      which Vite's HMR does on every edit, a navigation, a removed frame, a closed tab,
 *      even a crashed renderer, whose sockets its network service closes), and app code
 *      cannot send it (encodeCloseCode never yields it, and WHATWG close() refuses it).
 *      The relay closes the upstream with 1001 and an empty reason, exactly what the
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
 *    code, `why` says why, see Why) and closes the leg with 1000.
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
 *    other end of the leg (a drop, the app's server ended at once) drops every client
 *    without a close frame and gives the port back. The page sends nothing but `stop`
 *    and `refuse` on this leg: anything else closes it with 1008.
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
 *
 * Why (the `why` of `rejected`, `failed` and `listen-failed`): what the relay saw, for
 * the developer, e.g. "connect ECONNREFUSED 127.0.0.1:1234", a TLS error, "server
 * answered 403 instead of 101", a proxy's refusal, a certificate file missing in the
 * sandbox, a phase that timed out. The page hands it on a side channel (a
 * `ohos-netkit:diagnostic` event and a console.debug line), never to app code, whose
 * events and errors are the device's alone. It is one line (no CR, LF or other control
 * character) of at most MAX_WHY_CHARS characters, and never holds the relay's token or
 * the contents of a file. A target the outbound policy refuses is told as
 * OUTBOUND_POLICY_REFUSAL and nothing more: how the relay judged it (what a name
 * resolves to, where a redirect pointed) is the relay's to know. Optional: a relay may
 * leave it out, and a page ignores a `why` that is not a string.
 */

/** The subprotocol that names this protocol version. */
export const RELAY_SUBPROTOCOL = 'ohos-netkit.relay.v2';

/** Prefix of the subprotocol value that carries the relay's per-run token. */
export const TOKEN_PROTOCOL_PREFIX = 'ohos-netkit.token.';

/** Largest ConnectRequest the relay reads, in UTF-8 bytes. */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;

/** Longest `why` of a reply, in UTF-16 code units (see Why above). */
export const MAX_WHY_CHARS = 300;

/** The whole `why` of a target the relay's outbound policy refuses. */
export const OUTBOUND_POLICY_REFUSAL = "refused by the relay's outbound policy";

/**
 * The close code a browser puts on every WebSocket of a page it unloads ("going away",
 * RFC 6455 §7.4.1): on a leg, the page navigated away or reloaded (step 5).
 */
export const PAGE_GOING_AWAY = 1001;

/**
 * Leg close codes for device codes 1001–1015, which a browser may not send
 * (WHATWG close() takes 1000 and 3000–4999 only). 1000 travels as itself.
 * Only OH-normalised codes (1000–1015) ever travel page → relay, so this range
 * cannot collide with an application's own codes on this leg.
 */
export const LEG_CLOSE_CODE_BASE = 4000;

/** Device close code (1000–1015) → code the page puts on the leg. */
export function encodeCloseCode(code: number): number {
  return code === 1000 ? 1000 : LEG_CLOSE_CODE_BASE + (code - 1000);
}

/** Leg close code from the page → device close code, or undefined when not one of ours. */
export function decodeCloseCode(legCode: number): number | undefined {
  if (legCode === 1000) return 1000;
  const code = legCode - LEG_CLOSE_CODE_BASE + 1000;
  return code >= 1001 && code <= 1015 ? code : undefined;
}

/**
 * The device options the relay honours, as the page passes them (already type-checked
 * there). JSON turns NaN and ±Infinity into null; the relay reads null in
 * minSupportTlsProtocol, pingInterval and pongTimeout as 0, the device's uint32 of NaN.
 */
export interface RelayConnectOptions {
  header?: Record<string, string>;
  caPath?: string;
  clientCert?: { certPath: string; keyPath: string; keyPassword?: string };
  proxy?: 'system' | 'no-proxy' | { host: string; port: number; exclusionList: string[] };
  protocol?: string;
  skipServerCertVerification?: boolean;
  minSupportTlsProtocol?: number;
  pingInterval?: number;
  pongTimeout?: number;
  supportOriginPort?: boolean;
}

/** page → relay, the first and only control message. */
export interface ConnectRequest {
  op: 'connect';
  url: string;
  options: RelayConnectOptions;
}

/** relay → page: the request passed the relay's checks; the upstream connection is being opened. */
export interface AcceptedReply {
  op: 'accepted';
}

/** relay → page: the request was refused before any upstream traffic (connect() rejects with this). */
export interface RejectedReply {
  op: 'rejected';
  code: number;
  message: string;
  /** Why the relay refused it, for the developer (see Why); never part of the app's error. */
  why?: string;
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
export interface FailedReply {
  op: 'failed';
  /**
   * HTTP status of a refused upgrade as a decimal string, "0" when there was none,
   * "101" when a 101 response failed validation (a subprotocol that was not offered, a
   * bad accept), as lws reports it.
   */
  status: string;
  /** What the relay saw fail, for the developer (see Why); never part of the app's error event. */
  why?: string;
}

export type RelayReply = AcceptedReply | RejectedReply | OpenedReply | FailedReply;

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
export interface ListenFailedReply {
  op: 'listen-failed';
  code: number;
  message: string;
  /** Why the relay could not listen, for the developer (see Why); never part of the app's error. */
  why?: string;
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

/** page → relay: the leg for one client of a listening server. */
export interface AcceptRequest {
  op: 'accept';
  server: string;
  client: string;
}

/** page → relay: are these certificate files missing for the app? */
export interface FilesRequest {
  op: 'files';
  options: Pick<RelayConnectOptions, 'caPath' | 'clientCert'>;
}

/** relay → page, the answer to FilesRequest. */
export interface FilesReply {
  op: 'files';
  missing: boolean;
}
