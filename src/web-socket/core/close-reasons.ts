/** The close reasons a device's client reports or sends itself, each once (a server's stop(): server-limits.ts). */

/** WS §3.4: the reason reported for every ending that carries none (a drop, a close frame without a reason). */
export const LINK_DOWN = 'The link is down';

/** WS §4: what close() sends without a reason, the client's and the server's alike (WS §9.14). */
export const DEFAULT_CLOSE_REASON = 'CLOSE_NORMAL';
