/**
 * The device's limits for a webSocket client (netstack and lws at c7520b36), each once:
 * the wires, the core's argument checks and the relay's webSocket operations read them
 * from here. A server's are in server-limits.ts (a page loads them with its server).
 */

/** WS §4: 5 MiB minus LWS_PRE (16) bytes, the most one send() takes. */
export const MAX_SEND_BYTES = 5 * 1024 * 1024 - 16;

/** WS §4: the longest URL connect() takes, in UTF-8 bytes (a fixed buffer of 8196 with its NUL). */
export const MAX_URL_BYTES = 8195;

/** WS §4: lws cuts a close reason to 123 UTF-8 bytes on the wire (RFC 6455 §5.5: 125 minus the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/** The time the device gives an opening handshake, every phase of it (lws' connect timeout, 20 s). */
export const HANDSHAKE_TIMEOUT_MS = 20_000;
