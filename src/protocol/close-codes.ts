/**
 * The WebSocket close codes (RFC 6455 §7.4.1) this code base sends or reads, each named
 * for what it means: on a relay's legs, on upstream connections and on the page's own
 * WebSocket alike. Which code a device reports in which situation is the namespace's
 * rule (src/web-socket/core); what the codes are is the protocol's.
 */

/** The purpose of the connection is fulfilled; also what a close() without a code sends. */
export const NORMAL_CLOSURE = 1000;
/** An endpoint is going away: a server stopping, a page the browser unloads. */
export const GOING_AWAY = 1001;
/** The peer broke the protocol (ws and lws report an invalid close code so). */
export const PROTOCOL_ERROR = 1002;
/** Reported, never sent: the close frame carried no status. */
export const NO_STATUS_RECEIVED = 1005;
/** Reported, never sent: the connection ended without a close frame (a drop). */
export const ABNORMAL_CLOSURE = 1006;
/** A message broke the receiver's policy (on a leg: the relay protocol). */
export const POLICY_VIOLATION = 1008;
/** A message too big for the receiver's limit. */
export const MESSAGE_TOO_BIG = 1009;
/** The endpoint met a condition it did not expect (on a leg: a fault of the relay). */
export const INTERNAL_ERROR = 1011;
/** Reported, never sent: the TLS handshake failed (a browser reports it for a wss:// drop too). */
export const TLS_HANDSHAKE = 1015;
