import type { Diagnosed } from '../../protocol/relay-protocol.js';
import type { HttpHeaderBlock, HttpMultipartPart, HttpTransferFacts, HttpTransportOptions, HttpWireRequest } from './http-wire.js';

/**
 * http's operation on the dev relay's legs, and its messages: the page's relay wire
 * (src/http/browser/relay-wire.ts) speaks it, the relay's `http` operation
 * (src/http/relay) answers it. Isomorphic; both sides read every message with the
 * parsers of relay-request.ts and relay-replies.ts. Every leg first goes through the
 * steps every operation shares (src/protocol/relay-protocol.ts: the token, step 1; the
 * request, step 2; the end of a leg, Why); the steps below follow. A change here is a
 * change of the protocol: bump RELAY_SUBPROTOCOL when it is incompatible.
 *
 * `http` (HttpRelayRequest): one transfer (HTTP §13.3) at a time on a leg; a leg
 * carries the page's transfers one after another (step 8).
 *
 * 3. The page's request is the HttpWireRequest the core built, without its bytes: the
 *    body's length (`bodyLength`) and each inline multipart part's (`dataLength`) stand
 *    in for them, and `session` names the page's session (its cookie jars, below).
 * 4. The bytes follow as binary messages of at most MAX_BODY_PIECE_BYTES each: the body,
 *    then each inline part's data in order, exactly as many bytes as declared (at most
 *    MAX_UPLOAD_BYTES in all). The relay starts the transfer once it has them all. A
 *    body that does not fit beside the uploads the relay holds already (at most
 *    MAX_HELD_UPLOAD_BYTES over all legs) is `failed` with curl 27 at once, and the
 *    relay ends the leg with 1000.
 * 5. The relay reports the transfer as curl does, in order: `send` (upload progress),
 *    one `headers` per header block (each redirect hop's, the final one), the body as
 *    binary messages (decoded, as curl hands it on; what the engine delivers in one turn
 *    of the event loop goes as one message of at most MAX_BODY_MESSAGE_BYTES, which the
 *    page hands to the core in curl's pieces of at most BODY_PIECE_BYTES) each followed
 *    by the latest `receive` (download progress; requestInStream only, as the device
 *    reports none for request(), HTTP §6), then one `end` (the facts) or `failed` (a curl
 *    code, with a `why` for the developer). After `end` or `failed` the leg stays open (step 8).
 * 6. The page acknowledges body bytes once it has handed them to the core (`ack`, the
 *    total so far). The relay stops reading upstream while more than DATA_WINDOW_BYTES
 *    are unacknowledged, so a slow page slows the server down, as curl's paused write
 *    callback does, instead of filling anyone's memory.
 * 7. The page ends the transfer early (abort: destroy, a limit, the core's timeout) by
 *    closing the leg; the relay then ends everything the transfer opened.
 * 8. After `end` or `failed` the leg is idle: the page may send its next `http` request
 *    on it (steps 3 to 7 again; the same limits, read as strictly as a leg's first
 *    request), so a page's transfers in a row cost one WebSocket handshake, as a
 *    device's reuse one connection. An `ack` of the transfer just ended may still
 *    arrive (it crossed the `end`) and is dropped. The relay waits for the next request
 *    as for a leg's first (handshakeTimeoutMs), then closes the leg with 1000 ("idle"); the page keeps at most MAX_IDLE_LEGS idle legs
 *    per relay, closes each after IDLE_LEG_PAGE_MS (well before the relay would) and
 *    when it is hidden or unloads. A request on a reused leg that closes before any
 *    reply came (the relay closed it as idle, crossing the request) is sent again,
 *    once, on a new leg: the relay had taken none of it.
 *
 * Cookie jars of HttpRequest objects with enableAutoCookie(true) (HTTP §7.4) are the
 * relay's, keyed by the page's session AND the object's id: two pages never share one.
 * The relay forgets a session's jars when the page goes away, or after its last leg has
 * been idle for a while.
 */

/** The page's body arrives in messages of at most this many bytes (the operation's page message limit). */
export const MAX_BODY_PIECE_BYTES = 64 * 1024;

/** The most a page may upload in one transfer (body and inline multipart data): the relay holds it all before it sends. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** The relay holds at most this many upload bytes at once, over all legs (src/http/relay/upload-budget.ts). */
export const MAX_HELD_UPLOAD_BYTES = 256 * 1024 * 1024;

/** The relay's body messages to the page hold at most this many bytes (step 5). */
export const MAX_BODY_MESSAGE_BYTES = 256 * 1024;

/** curl's CURL_MAX_WRITE_SIZE: the device's body chunks are at most this long, so the page hands the core no longer ones (step 5). */
export const BODY_PIECE_BYTES = 16 * 1024;

/**
 * The relay sends at most this many body bytes the page has not acknowledged (step 6).
 * Not the relay's memory (its send buffer has its own bound, the leg's high-water mark)
 * but what may be on the way to the page: in the kernel, in the browser, in its queue.
 * An ack takes the page's thread, the browser and the relay a turn each, which on a busy
 * machine is milliseconds; a window shorter than what the page reads meanwhile pauses
 * the server on every ack (1 MiB: a 10 MiB download at 0.61–0.67 of fetch, paused 24
 * times; 8 MiB: 0.76–0.77, measured in one session by `npm run bench`).
 */
export const DATA_WINDOW_BYTES = 8 * 1024 * 1024;

/** The page acknowledges once it has taken this many bytes since its last `ack` (well inside the window). */
export const ACK_EVERY_BYTES = 256 * 1024;

/** How long the page keeps an idle leg for its next transfer (step 8): well inside the relay's bound (its handshakeTimeoutMs, 20 s by default). */
export const IDLE_LEG_PAGE_MS = 5_000;

/** Idle legs the page keeps per relay (step 8), as a browser keeps a few connections per host. */
export const MAX_IDLE_LEGS = 6;

/** Longest page session id and object id. */
export const MAX_ID_CHARS = 128;

/** Most request headers in a request. */
export const MAX_REQUEST_HEADERS = 1000;

/** Most multipart parts in a request. */
export const MAX_MULTIPART_PARTS = 1000;

/** One multipart part as it travels: its inline data's length instead of the data. */
export type HttpRelayPart = Omit<HttpMultipartPart, 'data'> & { readonly dataLength?: number };

/** page → relay: the request (step 3). */
export interface HttpRelayRequest extends Omit<HttpWireRequest, 'body' | 'transport'> {
  readonly op: 'http';
  /** The page's session: random per page load, the first half of a cookie jar's key. */
  readonly session: string;
  /** Bytes of the body that follow; 0 with `hasBody` false: no body at all. */
  readonly bodyLength: number;
  readonly hasBody: boolean;
  readonly transport: Omit<HttpTransportOptions, 'multipart'> & { readonly multipart?: readonly HttpRelayPart[] };
}

/** page → relay: body bytes taken, in all (step 6). */
export interface AckMessage {
  readonly op: 'ack';
  readonly bytes: number;
}

/** relay → page: upload progress. */
export interface SendReply {
  readonly op: 'send';
  readonly sent: number;
  readonly total: number;
}

/** relay → page: one header block. */
export interface HeadersReply extends HttpHeaderBlock {
  readonly op: 'headers';
}

/** relay → page: download progress. */
export interface ReceiveReply {
  readonly op: 'receive';
  readonly received: number;
  readonly total: number;
}

/** relay → page: the transfer ended well. */
export interface EndReply {
  readonly op: 'end';
  readonly facts: HttpTransferFacts;
}

/** relay → page: the transfer failed with this curl code. */
export interface FailedReply extends Diagnosed {
  readonly op: 'failed';
  readonly code: number;
  readonly extendInfo?: Readonly<Record<string, string>>;
}

export type HttpRelayReply = SendReply | HeadersReply | ReceiveReply | EndReply | FailedReply;
